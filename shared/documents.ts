import { z } from 'zod';
import { tableStateSchema } from './table-view';
import { assertionSchema, captureSchema } from './captures';
import { requestSpecSchema } from './request';
import { variableSchema, type Variable } from './variables';

/**
 * A request as the user is editing it: like a request spec, but a query or header row may be
 * half typed (a value, no name yet). Open tabs and saved requests keep such rows so nothing
 * typed is lost; the renderer leaves them out of what it sends.
 */
const draftRowSchema = z.object({
  name: z.string().max(10_000),
  value: z.string(),
  enabled: z.boolean().default(true),
});
export const draftSpecSchema = requestSpecSchema.extend({
  query: z.array(draftRowSchema).default([]),
  headers: z.array(draftRowSchema).default([]),
});

/**
 * Set by the version-2 migration on saved requests and open tabs written when an empty
 * `{user-id}` meant the signed-in user: the renderer writes that user's id into the field when
 * the request's connection is signed in, and says so on the tab (DESIGN.md §11).
 */
const legacyUserIdSchema = z.literal(true).optional();

/** A saved request: what the user named and the spec to send. */
export const savedRequestSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1).max(300),
  description: z.string().max(10_000).default(''),
  presetId: z.string().optional(),
  /** The connection the request was saved for; absent in requests saved before connections were named. */
  connectionId: z.string().max(200).optional(),
  spec: draftSpecSchema,
  userIdFromSignIn: legacyUserIdSchema,
  /** Values taken from each response into variables (issue 12), applied after every send. */
  captures: z.array(captureSchema).max(100).optional(),
  /** Checks on each response; a failed one fails the step of a run. */
  assertions: z.array(assertionSchema).max(100).optional(),
});
export type SavedRequest = z.infer<typeof savedRequestSchema>;

export interface CollectionFolder {
  id: string;
  name: string;
  folders: CollectionFolder[];
  requests: SavedRequest[];
  /** Collection (folder) variables: an inner folder's win over its parents'. Never secret. */
  variables?: Variable[];
}
/**
 * How deep folders may nest. The validator below recurses once per level and a 1,000-deep
 * tree overflowed its stack (issue 11): the depth is checked first, without recursion, and a
 * deeper tree is refused with a sentence instead. 100 levels are far beyond any real
 * collection and well within the stack.
 */
export const MAX_FOLDER_DEPTH = 100;

/** How many folder levels a tree has, walked without recursion; stops once past `limit`. */
function folderDepth(folder: unknown, limit: number): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[folder, 1]];
  while (stack.length > 0 && deepest <= limit) {
    const [node, depth] = stack.pop()!;
    if (!node || typeof node !== 'object') continue;
    deepest = Math.max(deepest, depth);
    const children = (node as { folders?: unknown }).folders;
    if (Array.isArray(children)) for (const child of children) stack.push([child, depth + 1]);
  }
  return deepest;
}

const folderTreeSchema: z.ZodType<CollectionFolder> = z.lazy(() =>
  z.object({
    id: z.string().min(1),
    name: z.string().min(1).max(300),
    folders: z.array(folderTreeSchema),
    requests: z.array(savedRequestSchema),
    variables: z
      .array(variableSchema.extend({ secret: z.literal(false).default(false) }))
      .max(500)
      .optional(),
  }),
);

export const collectionFolderSchema: z.ZodType<CollectionFolder> = z.preprocess((folder, ctx) => {
  if (folderDepth(folder, MAX_FOLDER_DEPTH) <= MAX_FOLDER_DEPTH) return folder;
  ctx.addIssue({
    code: 'custom',
    message: `Folders nest at most ${MAX_FOLDER_DEPTH} deep; this collection nests deeper.`,
    input: folder,
  });
  return z.NEVER;
}, folderTreeSchema);

export const collectionsDocSchema = z.object({
  schemaVersion: z.literal(2),
  collections: z.array(collectionFolderSchema),
});
export type CollectionsDoc = z.infer<typeof collectionsDocSchema>;

/**
 * What a history entry's request resolved to when it was sent: the URL as sent, its path, and
 * the value of every placeholder (`{api-version}` and `{site-id}` included).
 */
export const resolvedRequestSchema = z.object({
  url: z.string(),
  path: z.string(),
  pathValues: z.record(z.string(), z.string()),
});
export type ResolvedRequest = z.infer<typeof resolvedRequestSchema>;

/**
 * One sent request, as an audit trail: the connection, the request with its path values (auth
 * headers redacted, a body over the history limit left out and counted), what it resolved to,
 * the preset it came from, and the answer's status and time.
 */
export const historyEntrySchema = z.object({
  id: z.string(),
  at: z.string(),
  connectionId: z.string(),
  connectionName: z.string(),
  presetId: z.string().optional(),
  spec: requestSpecSchema,
  /** Absent only for entries whose URL was never known (a fetch-all run, entries before URLs were kept). */
  resolved: resolvedRequestSchema.optional(),
  /** Bytes of a request body over the history limit, which was not kept. */
  requestBodyOmittedBytes: z.number().int().optional(),
  status: z.number().int(),
  totalMs: z.number(),
  bodyBytes: z.number().int(),
  /** Response body text when it was small enough to keep (under the history limit). */
  body: z.string().optional(),
  /**
   * What reopening the entry needs besides the body: headers (auth and cookies already
   * redacted), the URL sent and time to first byte. Absent in entries written before it.
   */
  response: z
    .object({
      statusText: z.string(),
      url: z.string(),
      ttfbMs: z.number(),
      headerBytes: z.number().int(),
      headers: z.array(z.tuple([z.string(), z.string()])),
    })
    .optional(),
});
export type HistoryEntry = z.infer<typeof historyEntrySchema>;

export const settingsSchema = z.object({
  theme: z.enum(['system', 'light', 'dark']).default('system'),
  fetchAllConcurrency: z.number().int().min(1).max(10).default(4),
  requestTimeoutMs: z.number().int().min(1000).max(3_600_000).default(120_000),
  storeSecretsInsecurely: z.boolean().default(false),
  /**
   * Largest answer Trestle takes, in MB; a bigger one is refused as it arrives, not held.
   * 256 MB is 2.5 times the 100 MB body the viewer keeps fluid, and holding, decoding and
   * parsing a body takes several times its size in memory. Above 500 MB a body could not be
   * decoded at all (V8's longest string is about 512 MiB); such files are downloads, better
   * fetched with tabcmd or Tableau's Python client.
   */
  maxResponseMb: z.number().int().min(1).max(500).default(256),
  /**
   * Ask before DELETE and before writes aimed at the signed-in user or the site itself.
   * Writes to a Production connection always ask, whatever this says.
   */
  confirmDestructive: z.boolean().default(true),
  /** Publish in chunks whatever the file's size (64 MB and more always go in chunks). */
  publishAlwaysChunked: z.boolean().default(false),
  /** Chunk size for chunked publishes, 1–64 MB (TSC's 50 by default). */
  publishChunkMb: z.number().int().min(1).max(64).default(50),
});
export type Settings = z.infer<typeof settingsSchema>;

export const HISTORY_LIMIT = 1000;
export const HISTORY_BODY_LIMIT_BYTES = 256 * 1024;

/** Total bytes of response bodies history keeps across all entries; older entries lose theirs first. */
export const HISTORY_TOTAL_BODY_BYTES = 8 * 1024 * 1024;

/**
 * The persisted documents, one store file each (a large history never rewrites the
 * connections). Each carries `schemaVersion`; `migrate()` in `migrate.ts` upgrades old ones.
 * Version 2 of collections, workspace and history: connections named per request, no
 * implicit `{user-id}`, history as an audit trail (resolved request, preset).
 */
export const SCHEMA_VERSIONS = {
  connections: 1,
  collections: 2,
  history: 2,
  settings: 1,
  secrets: 1,
  workspace: 2,
  variables: 1,
} as const;

/** The highest version of any document this build reads. */
export const CURRENT_SCHEMA_VERSION = 2;

export const connectionsDocSchema = z.object({
  schemaVersion: z.literal(1),
  /** Validated one by one on load (a bad entry is dropped, not the whole list). */
  connections: z.array(z.unknown()),
});
export type ConnectionsDoc = z.infer<typeof connectionsDocSchema>;

export const historyDocSchema = z.object({
  schemaVersion: z.literal(2),
  entries: z.array(historyEntrySchema),
});
export type HistoryDoc = z.infer<typeof historyDocSchema>;

export const settingsDocSchema = z.object({
  schemaVersion: z.literal(1),
  settings: settingsSchema,
});
export type SettingsDoc = z.infer<typeof settingsDocSchema>;

/** Secrets as ciphertext from the secret backend (base64), never plaintext (DESIGN.md §4). */
export const secretsDocSchema = z.object({
  schemaVersion: z.literal(1),
  secrets: z.record(
    z.string(),
    z.object({
      ciphertext: z.string(),
      /** False when the user opted in to storing with a backend that does not protect it. */
      protected: z.boolean(),
    }),
  ),
});
export type SecretsDoc = z.infer<typeof secretsDocSchema>;

/**
 * Captures and assertions as a tab holds them while they are typed: a row without its variable
 * name or JSON path yet is kept, as a half-typed query row is; only whole ones are saved with a
 * request or applied.
 */
export const draftCaptureSchema = captureSchema.extend({ name: z.string().max(200) });
export const draftAssertionSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('status'),
    expected: z.string().max(20),
    enabled: z.boolean().default(true),
  }),
  z.object({
    kind: z.literal('jsonPath'),
    path: z.string().max(2000),
    op: z.enum(['exists', 'notExists', 'equals', 'matches']),
    value: z.string().max(10_000).default(''),
    enabled: z.boolean().default(true),
  }),
  z.object({
    kind: z.literal('timeUnder'),
    ms: z.number().int().min(0).max(3_600_000),
    enabled: z.boolean().default(true),
  }),
]);

/** One open request tab as it survives a restart: the request, never its response. */
export const workspaceTabSchema = z.object({
  id: z.string().min(1).max(200),
  title: z.string().min(1).max(300),
  presetId: z.string().max(300).optional(),
  /** The saved request the tab edits, if any. */
  savedRequestId: z.string().max(200).nullable().default(null),
  /** The connection the tab sends to; absent only in tabs from before connections were named. */
  connectionId: z.string().max(200).optional(),
  spec: draftSpecSchema,
  /**
   * The spec as last saved or opened, present only when it differs from `spec`: the tab's
   * unsaved-changes (dirty) flag, kept with what Save and the marker compare against.
   */
  baseline: draftSpecSchema.optional(),
  userIdFromSignIn: legacyUserIdSchema,
  /** A note shown on the tab until dismissed, e.g. that Trestle filled a field for the user. */
  notice: z.string().max(2000).optional(),
  /** The request's captures and assertions as edited in the tab, half-typed rows kept (issue 12). */
  captures: z.array(draftCaptureSchema).max(100).optional(),
  assertions: z.array(draftAssertionSchema).max(100).optional(),
  /** Present only when they differ from what was last saved (the tab is then dirty). */
  afterSendBaseline: z
    .object({
      captures: z.array(draftCaptureSchema).max(100),
      assertions: z.array(draftAssertionSchema).max(100),
    })
    .optional(),
  /** A preview tab, replaced by the next single click in the catalog (issue 18). */
  preview: z.literal(true).optional(),
  /** The response table's sort, filter, columns and scroll (issue 18). */
  table: tableStateSchema.optional(),
  /**
   * Where the tab's last answer is found again after a reload (issue 18): the response store
   * while main holds it, else the history entry; a fetch-all by its operation.
   */
  response: z
    .object({
      responseId: z.string().min(1).max(200).optional(),
      historyEntryId: z.string().min(1).max(200).optional(),
      operationId: z.string().min(1).max(200).optional(),
    })
    .optional(),
});
export type WorkspaceTab = z.infer<typeof workspaceTabSchema>;

/** The open tabs and which one is active; header secrets are redacted by main on write. */
export const workspaceDocSchema = z.object({
  schemaVersion: z.literal(2),
  tabs: z.array(workspaceTabSchema).max(500),
  activeTabId: z.string().max(200).nullable(),
});
export type WorkspaceDoc = z.infer<typeof workspaceDocSchema>;

/**
 * Globals and one environment per connection (issue 12, DESIGN.md §11): Production and Test
 * each keep their own values. A secret variable is listed here with an empty value; its value
 * is kept as the connections' secrets are (`secrets` document: ciphertext only, and only where
 * the OS protects the key), or in memory for the session where it cannot be.
 */
export const variablesDocSchema = z.object({
  schemaVersion: z.literal(1),
  globals: z.array(variableSchema).max(1000),
  /** Connection id → its environment. */
  environments: z.record(z.string().min(1).max(200), z.array(variableSchema).max(1000)),
});
export type VariablesDoc = z.infer<typeof variablesDocSchema>;

export type DocumentKind =
  'connections' | 'collections' | 'history' | 'settings' | 'secrets' | 'workspace' | 'variables';
