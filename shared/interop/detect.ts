import { collectionFolderSchema, collectionsDocSchema, type CollectionFolder } from '../documents';
import { collectionFromFiles, type CollectionFile } from './collection-files';
import { importCurlCommands, looksLikeCurl } from './curl-import';
import { isRecord, readJson, sizeProblem } from './json-input';
import { importPostmanEnvironmentValue, type EnvironmentImport } from './postman-environment';
import { importPostmanValue, type PostmanImportOptions } from './postman-import';
import { emptyCounts, type ConnectionHint, type ImportReport, type Outcome } from './report';
import { readTar, utf8Decode } from './tar';

/**
 * What the Import dialog was given — a file, a pasted text, a folder — read as whichever of
 * Trestle's imports it is: a Postman collection or environment, curl commands, Trestle's
 * collection files (a folder, or the .tar the app exports), or a Trestle collection file.
 */

export type ImportInput =
  | { kind: 'text'; text: string; name?: string }
  | { kind: 'bytes'; bytes: Uint8Array; name?: string }
  | { kind: 'files'; files: CollectionFile[] };

export type Imported =
  | {
      kind: 'collection';
      collection: CollectionFolder;
      report: ImportReport;
      connection: ConnectionHint;
      /** curl: the servers named that differ from the tab's connection. */
      otherServers: string[];
    }
  | { kind: 'environment'; environment: EnvironmentImport };

export interface DetectOptions extends PostmanImportOptions {
  /** The connection the import is for: curl commands are checked against its server. */
  serverUrl?: string;
}

/** A Trestle collection given whole (a collection file): new ids, so it cannot clash. */
function withNewIds(folder: CollectionFolder, newId: () => string): CollectionFolder {
  return {
    ...folder,
    id: newId(),
    requests: folder.requests.map((r) => ({ ...r, id: newId() })),
    folders: folder.folders.map((f) => withNewIds(f, newId)),
  };
}

function countTree(folder: CollectionFolder, report: ImportReport, path: string[]): void {
  for (const r of folder.requests) {
    report.counts.requests++;
    if (r.presetId) report.counts.mapped++;
    else report.counts.plain++;
    report.requests.push({
      folder: path,
      name: r.name,
      method: r.spec.method,
      path: r.spec.path,
      presetId: r.presetId,
      notes: [],
    });
  }
  for (const f of folder.folders) {
    report.counts.folders++;
    countTree(f, report, [...path, f.name]);
  }
}

export function detectImport(input: ImportInput, options: DetectOptions = {}): Outcome<Imported> {
  const newId =
    options.newId ??
    (() => `imp-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`);
  if (input.kind === 'files') {
    const result = collectionFromFiles(input.files, { newId, connectionId: options.connectionId });
    return result.ok
      ? {
          ok: true,
          kind: 'collection',
          collection: result.collection,
          report: result.report,
          connection: {},
          otherServers: [],
        }
      : result;
  }
  let text: string;
  if (input.kind === 'bytes') {
    if (input.bytes.length > 20 * 1024 * 1024)
      return {
        ok: false,
        error: {
          code: 'import.tooLarge',
          message: `${input.name ?? 'The file'} is ${(input.bytes.length / 1024 / 1024).toFixed(1)} MB; Trestle imports up to 20 MB at once.`,
        },
      };
    const tar =
      input.bytes.length >= 1024 && input.bytes.length % 512 === 0 ? readTar(input.bytes) : null;
    if (tar) return detectImport({ kind: 'files', files: tar }, options);
    text = utf8Decode(input.bytes);
  } else text = input.text;
  const large = sizeProblem(text, input.name ?? 'The text');
  if (large) return { ok: false, error: large };
  const start = text.replace(/^\uFEFF/, '').trimStart();
  if (looksLikeCurl(start) || /^curl(\.exe)?\s/im.test(start)) {
    const result = importCurlCommands(text, {
      serverUrl: options.serverUrl,
      connectionId: options.connectionId,
      newId,
      name: input.name?.replace(/\.[^.]*$/, ''),
    });
    if (!result.ok) return result;
    const expected = options.serverUrl;
    const otherServers = [
      ...new Set(
        result.results
          .filter((r) => r.sameServer === false)
          .map((r) => r.connection.serverUrl ?? ''),
      ),
    ].filter(Boolean);
    return {
      ok: true,
      kind: 'collection',
      collection: result.collection,
      report: result.report,
      connection: expected ? {} : (result.results[0]?.connection ?? {}),
      otherServers,
    };
  }
  if (!start.startsWith('{') && !start.startsWith('['))
    return {
      ok: false,
      error: {
        code: 'import.wrongFormat',
        message:
          'This is neither a Postman collection or environment (JSON), nor curl commands, nor Trestle collection files.',
      },
    };
  const parsed = readJson(text, input.name ?? 'The text');
  if (!parsed.ok) return parsed;
  const value = parsed.value;
  if (isRecord(value) && Array.isArray(value.values) && !Array.isArray(value.item)) {
    const env = importPostmanEnvironmentValue(value);
    return env.ok ? { ok: true, kind: 'environment', environment: env } : env;
  }
  const trestle =
    isRecord(value) && 'schemaVersion' in value
      ? collectionsDocSchema.safeParse(value)
      : isRecord(value) && 'folders' in value && 'requests' in value
        ? collectionFolderSchema.safeParse(value)
        : null;
  if (trestle) {
    if (!trestle.success)
      return {
        ok: false,
        error: {
          code: 'import.wrongFormat',
          message: `This Trestle collection file does not read: ${trestle.error.issues[0]?.message ?? 'invalid'}.`,
        },
      };
    const roots = 'collections' in trestle.data ? trestle.data.collections : [trestle.data];
    if (roots.length !== 1)
      return {
        ok: false,
        error: {
          code: 'import.wrongFormat',
          message: `This collections file holds ${roots.length} collections; export the one to import (trestle export files, or one collection).`,
        },
      };
    const collection = withNewIds(roots[0], newId);
    const report: ImportReport = {
      source: 'Trestle collection',
      name: collection.name,
      counts: emptyCounts(),
      notes: [],
      requests: [],
    };
    countTree(collection, report, []);
    report.counts.variables = collection.variables?.length ?? 0;
    return { ok: true, kind: 'collection', collection, report, connection: {}, otherServers: [] };
  }
  const result = importPostmanValue(value, options);
  return result.ok
    ? {
        ok: true,
        kind: 'collection',
        collection: result.collection,
        report: result.report,
        connection: result.connection,
        otherServers: [],
      }
    : result;
}
