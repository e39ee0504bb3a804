import { z } from 'zod';
import { variableSchema } from './variables';

/**
 * Globals and connection environments as the renderer sees and edits them (issue 12). The
 * renderer never gets a secret's value: a secret comes with an empty value and where its value
 * is held; an edit either gives a new value or keeps the held one.
 */

/** Which stored scope: the globals, or one connection's environment. */
export const variableTargetSchema = z.discriminatedUnion('scope', [
  z.object({ scope: z.literal('global') }),
  z.object({ scope: z.literal('connection'), connectionId: z.string().min(1).max(200) }),
]);
export type VariableTarget = z.infer<typeof variableTargetSchema>;

export const variableViewSchema = variableSchema.extend({
  /**
   * Secrets only: `stored` (ciphertext on disk, where the OS protects the key), `session` (in
   * the engine's memory until Trestle quits), `unset` (no value yet: a request using it is not
   * sent).
   */
  held: z.enum(['stored', 'session', 'unset']).optional(),
});
export type VariableView = z.infer<typeof variableViewSchema>;

export const variablesViewSchema = z.object({
  globals: z.array(variableViewSchema),
  environments: z.record(z.string(), z.array(variableViewSchema)),
  /**
   * Whether a secret value can be stored on disk here (Electron with an OS-protected key, or
   * the user's opt-in); false in the web host, which never stores secrets.
   */
  secretsPersist: z.boolean(),
});
export type VariablesView = z.infer<typeof variablesViewSchema>;

/** One row of an edited scope, as `variables:put` takes it. */
export const variableEditSchema = variableSchema.extend({
  /**
   * For a secret left as it was: the name it had before this edit (it may have been renamed),
   * whose held value it keeps. Absent: `value` is the new value ('' leaves it unset).
   */
  keepValueOf: z.string().min(1).max(200).optional(),
});
export type VariableEdit = z.infer<typeof variableEditSchema>;

/** Sets one variable (Set as variable…, a capture with a lasting scope). */
export const variableSetSchema = z.object({
  name: variableSchema.shape.name,
  value: z.string().max(1_000_000),
  /** Only for a variable not there yet; an existing one keeps its own. */
  secret: z.boolean().optional(),
});
export type VariableSet = z.infer<typeof variableSetSchema>;

/** Names in a list that appear more than once (the resolver would only ever see the first). */
export function duplicateNames(variables: readonly { name: string }[]): string[] {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const { name } of variables) (seen.has(name) ? twice : seen).add(name);
  return [...twice];
}
