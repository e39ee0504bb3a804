import { z } from 'zod';
import { requestSpecSchema } from './request';

/** A saved request: what the user named and the spec to send. */
export const savedRequestSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1).max(300),
  description: z.string().max(10_000).default(''),
  presetId: z.string().optional(),
  spec: requestSpecSchema,
});
export type SavedRequest = z.infer<typeof savedRequestSchema>;

export interface CollectionFolder {
  id: string;
  name: string;
  folders: CollectionFolder[];
  requests: SavedRequest[];
}
export const collectionFolderSchema: z.ZodType<CollectionFolder> = z.lazy(() =>
  z.object({
    id: z.string().min(1),
    name: z.string().min(1).max(300),
    folders: z.array(collectionFolderSchema),
    requests: z.array(savedRequestSchema),
  }),
);

export const collectionsDocSchema = z.object({
  schemaVersion: z.literal(1),
  collections: z.array(collectionFolderSchema),
});
export type CollectionsDoc = z.infer<typeof collectionsDocSchema>;

export const historyEntrySchema = z.object({
  id: z.string(),
  at: z.string(),
  connectionId: z.string(),
  connectionName: z.string(),
  spec: requestSpecSchema,
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
});
export type Settings = z.infer<typeof settingsSchema>;

export const HISTORY_LIMIT = 1000;
export const HISTORY_BODY_LIMIT_BYTES = 256 * 1024;

/** Total bytes of response bodies history keeps across all entries; older entries lose theirs first. */
export const HISTORY_TOTAL_BODY_BYTES = 8 * 1024 * 1024;

/**
 * The persisted documents, one store file each (a large history never rewrites the
 * connections). Each carries `schemaVersion`; `migrate()` in `migrate.ts` upgrades old ones.
 */
export const CURRENT_SCHEMA_VERSION = 1;

export const connectionsDocSchema = z.object({
  schemaVersion: z.literal(1),
  /** Validated one by one on load (a bad entry is dropped, not the whole list). */
  connections: z.array(z.unknown()),
});
export type ConnectionsDoc = z.infer<typeof connectionsDocSchema>;

export const historyDocSchema = z.object({
  schemaVersion: z.literal(1),
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

/** One open request tab as it survives a restart: the request, never its response. */
export const workspaceTabSchema = z.object({
  id: z.string().min(1).max(200),
  title: z.string().min(1).max(300),
  presetId: z.string().max(300).optional(),
  /** The saved request the tab edits, if any. */
  savedRequestId: z.string().max(200).nullable().default(null),
  spec: requestSpecSchema,
  /**
   * The spec as last saved or opened, present only when it differs from `spec`: the tab's
   * unsaved-changes (dirty) flag, kept with what Save and the marker compare against.
   */
  baseline: requestSpecSchema.optional(),
});
export type WorkspaceTab = z.infer<typeof workspaceTabSchema>;

/** The open tabs and which one is active; header secrets are redacted by main on write. */
export const workspaceDocSchema = z.object({
  schemaVersion: z.literal(1),
  tabs: z.array(workspaceTabSchema).max(500),
  activeTabId: z.string().max(200).nullable(),
});
export type WorkspaceDoc = z.infer<typeof workspaceDocSchema>;

export type DocumentKind =
  'connections' | 'collections' | 'history' | 'settings' | 'secrets' | 'workspace';
