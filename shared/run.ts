import { z } from 'zod';
import { collectionFolderSchema } from './documents';

/**
 * Collection runs (issue 12): the requests of a collection or folder in order, variables and
 * captures flowing between steps, one pass per row of iteration data. A run is an operation
 * (DESIGN.md §10) whose items are steps (`row:R/step:S`).
 */

export const runOptionsSchema = z.object({
  /** Pause between one step and the next within a row. */
  delayMs: z.number().int().min(0).max(600_000).default(0),
  /** Stop the whole run at the first failed step (the rest are skipped). */
  bail: z.boolean().default(false),
  /** Rows run at once; a row's own steps always run one after another. */
  concurrency: z.number().int().min(1).max(10).default(1),
});
export type RunOptions = z.infer<typeof runOptionsSchema>;

/** Iteration data as the user gave it: parsed (with line numbers in errors) by the engine. */
export const runDataSchema = z.object({
  format: z.enum(['csv', 'json']),
  text: z.string().max(50_000_000),
  /** Shown in messages: the file's name, or "pasted data". */
  name: z.string().max(500).default('data'),
});

export const runSourceSchema = z.discriminatedUnion('from', [
  /** A saved collection, or one of its folders (by id, at any depth). */
  z.object({
    from: z.literal('saved'),
    collectionId: z.string().min(1),
    folderId: z.string().optional(),
  }),
  /** A collection given whole (the CLI's collection file). */
  z.object({
    from: z.literal('inline'),
    collection: collectionFolderSchema,
    folderId: z.string().optional(),
  }),
]);
export type RunSource = z.infer<typeof runSourceSchema>;

export const runStartSchema = z.object({
  kind: z.literal('run'),
  source: runSourceSchema,
  data: runDataSchema.optional(),
  /** Variables given for the run itself (`--env NAME=VALUE`), under the iteration row. */
  variables: z.record(z.string(), z.string()).default({}),
  /** Secret variables for the run (`--secret-env NAME=ENVVAR`): masked in every result and report. */
  secretVariables: z.record(z.string(), z.string()).default({}),
  options: runOptionsSchema.default({ delayMs: 0, bail: false, concurrency: 1 }),
});
export type RunStart = z.infer<typeof runStartSchema>;

export const stepResultSchema = z.object({
  /** 1-based; 1 when the run has no iteration data. */
  row: z.number().int(),
  step: z.number().int(),
  requestId: z.string(),
  name: z.string(),
  /** Folder names from the run's root down to the request's folder. */
  folder: z.array(z.string()),
  method: z.string(),
  /** The URL as sent, secrets masked; null when nothing was sent. */
  url: z.string().nullable(),
  status: z.number().int().nullable(),
  totalMs: z.number().nullable(),
  state: z.enum(['passed', 'failed', 'skipped']),
  /** Variables this step set ("project-id = 3c1…"), secrets masked. */
  captures: z.array(
    z.object({ name: z.string(), value: z.string().nullable(), message: z.string().nullable() }),
  ),
  assertions: z.array(
    z.object({ label: z.string(), passed: z.boolean(), message: z.string().nullable() }),
  ),
  /** Why the step failed or was skipped: a Tableau error (code, summary, explanation) or ours. */
  error: z
    .object({
      code: z.string(),
      message: z.string(),
      explanation: z.string().optional(),
    })
    .nullable(),
});
export type StepResult = z.infer<typeof stepResultSchema>;

export const runOutcomeSchema = z.object({
  kind: z.literal('run'),
  name: z.string(),
  rows: z.number().int(),
  steps: z.number().int(),
  passed: z.number().int(),
  failed: z.number().int(),
  skipped: z.number().int(),
  results: z.array(stepResultSchema),
});
export type RunOutcome = z.infer<typeof runOutcomeSchema>;
