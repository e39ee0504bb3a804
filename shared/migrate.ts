import {
  collectionsDocSchema,
  connectionsDocSchema,
  CURRENT_SCHEMA_VERSION,
  historyDocSchema,
  secretsDocSchema,
  settingsDocSchema,
  workspaceDocSchema,
  type CollectionsDoc,
  type ConnectionsDoc,
  type DocumentKind,
  type HistoryDoc,
  type SecretsDoc,
  type SettingsDoc,
  type WorkspaceDoc,
} from './documents';

export interface DocumentTypes {
  connections: ConnectionsDoc;
  collections: CollectionsDoc;
  history: HistoryDoc;
  settings: SettingsDoc;
  secrets: SecretsDoc;
  workspace: WorkspaceDoc;
}

/** A document that cannot be read as any version we know: the caller moves it aside. */
export class MigrationError extends Error {}

const schemas = {
  connections: connectionsDocSchema,
  collections: collectionsDocSchema,
  history: historyDocSchema,
  settings: settingsDocSchema,
  secrets: secretsDocSchema,
  workspace: workspaceDocSchema,
} as const;

/** The document a fresh install starts with. */
export function emptyDocument<K extends DocumentKind>(kind: K): DocumentTypes[K] {
  const empty: DocumentTypes = {
    connections: { schemaVersion: 1, connections: [] },
    collections: { schemaVersion: 1, collections: [] },
    history: { schemaVersion: 1, entries: [] },
    settings: { schemaVersion: 1, settings: settingsDocSchema.shape.settings.parse({}) },
    secrets: { schemaVersion: 1, secrets: {} },
    workspace: { schemaVersion: 1, tabs: [], activeTabId: null },
  };
  return empty[kind];
}

/**
 * Version 0 is what the foundation build wrote: no `schemaVersion`, lists stored bare
 * (connections, collections, history as arrays) and settings as a plain object.
 */
function fromVersion0(kind: DocumentKind, raw: unknown): unknown {
  switch (kind) {
    case 'connections':
      return { schemaVersion: 1, connections: Array.isArray(raw) ? raw : [] };
    case 'collections':
      return { schemaVersion: 1, collections: Array.isArray(raw) ? raw : [] };
    case 'history':
      return { schemaVersion: 1, entries: Array.isArray(raw) ? raw : [] };
    case 'settings':
      return { schemaVersion: 1, settings: raw && typeof raw === 'object' ? raw : {} };
    case 'secrets':
      return { schemaVersion: 1, secrets: raw && typeof raw === 'object' ? raw : {} };
    case 'workspace':
      // Born at version 1: a workspace without a version is not one Trestle wrote.
      throw new MigrationError('The workspace document has no schemaVersion.');
  }
}

/**
 * Upgrades a stored document to the current version. Pure: no I/O, the input is not changed.
 * `undefined` (never written) gives the empty document; a newer or unreadable document throws
 * `MigrationError` so the caller keeps the file aside instead of overwriting it.
 */
export function migrate<K extends DocumentKind>(kind: K, raw: unknown): DocumentTypes[K] {
  if (raw === undefined || raw === null) return emptyDocument(kind);
  const version =
    typeof raw === 'object' && !Array.isArray(raw) && 'schemaVersion' in raw
      ? (raw as { schemaVersion: unknown }).schemaVersion
      : 0;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 0) {
    throw new MigrationError(`The ${kind} document has an invalid schemaVersion.`);
  }
  if (version > CURRENT_SCHEMA_VERSION) {
    throw new MigrationError(
      `The ${kind} document was written by a newer Trestle (schema ${version}; this build reads up to ${CURRENT_SCHEMA_VERSION}).`,
    );
  }
  const upgraded = version === 0 ? fromVersion0(kind, raw) : raw;
  const parsed = schemas[kind].safeParse(upgraded);
  if (!parsed.success) {
    throw new MigrationError(
      `The ${kind} document does not match its schema: ${parsed.error.message}`,
    );
  }
  return parsed.data as DocumentTypes[K];
}
