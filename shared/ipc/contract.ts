import { z } from 'zod';
import { connectionInputSchema, connectionSchema, sessionInfoSchema } from '../connection';
import {
  collectionsDocSchema,
  historyEntrySchema,
  settingsSchema,
  workspaceDocSchema,
} from '../documents';
import {
  operationProgressEventSchema,
  operationSnapshotSchema,
  operationStartOptionsSchema,
  operationStartSchema,
} from '../operations';
import { requestSpecSchema, responseSummarySchema } from '../request';
import { usersFileSliceRequestSchema, usersFileSliceSchema } from '../bulk/users-ops';
import { downloadStartSchema } from '../downloads';
import {
  followedJobSchema,
  jobRowSchema,
  jobsQuerySchema,
  refreshableSchema,
} from '../siteops/jobs';
import { assertionSchema, captureSchema } from '../captures';
import {
  variableEditSchema,
  variableSetSchema,
  variablesViewSchema,
  variableTargetSchema,
} from '../environments';

/**
 * Every IPC channel, declared once: `domain:action` → argument tuple schema → result schema.
 * Main parses arguments with these schemas (the renderer is the untrusted side); both sides
 * derive their types from here, so they cannot drift.
 */
const id = z.string().min(1).max(200);

/** The quick filter over the table (`shared/table-view.ts`): the text and the visible columns. */
export const quickFilterSchema = z.object({
  text: z.string().max(1000),
  columns: z.array(z.string().min(1).max(500)).max(2000),
});

const itemSortSchema = z.object({
  /** A dotted column as the table names it, e.g. `owner.id`. */
  key: z.string().min(1).max(500),
  direction: z.enum(['asc', 'desc']),
});

/**
 * What an export takes from the table: its order, its filter and its visible columns, in the
 * order shown. Absent: everything, every field, in the order the server returned.
 */
export const exportViewSchema = z.object({
  sort: itemSortSchema.optional(),
  filter: quickFilterSchema.optional(),
  columns: z.array(z.string().min(1).max(500)).min(1).max(2000),
});
export type ExportView = z.infer<typeof exportViewSchema>;

export const sliceRequestSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('items'),
    start: z.number().int().min(0),
    end: z.number().int().min(0),
    /** Items in this order (main sorts once and keeps the order); absent: as received. */
    sort: itemSortSchema.optional(),
    /** Only the items the table's quick filter keeps; `total` is then how many match. */
    filter: quickFilterSchema.optional(),
  }),
  z.object({
    kind: z.literal('bytes'),
    start: z.number().int().min(0),
    end: z.number().int().min(0),
  }),
  z.object({
    kind: z.literal('lines'),
    start: z.number().int().min(0),
    end: z.number().int().min(0),
  }),
]);
export type SliceRequest = z.infer<typeof sliceRequestSchema>;
export const sliceResultSchema = z.object({
  kind: z.enum(['items', 'bytes', 'lines']),
  start: z.number().int(),
  end: z.number().int(),
  total: z.number().int(),
  items: z.array(z.unknown()).optional(),
  text: z.string().optional(),
});
export type SliceResult = z.infer<typeof sliceResultSchema>;

export const channels = {
  'app:info': {
    args: z.tuple([]),
    result: z.object({
      version: z.string(),
      host: z.enum(['electron', 'web']),
      /** Store files found unreadable at start, moved aside (kept) — tell the user once. */
      storeProblems: z
        .array(z.object({ file: z.string(), movedTo: z.string(), reason: z.string() }))
        .optional(),
    }),
  },
  'connections:list': { args: z.tuple([]), result: z.array(connectionSchema) },
  'connections:save': { args: z.tuple([connectionInputSchema]), result: connectionSchema },
  'connections:delete': { args: z.tuple([id]), result: z.null() },
  'session:signIn': {
    args: z.tuple([id, z.object({ secret: z.string().max(20_000).optional() }).optional()]),
    result: sessionInfoSchema,
  },
  'session:signOut': { args: z.tuple([id]), result: z.null() },
  'session:switchSite': { args: z.tuple([id, z.string().max(200)]), result: sessionInfoSchema },
  'session:list': { args: z.tuple([]), result: z.array(sessionInfoSchema) },
  'request:send': {
    args: z.tuple([id, requestSpecSchema, z.object({ requestId: id }).optional()]),
    result: responseSummarySchema,
  },
  'request:cancel': { args: z.tuple([id]), result: z.boolean() },
  'response:slice': { args: z.tuple([id, sliceRequestSchema]), result: sliceResultSchema },
  'response:release': { args: z.tuple([id]), result: z.null() },
  /**
   * A tab's answer again after a reload: from the response store while main still holds it,
   * else from the history entry that kept it; `response.notFound` when neither has it.
   */
  'response:reopen': {
    args: z.tuple([z.object({ responseId: id.optional(), historyEntryId: id.optional() })]),
    result: responseSummarySchema,
  },
  /** Starts long-running work (fetch-all…) and answers at once with its first snapshot. */
  'operations:start': {
    args: z.tuple([id, operationStartSchema, operationStartOptionsSchema]),
    result: operationSnapshotSchema,
  },
  /** Answers when the operation is no longer running, with its final snapshot. */
  'operations:wait': { args: z.tuple([id]), result: operationSnapshotSchema },
  'operations:get': { args: z.tuple([id]), result: operationSnapshotSchema },
  /** The running and recent operations, newest first, without per-item results. */
  'operations:list': { args: z.tuple([]), result: z.array(operationSnapshotSchema) },
  /** Cancels; what finished is kept. False when it was not running. */
  'operations:cancel': { args: z.tuple([id]), result: z.boolean() },
  /** Runs only the failed items again; answers at once with the running snapshot. */
  'operations:retryFailed': { args: z.tuple([id]), result: operationSnapshotSchema },
  /** Rows of a users file main has checked (`usersFileCheck`), a slice at a time. */
  'bulk:usersFileRows': {
    args: z.tuple([id, usersFileSliceRequestSchema]),
    result: usersFileSliceSchema,
  },
  'export:save': {
    args: z.tuple([id, z.enum(['json', 'csv']), exportViewSchema.optional()]),
    /** Electron writes the file the user picked; the web host returns a download URL. */
    result: z.object({
      path: z.string().nullable(),
      downloadUrl: z.string().nullable(),
      rows: z.number().int(),
    }),
  },
  'collections:get': { args: z.tuple([]), result: collectionsDocSchema },
  'collections:put': { args: z.tuple([collectionsDocSchema]), result: z.null() },
  'history:list': { args: z.tuple([]), result: z.array(historyEntrySchema) },
  'history:clear': { args: z.tuple([]), result: z.null() },
  /**
   * Reopens an entry with its stored response (kept in the response store, sliced like a live
   * one); `history.bodyNotKept` when the body was not kept (over 256 KB, or dropped for room).
   */
  'history:open': { args: z.tuple([id]), result: responseSummarySchema },
  /** The open tabs (requests, never responses), restored at start. */
  'workspace:get': { args: z.tuple([]), result: workspaceDocSchema },
  'workspace:put': { args: z.tuple([workspaceDocSchema]), result: z.null() },
  /**
   * Globals and every connection's environment (issue 12); a secret comes with an empty value
   * and where its value is held, never the value itself.
   */
  'variables:get': { args: z.tuple([]), result: variablesViewSchema },
  /** Replaces one scope's variables; answers with everything, as `variables:get`. */
  'variables:put': {
    args: z.tuple([variableTargetSchema, z.array(variableEditSchema).max(1000)]),
    result: variablesViewSchema,
  },
  /** Sets one variable (Set as variable…, a capture into a lasting scope). */
  'variables:set': {
    args: z.tuple([variableTargetSchema, variableSetSchema]),
    result: variablesViewSchema,
  },
  /** A request's captures and assertions read against a response it got, whole body included. */
  'response:check': {
    args: z.tuple([
      id,
      z.object({
        captures: z.array(captureSchema).max(100),
        assertions: z.array(assertionSchema).max(100),
      }),
    ]),
    result: z.object({
      captures: z.array(
        z.object({
          name: z.string(),
          scope: captureSchema.shape.scope,
          value: z.string().nullable(),
          message: z.string().nullable(),
        }),
      ),
      assertions: z.array(
        z.object({ label: z.string(), passed: z.boolean(), message: z.string().nullable() }),
      ),
    }),
  },
  /** A collection run's results as a file: a save dialog in Electron, a download in the web host. */
  'runs:export': {
    args: z.tuple([id, z.enum(['json', 'csv', 'junit'])]),
    result: z.object({ path: z.string().nullable(), downloadUrl: z.string().nullable() }),
  },
  'settings:get': { args: z.tuple([]), result: settingsSchema },
  'settings:put': { args: z.tuple([settingsSchema]), result: z.null() },
  /**
   * The Metadata API's schema (an introspection result) for a signed-in connection, asked of
   * the server once per connection and server version; `refresh` asks again.
   */
  'metadata:schema': {
    args: z.tuple([id, z.object({ refresh: z.boolean().optional() }).optional()]),
    result: z.object({
      introspection: z.unknown(),
      serverVersion: z.string(),
      fetchedAt: z.string(),
      fromCache: z.boolean(),
    }),
  },
  /**
   * Workbooks not viewed in N days: every workbook (Metadata API) joined with REST view counts;
   * the rows come back as a list response (sliced, exported like any other).
   */
  'metadata:staleWorkbooks': {
    args: z.tuple([
      id,
      z.object({
        days: z.number().int().min(0).max(36_500),
        maxViews: z.number().int().min(0).max(1_000_000_000),
      }),
    ]),
    result: z.object({
      summary: responseSummarySchema,
      workbooks: z.number().int(),
      views: z.number().int(),
    }),
  },
  /**
   * A file to publish, picked in main: Electron's open dialog (the path comes back); the web
   * host has none (`supported: false`), and the panel takes a typed path instead.
   */
  'files:choose': {
    args: z.tuple([z.object({ extensions: z.array(z.string().regex(/^\w{1,10}$/)).max(20) })]),
    result: z.object({ supported: z.boolean(), path: z.string().nullable() }),
  },
  /** What a file on main's disk publishes as, and its size; its bytes stay in main. */
  'files:inspect': {
    args: z.tuple([z.string().min(1).max(4096)]),
    result: z.object({
      path: z.string(),
      name: z.string(),
      size: z.number(),
      extension: z.string(),
      contentType: z.enum(['workbook', 'datasource', 'flow']).nullable(),
      itemName: z.string(),
    }),
  },
  /**
   * Starts a download as an operation, streamed to a file: Electron asks where to save first
   * (null when the user cancels); the web host keeps it for a browser download
   * (`outcome.downloadUrl`). Never whole through IPC.
   */
  'downloads:start': {
    args: z.tuple([id, downloadStartSchema, operationStartOptionsSchema]),
    result: operationSnapshotSchema.nullable(),
  },
  /** Query Jobs on a signed-in connection, filtered (issue 19); main sends it with the token. */
  'jobs:list': {
    args: z.tuple([id, jobsQuerySchema]),
    result: z.object({ jobs: z.array(jobRowSchema) }),
  },
  /** Query Job: one job with its progress and notes. */
  'jobs:get': {
    args: z.tuple([id, z.string().regex(/^[0-9A-Za-z-]{1,100}$/)]),
    result: followedJobSchema,
  },
  /** Cancel Job; a job that already ended comes back as it was. */
  'jobs:cancel': {
    args: z.tuple([id, z.string().regex(/^[0-9A-Za-z-]{1,100}$/)]),
    result: followedJobSchema,
  },
  /** The site's workbooks and data sources, for "Refresh extracts…". */
  'jobs:refreshable': { args: z.tuple([id]), result: z.array(refreshableSchema) },
  /** A desktop notification (Electron); the web host shows none (`shown: false`). */
  'notifications:show': {
    args: z.tuple([z.object({ title: z.string().max(200), body: z.string().max(2000) })]),
    result: z.object({ shown: z.boolean() }),
  },
} as const;

export type Channel = keyof typeof channels;
export type ChannelArgs<C extends Channel> = z.input<(typeof channels)[C]['args']>;
export type ChannelParsedArgs<C extends Channel> = z.output<(typeof channels)[C]['args']>;
export type ChannelResult<C extends Channel> = z.output<(typeof channels)[C]['result']>;

export const ipcErrorSchema = z.object({
  code: z.string(),
  message: z.string(),
  detail: z.unknown().optional(),
});
export type IpcError = z.infer<typeof ipcErrorSchema>;
export type IpcResult<T> = { ok: true; data: T } | { ok: false; error: IpcError };

/** Events main pushes to the renderer. */
export const events = {
  'session:changed': z.object({
    connectionId: z.string(),
    session: sessionInfoSchema.nullable(),
    reason: z.enum(['signedIn', 'signedOut', 'reSignedIn', 'expired', 'switchedSite', 'failed']),
    message: z.string().optional(),
  }),
  'operation:progress': operationProgressEventSchema,
} as const;
export type EventName = keyof typeof events;
export type EventPayload<E extends EventName> = z.infer<(typeof events)[E]>;

export const channelNames = Object.keys(channels) as Channel[];
export const eventNames = Object.keys(events) as EventName[];

/** The preload's function name for a channel: 'session:signIn' → 'sessionSignIn'. */
export function bridgeName(channel: Channel): string {
  const [domain, action] = channel.split(':');
  return (
    domain.replace(/-(\w)/g, (_, c: string) => c.toUpperCase()) +
    action[0].toUpperCase() +
    action.slice(1)
  );
}
