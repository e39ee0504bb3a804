import { z } from 'zod';
import type { RequestSpec } from './request';

/**
 * `{{name}}` variables (DESIGN.md §11): one resolver for the UI, the runner, the exporters and
 * the code generators. Scopes, innermost first: a run's iteration row → collection (folder)
 * variables → the connection's environment → globals. `{name}` placeholders are Tableau path
 * parameters and are not touched here.
 */
export const variableScopes = ['iteration', 'collection', 'connection', 'global'] as const;
export type VariableScope = (typeof variableScopes)[number];

/** Names as Postman and Bruno allow them, minus braces and whitespace at the ends. */
export const VARIABLE_NAME = /^[^{}\s](?:[^{}]*[^{}\s])?$/;

export const variableSchema = z.object({
  name: z.string().min(1).max(200).regex(VARIABLE_NAME, 'A variable name cannot hold braces.'),
  /** Empty for a secret whose value lives in the secret store (or only in memory). */
  value: z.string().max(1_000_000).default(''),
  secret: z.boolean().default(false),
  enabled: z.boolean().default(true),
});
export type Variable = z.infer<typeof variableSchema>;

export interface VariableLayer {
  scope: VariableScope;
  /** In the user's words: "Production", "Folder “Onboarding”", "Globals", "row 3". */
  label: string;
  variables: readonly Variable[];
}

/** Where a name was found, for hovers and the resolved-URL line. */
export interface VariableHit {
  name: string;
  value: string;
  scope: VariableScope;
  label: string;
  secret: boolean;
}

const REFERENCE = /\{\{\s*([^{}]+?)\s*\}\}/g;

/** The `{{names}}` a text refers to, in order, without duplicates. */
export function variableNames(text: string): string[] {
  const names: string[] = [];
  for (const match of text.matchAll(REFERENCE)) if (!names.includes(match[1])) names.push(match[1]);
  return names;
}

/** The innermost enabled definition of `name`, or null. */
export function lookupVariable(name: string, layers: readonly VariableLayer[]): VariableHit | null {
  for (const layer of layers) {
    for (const variable of layer.variables) {
      if (variable.enabled && variable.name === name) {
        return {
          name,
          value: variable.value,
          scope: layer.scope,
          label: layer.label,
          secret: variable.secret,
        };
      }
    }
  }
  return null;
}

export interface ResolveOptions {
  /**
   * How a secret is written out: `value` (sending), `mask` (showing: `••••••`), or `keep`
   * (`{{name}}` left in place, for history, exports and generated code).
   */
  secrets?: 'value' | 'mask' | 'keep';
}

export interface Resolution {
  text: string;
  hits: VariableHit[];
  /** Names referred to and defined nowhere (or only disabled). */
  unresolved: string[];
}

export const SECRET_MASK = '••••••';

/**
 * Replaces each `{{name}}` with its innermost value. One pass: a value that itself holds
 * `{{…}}` is written as it is, so a value can never pull in another variable (or a secret).
 */
export function resolveText(
  text: string,
  layers: readonly VariableLayer[],
  options: ResolveOptions = {},
): Resolution {
  const hits: VariableHit[] = [];
  const unresolved: string[] = [];
  const secrets = options.secrets ?? 'value';
  const out = text.replace(REFERENCE, (whole, name: string) => {
    const hit = lookupVariable(name, layers);
    if (!hit) {
      if (!unresolved.includes(name)) unresolved.push(name);
      return whole;
    }
    if (!hits.some((h) => h.name === name)) hits.push(hit);
    if (hit.secret && secrets === 'mask') return SECRET_MASK;
    if (hit.secret && secrets === 'keep') return whole;
    return hit.value;
  });
  return { text: out, hits, unresolved };
}

/**
 * A spec with variables resolved everywhere they may appear: path, path values, query, headers,
 * body (a GraphQL request's variables box too).
 */
export interface SpecResolution {
  spec: RequestSpec;
  hits: VariableHit[];
  unresolved: string[];
  /** Where each unresolved name appears, in the user's words ("path", "query pageSize", "body"). */
  where: Record<string, string[]>;
}

export function resolveSpec(
  spec: RequestSpec,
  layers: readonly VariableLayer[],
  options: ResolveOptions = {},
): SpecResolution {
  const hits: VariableHit[] = [];
  const unresolved: string[] = [];
  const where: Record<string, string[]> = {};
  const one = (text: string, place: string): string => {
    const r = resolveText(text, layers, options);
    for (const h of r.hits) if (!hits.some((x) => x.name === h.name)) hits.push(h);
    for (const name of r.unresolved) {
      if (!unresolved.includes(name)) unresolved.push(name);
      const places = (where[name] ??= []);
      if (!places.includes(place)) places.push(place);
    }
    return r.text;
  };
  const resolved: RequestSpec = {
    ...spec,
    path: one(spec.path, 'path'),
    pathParams: Object.fromEntries(
      Object.entries(spec.pathParams).map(([k, v]) => [k, one(v, `{${k}}`)]),
    ),
    query: spec.query.map((q) =>
      q.enabled
        ? { ...q, name: one(q.name, `query ${q.name}`), value: one(q.value, `query ${q.name}`) }
        : q,
    ),
    headers: spec.headers.map((h) =>
      h.enabled
        ? { ...h, name: one(h.name, `header ${h.name}`), value: one(h.value, `header ${h.name}`) }
        : h,
    ),
    body:
      spec.body.kind === 'none'
        ? spec.body
        : spec.body.kind === 'graphql'
          ? {
              ...spec.body,
              text: one(spec.body.text, 'body'),
              variables: one(spec.body.variables, 'GraphQL variables'),
            }
          : { ...spec.body, text: one(spec.body.text, 'body') },
  };
  return { spec: resolved, hits, unresolved, where };
}

/** "Unresolved {{project-id}} (path), {{row}} (body)": for the message that blocks Send. */
export function describeUnresolved(
  resolution: Pick<SpecResolution, 'unresolved' | 'where'>,
): string {
  return resolution.unresolved
    .map(
      (name) =>
        `{{${name}}}${resolution.where[name] ? ` (${resolution.where[name].join(', ')})` : ''}`,
    )
    .join(', ');
}
