import { z } from 'zod';
import {
  usersFileCheckOutcomeSchema,
  usersFileCheckStartSchema,
  usersImportStartSchema,
  usersOutcomeSchema,
  usersUndoStartSchema,
} from './bulk/users-ops';
import { downloadOutcomeSchema } from './downloads';
import { publishOutcomeSchema, publishStartSchema } from './publish';
import { requestSpecSchema } from './request';
import { runOutcomeSchema, runStartSchema } from './run';
import { jobsFollowOutcomeSchema, jobsFollowStartSchema } from './siteops/jobs';
import { permissionsAuditOutcomeSchema, permissionsAuditStartSchema } from './siteops/permissions';
import {
  connectionListOutcomeSchema,
  connectionListStartSchema,
  connectionRotationOutcomeSchema,
  connectionRotationStartSchema,
} from './siteops/connections';

/**
 * Long-running work (DESIGN.md §10): fetch-all today; publishing, bulk rows, collection runs and
 * Metadata paging are further kinds of the same thing. Every kind starts, reports one progress
 * event, can be cancelled (what finished is kept), ends with per-item results, and can retry
 * only its failed items.
 */
const id = z.string().min(1).max(200);

/** How each kind is started; the union grows by one member per kind. */
export const operationStartSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('fetchAll'),
    spec: requestSpecSchema,
    /** Pages in flight at once (1–10). */
    concurrency: z.number().int().min(1).max(10).default(4),
    /** Page size to ask for; when absent fetch-all asks for Tableau's maximum, 1000. */
    pageSize: z.number().int().min(1).max(1000).optional(),
  }),
  runStartSchema,
  z.object({
    /** Metadata API fetch-all: follows the query's top …Connection (cursors, or offsets at once). */
    kind: z.literal('metadataFetchAll'),
    spec: requestSpecSchema,
    /** Pages in flight at once when the connection allows `offset` (1–10); cursors go one by one. */
    concurrency: z.number().int().min(1).max(10).default(4),
    /** First page size; when absent the query's own `first`, else 1000. Lowered on the node limit. */
    pageSize: z.number().int().min(1).max(1000).optional(),
    /** `cursor` forces one page after another, following `endCursor`. */
    paging: z.enum(['auto', 'cursor']).default('auto'),
  }),
  publishStartSchema,
  usersImportStartSchema,
  usersUndoStartSchema,
  usersFileCheckStartSchema,
  jobsFollowStartSchema,
  permissionsAuditStartSchema,
  connectionRotationStartSchema,
  connectionListStartSchema,
]);
export type OperationStart = z.infer<typeof operationStartSchema>;
export type OperationStartInput = z.input<typeof operationStartSchema>;
export type OperationKind = OperationStart['kind'];

export const operationStateSchema = z.enum([
  /** Still working. */
  'running',
  /** Every item ok (or skipped on purpose). */
  'succeeded',
  /** Ended, some items failed: they can be retried alone. */
  'partial',
  /** Could not run at all (e.g. no session); `error` says why. */
  'failed',
  /** Stopped by the user; what finished is kept. */
  'cancelled',
]);
export type OperationState = z.infer<typeof operationStateSchema>;

/** One unit of an operation's work: a page, a file chunk, a CSV row, a request of a run. */
export const operationItemSchema = z.object({
  /** Stable within the operation, e.g. `page:3` or `row:17`. */
  key: z.string(),
  /** In the user's words, e.g. "Page 3 (items 2,001–3,000)". */
  label: z.string(),
  state: z.enum(['ok', 'failed', 'skipped']),
  /** Tableau's error code (e.g. 401002) or an engine code, when failed. */
  code: z.string().optional(),
  message: z.string().optional(),
});
export type OperationItem = z.infer<typeof operationItemSchema>;

export const operationProgressSchema = z.object({
  /** Items finished (ok, failed or skipped) and the total when known. */
  done: z.number().int(),
  total: z.number().int().nullable(),
  /** What an item is, plural, for the progress line: "pages", "rows", "chunks". */
  unit: z.string(),
  bytes: z.object({ done: z.number(), total: z.number().nullable() }).nullable(),
  /** Items per second since the start (or the retry). */
  ratePerSecond: z.number().nullable(),
  etaMs: z.number().nullable(),
  /** A short status line, e.g. "12,000 of 100,000 users". */
  status: z.string(),
});
export type OperationProgress = z.infer<typeof operationProgressSchema>;

export const operationCountsSchema = z.object({
  ok: z.number().int(),
  failed: z.number().int(),
  skipped: z.number().int(),
});

/** Fetch-all's outcome: the merged list (in the response store) and what is missing from it. */
export const fetchAllOutcomeSchema = z.object({
  kind: z.literal('fetchAll'),
  responseId: z.string().nullable(),
  listPath: z.string().nullable(),
  items: z.number().int(),
  pages: z.number().int(),
  pageSize: z.number().int(),
  totalAvailable: z.number().int(),
  /** Items the server has that the merged list lacks, and the pages that would bring them. */
  missing: z.object({
    items: z.number().int(),
    pages: z.array(
      z.object({
        pageNumber: z.number().int(),
        fromItem: z.number().int(),
        toItem: z.number().int(),
        message: z.string(),
      }),
    ),
  }),
  totalChanged: z.object({ from: z.number().int(), to: z.number().int() }).nullable(),
  /** Set when fetch-all stopped at its page limit rather than at the end of the list. */
  limitReached: z.string().nullable(),
});
export type FetchAllOutcome = z.infer<typeof fetchAllOutcomeSchema>;

/** Metadata fetch-all's outcome: the merged nodes (in the response store) and what is missing. */
export const metadataFetchAllOutcomeSchema = z.object({
  kind: z.literal('metadataFetchAll'),
  responseId: z.string().nullable(),
  /** Where the merged nodes sit, e.g. `workbooksConnection.nodes`. */
  listPath: z.string().nullable(),
  /** The connection followed, e.g. `workbooksConnection`. */
  field: z.string(),
  items: z.number().int(),
  pages: z.number().int(),
  /** `offset`: pages fetched at once once totalCount was known; `cursor`: one after another. */
  paging: z.enum(['offset', 'cursor']),
  firstPageSize: z.number().int(),
  /** The page size at the end: lower than the first when the node limit was hit. */
  pageSize: z.number().int(),
  totalCount: z.number().int().nullable(),
  /** Times the node limit cut a page (each time the page size was lowered and the page asked again). */
  nodeLimitHits: z.number().int(),
  /** Times RATE_EXCEEDED (or 429) was waited out. */
  rateLimitWaits: z.number().int(),
  missing: z.object({
    items: z.number().int(),
    ranges: z.array(
      z.object({ fromItem: z.number().int(), toItem: z.number().int(), message: z.string() }),
    ),
  }),
  /** Warnings the server sent beside complete data (BACKFILL_RUNNING…), once each. */
  warnings: z.array(z.string()),
  limitReached: z.string().nullable(),
});
export type MetadataFetchAllOutcome = z.infer<typeof metadataFetchAllOutcomeSchema>;

export const operationOutcomeSchema = z.discriminatedUnion('kind', [
  fetchAllOutcomeSchema,
  runOutcomeSchema,
  metadataFetchAllOutcomeSchema,
  publishOutcomeSchema,
  downloadOutcomeSchema,
  usersOutcomeSchema,
  usersFileCheckOutcomeSchema,
  jobsFollowOutcomeSchema,
  permissionsAuditOutcomeSchema,
  connectionRotationOutcomeSchema,
  connectionListOutcomeSchema,
]);
export type OperationOutcome = z.infer<typeof operationOutcomeSchema>;

export const operationSnapshotSchema = z.object({
  operationId: z.string(),
  kind: z.string(),
  connectionId: z.string(),
  /** E.g. "Fetch all: GET /api/3.29/sites/…/users". */
  title: z.string(),
  state: operationStateSchema,
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  elapsedMs: z.number(),
  progress: operationProgressSchema,
  counts: operationCountsSchema,
  /** Whether `operations:retryFailed` can run now. */
  canRetry: z.boolean(),
  /** Why the operation could not run (state `failed`). */
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  outcome: operationOutcomeSchema.nullable(),
  /** Per-item results; `operations:list` leaves them out (`null`), `operations:get` has them. */
  items: z.array(operationItemSchema).nullable(),
});
export type OperationSnapshot = z.infer<typeof operationSnapshotSchema>;

/** The one progress event: sent while running (throttled) and once when the state changes. */
export const operationProgressEventSchema = z.object({
  operationId: z.string(),
  kind: z.string(),
  state: operationStateSchema,
  progress: operationProgressSchema,
  counts: operationCountsSchema,
});
export type OperationProgressEvent = z.infer<typeof operationProgressEventSchema>;

export const operationStartOptionsSchema = z
  .object({
    /** Chosen by the caller, so progress can be matched before `start` answers. */
    operationId: id.optional(),
  })
  .optional();
