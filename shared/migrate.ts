import {
  collectionsDocSchema,
  connectionsDocSchema,
  historyDocSchema,
  SCHEMA_VERSIONS,
  secretsDocSchema,
  settingsDocSchema,
  variablesDocSchema,
  workspaceDocSchema,
  type CollectionsDoc,
  type ConnectionsDoc,
  type DocumentKind,
  type HistoryDoc,
  type SecretsDoc,
  type SettingsDoc,
  type VariablesDoc,
  type WorkspaceDoc,
} from './documents';
import { pathOfUrl, pathValuesOf } from './path-values';

export interface DocumentTypes {
  connections: ConnectionsDoc;
  collections: CollectionsDoc;
  history: HistoryDoc;
  settings: SettingsDoc;
  secrets: SecretsDoc;
  workspace: WorkspaceDoc;
  variables: VariablesDoc;
}

/** A document that cannot be read as any version we know: the caller moves it aside. */
export class MigrationError extends Error {
  constructor(
    message: string,
    /** The validator's full report, for logs and details; never the sentence shown. */
    readonly detail?: string,
  ) {
    super(message);
  }
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json =>
  Boolean(v) && typeof v === 'object' && !Array.isArray(v);

const SETTINGS_KEYS = new Set(Object.keys(settingsDocSchema.shape.settings.shape));

const schemas = {
  connections: connectionsDocSchema,
  collections: collectionsDocSchema,
  history: historyDocSchema,
  settings: settingsDocSchema,
  secrets: secretsDocSchema,
  workspace: workspaceDocSchema,
  variables: variablesDocSchema,
} as const;

/** The document a fresh install starts with. */
export function emptyDocument<K extends DocumentKind>(kind: K): DocumentTypes[K] {
  const empty: DocumentTypes = {
    connections: { schemaVersion: 1, connections: [] },
    collections: { schemaVersion: 2, collections: [] },
    history: { schemaVersion: 2, entries: [] },
    settings: { schemaVersion: 1, settings: settingsDocSchema.shape.settings.parse({}) },
    secrets: { schemaVersion: 1, secrets: {} },
    workspace: { schemaVersion: 2, tabs: [], activeTabId: null },
    variables: { schemaVersion: 1, globals: [], environments: {} },
  };
  return empty[kind];
}

/**
 * Version 0 is what the foundation build wrote: no `schemaVersion`, lists stored bare
 * (connections, collections, history as arrays) and settings as a plain object of settings.
 * Anything else without a `schemaVersion` — a later document that lost only its version
 * field, say — is not version 0: read as one it would become an empty document and replace
 * the user's data (issue 11), so it is refused and the caller keeps it aside.
 */
function fromVersion0(kind: DocumentKind, raw: unknown): unknown {
  const notVersion0 = () =>
    new MigrationError(`The ${kind} document has no schemaVersion and is not an early one.`);
  switch (kind) {
    case 'connections':
    case 'collections':
    case 'history':
      if (!Array.isArray(raw)) throw notVersion0();
      return { schemaVersion: 1, [kind === 'history' ? 'entries' : kind]: raw };
    case 'settings':
      if (!isObject(raw) || !Object.keys(raw).every((key) => SETTINGS_KEYS.has(key)))
        throw notVersion0();
      return { schemaVersion: 1, settings: raw };
    case 'secrets':
      // Connection id → ciphertext entry; the entries are checked by the schema.
      if (!isObject(raw) || 'secrets' in raw) throw notVersion0();
      return { schemaVersion: 1, secrets: raw };
    case 'workspace':
      // Born at version 1: a workspace without a version is not one Trestle wrote.
      throw new MigrationError('The workspace document has no schemaVersion.');
    case 'variables':
      // Born at version 1 (issue 12), like the workspace.
      throw new MigrationError('The variables document has no schemaVersion.');
  }
}

/**
 * Before version 2, an empty `{user-id}` was sent as the signed-in user. A request that relied
 * on it (the placeholder in its path, no value given) is marked, so the renderer writes the
 * signed-in user's id into the field, visibly, instead of sending it empty.
 */
function reliedOnImplicitUserId(spec: unknown): boolean {
  if (!isObject(spec) || typeof spec.path !== 'string' || !spec.path.includes('{user-id}'))
    return false;
  const value = isObject(spec.pathParams) ? spec.pathParams['user-id'] : undefined;
  return typeof value !== 'string' || value.trim() === '';
}

function markImplicitUserId<T>(item: T): T {
  return isObject(item) && reliedOnImplicitUserId(item.spec)
    ? ({ ...item, userIdFromSignIn: true } as T)
    : item;
}

function upgradeFolders(folders: unknown): unknown {
  if (!Array.isArray(folders)) return folders;
  // A loop, not recursion: a 1,000-deep folder tree must not exhaust the stack.
  const copy = (folder: unknown): unknown =>
    isObject(folder)
      ? {
          ...folder,
          requests: Array.isArray(folder.requests)
            ? folder.requests.map(markImplicitUserId)
            : folder.requests,
        }
      : folder;
  const roots = folders.map(copy);
  const stack = [...roots];
  while (stack.length > 0) {
    const folder = stack.pop();
    if (!isObject(folder) || !Array.isArray(folder.folders)) continue;
    folder.folders = folder.folders.map(copy);
    stack.push(...(folder.folders as unknown[]));
  }
  return roots;
}

/**
 * A version-1 history entry becomes an audit record: the values the engine filled in
 * (`{api-version}`, `{site-id}`, and the implicit `{user-id}`) are read back from the URL it
 * sent, so reopening the entry sends to the same user as then.
 */
function upgradeHistoryEntry(entry: unknown): unknown {
  if (!isObject(entry) || !isObject(entry.spec) || !isObject(entry.response)) return entry;
  const url = entry.response.url;
  const template = entry.spec.path;
  if (typeof url !== 'string' || typeof template !== 'string') return entry;
  const path = pathOfUrl(url);
  const pathValues = path === null ? null : pathValuesOf(template, path);
  if (path === null || pathValues === null) return entry;
  const given = isObject(entry.spec.pathParams) ? entry.spec.pathParams : {};
  const userId = pathValues['user-id'];
  const pathParams =
    userId && reliedOnImplicitUserId(entry.spec) ? { ...given, 'user-id': userId } : given;
  return {
    ...entry,
    spec: { ...entry.spec, pathParams },
    resolved: { url, path, pathValues },
  };
}

function fromVersion1(kind: DocumentKind, doc: Json): unknown {
  switch (kind) {
    case 'collections':
      return { ...doc, schemaVersion: 2, collections: upgradeFolders(doc.collections) };
    case 'workspace':
      return {
        ...doc,
        schemaVersion: 2,
        tabs: Array.isArray(doc.tabs) ? doc.tabs.map(markImplicitUserId) : doc.tabs,
      };
    case 'history':
      return {
        ...doc,
        schemaVersion: 2,
        entries: Array.isArray(doc.entries) ? doc.entries.map(upgradeHistoryEntry) : doc.entries,
      };
    default:
      return doc;
  }
}

/**
 * Upgrades a stored document to the current version. Pure: no I/O, the input is not changed.
 * `undefined` (never written) gives the empty document; a newer, unversioned (but not version 0)
 * or unreadable document throws
 * `MigrationError` so the caller keeps the file aside instead of overwriting it.
 */
export function migrate<K extends DocumentKind>(kind: K, raw: unknown): DocumentTypes[K] {
  if (raw === undefined) return emptyDocument(kind);
  // A file holding `null` was written by something else, or damaged: kept, not replaced.
  if (raw === null) throw new MigrationError(`The ${kind} document is empty (null).`);
  const version =
    typeof raw === 'object' && !Array.isArray(raw) && 'schemaVersion' in raw
      ? (raw as { schemaVersion: unknown }).schemaVersion
      : 0;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 0) {
    throw new MigrationError(`The ${kind} document has an invalid schemaVersion.`);
  }
  const current = SCHEMA_VERSIONS[kind];
  if (version > current) {
    throw new MigrationError(
      `The ${kind} document was written by a newer Trestle (schema ${version}; this build reads up to ${current}).`,
    );
  }
  let upgraded = version === 0 ? fromVersion0(kind, raw) : raw;
  if (version <= 1 && current === 2 && isObject(upgraded)) upgraded = fromVersion1(kind, upgraded);
  const parsed = schemas[kind].safeParse(upgraded);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first?.path.length ? ` (at ${first.path.join('.')})` : '';
    throw new MigrationError(
      `The ${kind} document is not in a shape this build of Trestle reads${where}.`,
      parsed.error.message,
    );
  }
  return parsed.data as DocumentTypes[K];
}
