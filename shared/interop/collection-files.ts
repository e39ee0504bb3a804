import { z } from 'zod';
import { assertionSchema, captureSchema } from '../captures';
import {
  MAX_FOLDER_DEPTH,
  savedRequestSchema,
  type CollectionFolder,
  type SavedRequest,
} from '../documents';
import { requestBodySchema } from '../request';
import { variableSchema, type Variable } from '../variables';
import { IMPORT_LIMITS } from './json-input';
import {
  emptyCounts,
  tallyNotes,
  type ImportNote,
  type ImportReport,
  type Outcome,
} from './report';
import { TOKEN_HEADER } from './tableau-session';

/**
 * Trestle's collection files, for git (DESIGN.md §13; next-wave-facts §8): one JSON file per
 * request in a folder tree, keys in a fixed order, bodies and descriptions as arrays of lines
 * (a one-line change is a one-line diff), no ids, no timestamps, no connection. Folder and
 * collection files list their items in order, so a run's order survives a checkout.
 *
 *   collection.json             {"trestle": "collection", "formatVersion": 1, "name", "variables", "items"}
 *   Users/folder.json           {"trestle": "folder", "name", "variables", "items"}
 *   Users/Get Users.request.json
 *
 * JSON rather than YAML: no parser dependency, and every reader — Trestle, jq, a code
 * review — reads it the same way. Secrets are never written: the `X-Tableau-Auth`,
 * Authorization and Cookie headers go out empty, and so do secret variables.
 */

export const FORMAT_VERSION = 1;
export const COLLECTION_FILE = 'collection.json';
export const FOLDER_FILE = 'folder.json';
export const REQUEST_SUFFIX = '.request.json';

export interface CollectionFile {
  /** Relative, `/`-separated: `Users/Get Users.request.json`. */
  path: string;
  text: string;
}

const SECRET_HEADERS = new Set([TOKEN_HEADER, 'authorization', 'cookie', 'proxy-authorization']);

/** Text as lines when it has several, so git diffs it line by line; one line stays a string. */
function lines(text: string): string | string[] {
  return text.includes('\n') ? text.split('\n') : text;
}

function unlines(value: string | string[]): string {
  return Array.isArray(value) ? value.join('\n') : value;
}

/** A file or folder name from a request or folder name: no separators or reserved characters, ≤ 100 chars. */
function safeName(name: string): string {
  // eslint-disable-next-line no-control-regex
  let out = name.replace(/[\u0000-\u001f\u007f/\\:*?"<>|]/g, '-').replace(/^[\s.]+|[\s.]+$/g, '');
  if (!out) out = 'untitled';
  if (/^(con|prn|aux|nul|com\d|lpt\d)$/i.test(out)) out = `${out}-`;
  return out.slice(0, 100).replace(/[\s.]+$/, '');
}

/**
 * Entry names unique in one folder, case folded (macOS and Windows folders are not case
 * sensitive); files and subfolders share one space, as they do on disk.
 */
function uniqueNamer(): (base: string, suffix: string) => string {
  const taken = new Set([COLLECTION_FILE, FOLDER_FILE]);
  return (base, suffix) => {
    let candidate = `${base}${suffix}`;
    for (let n = 2; taken.has(candidate.toLowerCase()); n++) candidate = `${base} (${n})${suffix}`;
    taken.add(candidate.toLowerCase());
    return candidate;
  };
}

function variableRecords(list: readonly Variable[] | undefined, notes: string[], where: string) {
  return (list ?? []).map((v) => {
    if (v.secret && v.value) notes.push(`${where}: {{${v.name}}} is secret and was written empty.`);
    const out: Record<string, unknown> = { name: v.name, value: v.secret ? '' : v.value };
    if (v.secret) out.secret = true;
    if (!v.enabled) out.enabled = false;
    return out;
  });
}

function requestRecord(
  request: SavedRequest,
  notes: string[],
  where: string,
): Record<string, unknown> {
  const { spec } = request;
  const out: Record<string, unknown> = {
    trestle: 'request',
    formatVersion: FORMAT_VERSION,
    name: request.name,
  };
  if (request.description) out.description = lines(request.description);
  if (request.presetId) out.preset = request.presetId;
  out.method = spec.method;
  out.path = spec.path;
  const params = Object.keys(spec.pathParams).sort();
  if (params.length)
    out.pathParams = Object.fromEntries(params.map((k) => [k, spec.pathParams[k]]));
  if (spec.query.length)
    out.query = spec.query.map((q) => ({ name: q.name, value: q.value, enabled: q.enabled }));
  if (spec.headers.length)
    out.headers = spec.headers.map((h) => {
      const secret = SECRET_HEADERS.has(h.name.trim().toLowerCase()) && h.value !== '';
      if (secret)
        notes.push(`${where}: the ${h.name} header was written empty (it carries a credential).`);
      return { name: h.name, value: secret ? '' : h.value, enabled: h.enabled };
    });
  out.accept = spec.accept;
  const body = spec.body;
  if (body.kind !== 'none') {
    const record: Record<string, unknown> = { kind: body.kind };
    if (body.kind === 'text' && body.contentType !== undefined)
      record.contentType = body.contentType;
    if (body.kind === 'graphql' && body.operationName !== undefined)
      record.operationName = body.operationName;
    if (body.kind === 'multipart') record.payloadType = body.payloadType;
    record.text = lines(body.text);
    if (body.kind === 'graphql') record.variables = lines(body.variables);
    if (body.kind === 'multipart') {
      // A file is named by its path on this machine: kept, as the request needs it to be sent.
      record.files = body.files.map((f) => {
        const file: Record<string, unknown> = { name: f.name, path: f.path };
        if (f.filename !== undefined) file.filename = f.filename;
        if (f.contentType !== undefined) file.contentType = f.contentType;
        if (f.offset !== undefined) file.offset = f.offset;
        if (f.length !== undefined) file.length = f.length;
        return file;
      });
      if (body.boundary !== undefined) record.boundary = body.boundary;
    }
    out.body = record;
  }
  if (spec.timeoutMs !== undefined) out.timeoutMs = spec.timeoutMs;
  if (request.captures) out.captures = request.captures;
  if (request.assertions) out.assertions = request.assertions;
  if (request.userIdFromSignIn) out.userIdFromSignIn = true;
  return out;
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/** A collection (or folder) → its files, in a stable order, with notes on what was written empty. */
export function collectionToFiles(root: CollectionFolder): {
  files: CollectionFile[];
  notes: string[];
} {
  const files: CollectionFile[] = [];
  const notes: string[] = [];
  const walk = (folder: CollectionFolder, dir: string, names: string[], isRoot: boolean) => {
    const unique = uniqueNamer();
    const items: string[] = [];
    for (const request of folder.requests) {
      const file = unique(safeName(request.name), REQUEST_SUFFIX);
      items.push(file);
      files.push({
        path: `${dir}${file}`,
        text: json(requestRecord(request, notes, [...names, request.name].join(' / '))),
      });
    }
    for (const sub of folder.folders) {
      const name = unique(safeName(sub.name), '');
      items.push(`${name}/`);
      walk(sub, `${dir}${name}/`, [...names, sub.name], false);
    }
    const head: Record<string, unknown> = isRoot
      ? { trestle: 'collection', formatVersion: FORMAT_VERSION, name: folder.name }
      : { trestle: 'folder', formatVersion: FORMAT_VERSION, name: folder.name };
    const variables = variableRecords(folder.variables, notes, names.join(' / '));
    if (variables.length) head.variables = variables;
    head.items = items;
    files.push({ path: `${dir}${isRoot ? COLLECTION_FILE : FOLDER_FILE}`, text: json(head) });
  };
  walk(root, '', [root.name], true);
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, notes };
}

const textSchema = z.union([z.string(), z.array(z.string())]);

const requestFileSchema = z
  .object({
    trestle: z.literal('request'),
    formatVersion: z.number().int().min(1).max(FORMAT_VERSION).optional(),
    name: z.string(),
    description: textSchema.optional(),
    preset: z.string().optional(),
    method: z.string(),
    path: z.string(),
    pathParams: z.record(z.string(), z.string()).optional(),
    query: z
      .array(z.object({ name: z.string(), value: z.string(), enabled: z.boolean().default(true) }))
      .optional(),
    headers: z
      .array(z.object({ name: z.string(), value: z.string(), enabled: z.boolean().default(true) }))
      .optional(),
    accept: z.enum(['json', 'xml']).default('json'),
    body: z
      .object({
        kind: z.string(),
        contentType: z.string().optional(),
        operationName: z.string().optional(),
        text: textSchema.default(''),
        variables: textSchema.optional(),
        payloadType: z.string().optional(),
        files: z.array(z.record(z.string(), z.unknown())).optional(),
        boundary: z.string().optional(),
      })
      .optional(),
    timeoutMs: z.number().optional(),
    captures: z.array(captureSchema).optional(),
    assertions: z.array(assertionSchema).optional(),
    userIdFromSignIn: z.literal(true).optional(),
  })
  .passthrough();

const folderFileSchema = z.object({
  trestle: z.enum(['collection', 'folder']),
  formatVersion: z.number().int().min(1).max(FORMAT_VERSION).optional(),
  name: z.string(),
  variables: z
    .array(variableSchema.partial({ value: true, secret: true, enabled: true }))
    .optional(),
  items: z.array(z.string()).default([]),
});

function zodMessage(error: z.ZodError): string {
  const issue = error.issues[0];
  return `${issue.path.join('.') || 'the file'}: ${issue.message}`;
}

/**
 * Files (as `collectionToFiles` writes them, perhaps edited by hand) → a collection, with a
 * report. Files not listed in `items` are added at the end (sorted) and said; a file that
 * does not read fails the whole import, naming it: nothing is half-imported.
 */
export function collectionFromFiles(
  input: readonly CollectionFile[],
  options: { newId?: () => string; connectionId?: string } = {},
): Outcome<{ collection: CollectionFolder; report: ImportReport }> {
  const newId =
    options.newId ??
    (() => `imp-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`);
  const fail = (message: string, detail?: string) => ({
    ok: false as const,
    error: { code: 'import.badFiles' as const, message, detail },
  });
  if (input.length > IMPORT_LIMITS.maxRequests * 2)
    return {
      ok: false,
      error: {
        code: 'import.tooMany',
        message: `${input.length} files are more than Trestle imports at once.`,
      },
    };
  const total = input.reduce((sum, f) => sum + f.text.length, 0);
  if (total > IMPORT_LIMITS.maxChars)
    return {
      ok: false,
      error: {
        code: 'import.tooLarge',
        message: `The files hold ${(total / 1024 / 1024).toFixed(1)} MB; Trestle imports up to ${IMPORT_LIMITS.maxChars / 1024 / 1024} MB at once.`,
      },
    };
  // The collection file nearest the top: the tree may sit in a folder (a checkout, an archive).
  const roots = input
    .filter((f) => f.path.split('/').pop() === COLLECTION_FILE)
    .sort((a, b) => a.path.split('/').length - b.path.split('/').length);
  if (roots.length === 0)
    return fail(`No ${COLLECTION_FILE} among the files: these are not Trestle collection files.`);
  const base = roots[0].path.slice(0, -COLLECTION_FILE.length);
  const byPath = new Map(
    input.filter((f) => f.path.startsWith(base)).map((f) => [f.path.slice(base.length), f.text]),
  );
  const notes: ImportNote[] = [];
  const report: ImportReport = {
    source: 'Trestle collection files',
    name: '',
    counts: emptyCounts(),
    notes,
    requests: [],
  };

  const read = (path: string): Outcome<{ value: unknown }> => {
    const text = byPath.get(path);
    if (text === undefined) return fail(`${path} is missing.`);
    try {
      return { ok: true, value: JSON.parse(text.replace(/^\uFEFF/, '')) as unknown };
    } catch (error) {
      return fail(`${base}${path} is not valid JSON.`, (error as Error).message);
    }
  };

  const readFolder = (
    dir: string,
    file: string,
    names: string[],
    depth: number,
  ): Outcome<{ folder: CollectionFolder }> => {
    if (depth > MAX_FOLDER_DEPTH)
      return fail(`Folders nest more than ${MAX_FOLDER_DEPTH} deep under ${base}${dir}.`);
    const raw = read(`${dir}${file}`);
    if (!raw.ok) return raw;
    const head = folderFileSchema.safeParse(raw.value);
    if (!head.success)
      return fail(
        `${base}${dir}${file} is not a Trestle ${depth === 1 ? 'collection' : 'folder'} file (${zodMessage(head.error)}).`,
      );
    const name = head.data.name.trim().slice(0, 300) || 'Untitled';
    const folder: CollectionFolder = { id: newId(), name, folders: [], requests: [] };
    if (head.data.variables?.length) {
      const variables: Variable[] = [];
      for (const v of head.data.variables) {
        if (v.secret) {
          notes.push({
            kind: 'dropped',
            what: `secret variable {{${v.name}}} of “${[...names, name].join(' / ')}”`,
            why: 'Collection variables are never secret: set it as a secret connection variable.',
          });
          continue;
        }
        variables.push({
          name: v.name,
          value: v.value ?? '',
          secret: false,
          enabled: v.enabled ?? true,
        });
      }
      if (variables.length) folder.variables = variables;
      report.counts.variables += variables.length;
    }
    // Items in the order listed, then anything else in the folder, sorted.
    const listed = [...head.data.items];
    const here = new Set<string>();
    for (const path of byPath.keys()) {
      if (!path.startsWith(dir)) continue;
      const rest = path.slice(dir.length);
      const slash = rest.indexOf('/');
      if (slash < 0 && rest.endsWith(REQUEST_SUFFIX)) here.add(rest);
      else if (slash > 0 && rest.slice(slash + 1) === FOLDER_FILE)
        here.add(`${rest.slice(0, slash)}/`);
    }
    const extra = [...here].filter((i) => !listed.includes(i)).sort();
    if (extra.length)
      notes.push({
        kind: 'changed',
        what: `${extra.join(', ')} in ${base}${dir || '.'}`,
        why: `Not listed in ${file}'s items: added at the end.`,
      });
    for (const item of [...listed, ...extra]) {
      if (!here.has(item)) {
        notes.push({
          kind: 'dropped',
          what: `${item} in ${base}${dir}${file}`,
          why: 'Listed, but no such file is there.',
        });
        continue;
      }
      if (item.endsWith('/')) {
        const sub = readFolder(`${dir}${item}`, FOLDER_FILE, [...names, name], depth + 1);
        if (!sub.ok) return sub;
        folder.folders.push(sub.folder);
        report.counts.folders++;
        continue;
      }
      const rawRequest = read(`${dir}${item}`);
      if (!rawRequest.ok) return rawRequest;
      const parsed = requestFileSchema.safeParse(rawRequest.value);
      if (!parsed.success)
        return fail(
          `${base}${dir}${item} is not a Trestle request file (${zodMessage(parsed.error)}).`,
        );
      const r = parsed.data;
      let body: unknown = { kind: 'none' };
      if (r.body) {
        body = { kind: r.body.kind, text: unlines(r.body.text) };
        if (r.body.contentType !== undefined)
          (body as Record<string, unknown>).contentType = r.body.contentType;
        if (r.body.kind === 'graphql')
          (body as Record<string, unknown>).variables = unlines(r.body.variables ?? '');
        if (r.body.operationName !== undefined)
          (body as Record<string, unknown>).operationName = r.body.operationName;
        if (r.body.kind === 'multipart') {
          const record = body as Record<string, unknown>;
          if (r.body.payloadType !== undefined) record.payloadType = r.body.payloadType;
          record.files = r.body.files ?? [];
          if (r.body.boundary !== undefined) record.boundary = r.body.boundary;
        }
      }
      const bodyCheck = requestBodySchema.safeParse(body);
      if (!bodyCheck.success)
        return fail(
          `${base}${dir}${item}: the body kind “${r.body?.kind}” is not one Trestle reads (none, json, xml, text, graphql, multipart with its files).`,
        );
      const candidate: Record<string, unknown> = {
        id: newId(),
        name: r.name,
        description: r.description === undefined ? '' : unlines(r.description),
        spec: {
          method: r.method,
          path: r.path,
          pathParams: r.pathParams ?? {},
          query: r.query ?? [],
          headers: r.headers ?? [],
          body: bodyCheck.data,
          accept: r.accept,
          ...(r.timeoutMs !== undefined ? { timeoutMs: r.timeoutMs } : {}),
        },
      };
      if (r.preset) candidate.presetId = r.preset;
      if (options.connectionId) candidate.connectionId = options.connectionId;
      if (r.captures) candidate.captures = r.captures;
      if (r.assertions) candidate.assertions = r.assertions;
      if (r.userIdFromSignIn) candidate.userIdFromSignIn = true;
      const request = savedRequestSchema.safeParse(candidate);
      if (!request.success)
        return fail(
          `${base}${dir}${item} does not hold a request Trestle can keep (${zodMessage(request.error)}).`,
        );
      folder.requests.push(request.data);
      report.counts.requests++;
      if (request.data.presetId) report.counts.mapped++;
      else report.counts.plain++;
      report.requests.push({
        folder: [...names, name].slice(1),
        name: request.data.name,
        method: request.data.spec.method,
        path: request.data.spec.path,
        presetId: request.data.presetId,
        notes: [],
      });
    }
    return { ok: true, folder };
  };

  const root = readFolder('', COLLECTION_FILE, [], 1);
  if (!root.ok) return root;
  report.name = root.folder.name;
  tallyNotes(report);
  return { ok: true, collection: root.folder, report };
}
