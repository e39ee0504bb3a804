import type { Assertion, Capture } from '../captures';
import { MAX_FOLDER_DEPTH, type CollectionFolder, type SavedRequest } from '../documents';
import { httpMethodSchema, type RequestBody } from '../request';
import { VARIABLE_NAME, type Variable } from '../variables';
import { IMPORT_LIMITS, isRecord, readJson, str } from './json-input';
import { SESSION_MARK } from './postman-export';
import { multipartFromParts, type ImportedPart } from './multipart-parts';
import { linkPreset } from './preset-link';
import { isEmptyScript, scriptLines, scriptNotes } from './postman-scripts';
import {
  emptyCounts,
  tallyNotes,
  type ConnectionHint,
  type ImportNote,
  type ImportReport,
  type Outcome,
  type RequestReport,
} from './report';
import {
  CREDENTIAL_VARIABLE,
  SECRET_NAME,
  SERVER_VARIABLES,
  SITE_ID_VARIABLE,
  SITE_URL_VARIABLE,
  TOKEN_HEADER,
  TOKEN_VARIABLE,
  VERSION_VARIABLE,
  sessionRequestKind,
  sessionRequestNote,
  signInBody,
} from './tableau-session';
import { splitUrl, type QueryRow } from './url-path';

/**
 * Postman collections v2.0 and v2.1 → a Trestle collection and an import report (DESIGN.md
 * §13; the formats are postmanlabs/schemas' draft-04 v2.0.0 and draft-07 v2.1.0). Folders
 * become folders, requests become saved requests linked to their catalog preset where method
 * and path match one; Tableau's session — `X-Tableau-Auth`, `{{token}}`-style variables,
 * sign-in requests, `{{server}}`/`{{api-version}}`/`{{site-id}}` — becomes Trestle's own.
 * Pure: text in, collection and report out; nothing is half-imported (an error is all there is).
 */

export interface PostmanImportOptions {
  /** Ids for the collection, its folders and requests (random by default). */
  newId?: () => string;
  /** Written on every request: the connection they are imported for. */
  connectionId?: string;
  /** An environment's variables: they resolve URL prefixes and the server the requests name. */
  environment?: readonly Variable[];
}

export interface PostmanImport {
  collection: CollectionFolder;
  report: ImportReport;
  /** The server, site and identity the file points at, for a new connection. */
  connection: ConnectionHint;
  /** The servers the requests were aimed at, as written (`{{protocol}}://{{server}}`, a URL). */
  origins: string[];
}

/** Tableau's own collection (`tableau/tableau-postman`): its scripts are known, not guessed. */
const TABLEAU_COLLECTION_ID = 'c3ec8bf7-9432-45e7-a8b3-ed6fa61470f6';

type Auth = { type: string; attrs: Record<string, string> } | null;

function randomId(): string {
  return `imp-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

function description(value: unknown): string {
  if (typeof value === 'string') return value;
  if (isRecord(value) && typeof value.content === 'string') return value.content;
  return '';
}

/** v2.0 keeps auth attributes as an object, v2.1 as `[{key, value}]` (postmanlabs/schemas auth.json). */
function readAuth(value: unknown): Auth | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isRecord(value) || typeof value.type !== 'string') return undefined;
  const raw = value[value.type];
  const attrs: Record<string, string> = {};
  if (Array.isArray(raw)) {
    for (const a of raw)
      if (isRecord(a) && typeof a.key === 'string') attrs[a.key] = String(a.value ?? '');
  } else if (isRecord(raw)) {
    for (const [k, v] of Object.entries(raw))
      attrs[k] = typeof v === 'string' ? v : JSON.stringify(v);
  }
  return { type: value.type, attrs };
}

function isTableauAuth(auth: Auth): boolean {
  return (
    !!auth &&
    auth.type === 'apikey' &&
    (auth.attrs.key ?? '').toLowerCase() === TOKEN_HEADER &&
    (auth.attrs.in ?? 'header') === 'header'
  );
}

const isReference = (value: string) => /^\s*\{\{[^{}]+\}\}\s*$/.test(value);

function authNote(auth: Auth, scope: string): ImportNote | null {
  if (!auth) return null;
  if (isTableauAuth(auth))
    return {
      kind: 'mapped',
      what: `${scope} auth: X-Tableau-Auth ${isReference(auth.attrs.value ?? '') ? auth.attrs.value : '(a hard-coded token, not kept)'}`,
      why: 'Trestle signs in with the tab’s connection and adds the session token itself.',
    };
  if (auth.type === 'noauth') return null;
  return {
    kind: 'dropped',
    what: `${scope} auth (${auth.type})`,
    why: 'Tableau’s REST API takes a session token from Sign In: Trestle signs in with the tab’s connection (PAT, password or connected-app JWT).',
  };
}

/** The URL of a request as text, with Postman's `url.query` rows and `:name` values when it has them. */
function readUrl(url: unknown): {
  text: string;
  query?: QueryRow[];
  pathVariables: Record<string, string>;
} {
  if (typeof url === 'string') return { text: url, pathVariables: {} };
  if (!isRecord(url)) return { text: '', pathVariables: {} };
  const pathVariables: Record<string, string> = {};
  if (Array.isArray(url.variable))
    for (const v of url.variable)
      if (isRecord(v) && typeof v.key === 'string')
        pathVariables[v.key.replace(/^:/, '')] =
          v.value === undefined || v.value === null ? '' : String(v.value);
  let query: QueryRow[] | undefined;
  if (Array.isArray(url.query)) {
    query = [];
    for (const q of url.query) {
      if (!isRecord(q)) continue;
      const name = q.key === null || q.key === undefined ? '' : String(q.key);
      const value = q.value === null || q.value === undefined ? '' : String(q.value);
      if (name === '' && value === '') continue;
      query.push({ name, value, enabled: q.disabled !== true });
    }
  }
  let text = str(url.raw);
  if (text === undefined) {
    const part = (p: unknown) => (isRecord(p) ? String(p.value ?? '') : String(p));
    const host = Array.isArray(url.host) ? url.host.map(part).join('.') : (str(url.host) ?? '');
    const path = Array.isArray(url.path) ? url.path.map(part).join('/') : (str(url.path) ?? '');
    const protocol = str(url.protocol);
    const port = url.port !== undefined ? `:${String(url.port)}` : '';
    text = `${protocol ? `${protocol}://` : ''}${host}${port}${path ? `/${path.replace(/^\//, '')}` : ''}`;
  } else if (query) {
    text = text.replace(/\?.*$/s, '');
  }
  return { text, query, pathVariables };
}

/** `{{base-path}}/sites/…` with `base-path` = `{{protocol}}://{{server}}/api/{{api-version}}` → the URL it stands for. */
function expandPrefix(
  url: string,
  values: ReadonlyMap<string, string>,
  expanded: Set<string>,
): string {
  let out = url.trim();
  for (let round = 0; round < 5; round++) {
    const m = /^\{\{\s*([^{}]+?)\s*\}\}/.exec(out);
    const value = m ? values.get(m[1]) : undefined;
    if (!m || value === undefined || !/[/]|\{\{/.test(value)) break;
    expanded.add(m[1]);
    out = value + out.slice(m[0].length);
  }
  return out;
}

/** `{{protocol}}://{{server}}` with the file's values → an http(s) origin, or undefined. */
function resolvedOrigin(origin: string, values: ReadonlyMap<string, string>): string | undefined {
  const text = origin.replace(
    /\{\{\s*([^{}]+?)\s*\}\}/g,
    (whole, name: string) => values.get(name) || whole,
  );
  if (/\{\{/.test(text)) return undefined;
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`;
  try {
    const url = new URL(withScheme);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.origin : undefined;
  } catch {
    return undefined;
  }
}

interface HeaderRow {
  name: string;
  value: string;
  enabled: boolean;
}

function readHeaders(value: unknown): HeaderRow[] {
  if (typeof value === 'string')
    return value
      .split(/\r?\n/)
      .map((line) => /^\s*([^:]+?)\s*:\s*(.*)$/.exec(line))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => ({ name: m[1], value: m[2], enabled: true }));
  if (!Array.isArray(value)) return [];
  return value
    .filter(isRecord)
    .map((h) => ({
      name: h.key === undefined || h.key === null ? '' : String(h.key),
      value: h.value === undefined || h.value === null ? '' : String(h.value),
      enabled: h.disabled !== true,
    }))
    .filter((h) => h.name !== '' || h.value !== '');
}

const PLAIN_TYPES = /^(application\/json|application\/xml|text\/xml)\s*(;.*)?$/i;

interface BodyResult {
  body: RequestBody;
  notes: ImportNote[];
  /** Text kept in the description because the body cannot hold it (multipart text parts). */
  kept: string;
}

function readBody(value: unknown, contentType: string | undefined): BodyResult {
  const notes: ImportNote[] = [];
  const none: RequestBody = { kind: 'none' };
  if (!isRecord(value)) return { body: none, notes, kept: '' };
  if (value.disabled === true) {
    notes.push({
      kind: 'dropped',
      what: 'body',
      why: 'It was disabled in Postman, so it is not sent.',
    });
    return { body: none, notes, kept: '' };
  }
  const mode = str(value.mode) ?? (typeof value.raw === 'string' ? 'raw' : undefined);
  if (mode === 'raw') {
    const text = str(value.raw) ?? '';
    if (text.trim() === '') return { body: none, notes, kept: '' };
    const options = isRecord(value.options) && isRecord(value.options.raw) ? value.options.raw : {};
    const language = (str(options.language) ?? '').toLowerCase();
    const type = (contentType ?? '').toLowerCase();
    const first = text.trimStart()[0];
    if (
      language === 'json' ||
      /json/.test(type) ||
      (!language && !type && (first === '{' || first === '['))
    )
      return { body: { kind: 'json', text }, notes, kept: '' };
    if (language === 'xml' || /xml/.test(type) || (!language && !type && first === '<'))
      return { body: { kind: 'xml', text }, notes, kept: '' };
    const fallback =
      language === 'html'
        ? 'text/html'
        : language === 'javascript'
          ? 'application/javascript'
          : 'text/plain';
    return { body: { kind: 'text', text, contentType: contentType ?? fallback }, notes, kept: '' };
  }
  if (mode === 'urlencoded') {
    const rows = Array.isArray(value.urlencoded) ? value.urlencoded.filter(isRecord) : [];
    const on = rows.filter((r) => r.disabled !== true && r.enabled !== false);
    const off = rows.length - on.length;
    if (off)
      notes.push({
        kind: 'dropped',
        what: `${off} disabled form field${off > 1 ? 's' : ''}`,
        why: 'A text body has no disabled fields; they were left out.',
      });
    const text = on
      .map(
        (r) =>
          `${encodeURIComponent(String(r.key ?? ''))}=${encodeURIComponent(String(r.value ?? ''))}`,
      )
      .join('&')
      .replace(/%7B%7B/g, '{{')
      .replace(/%7D%7D/g, '}}');
    notes.push({
      kind: 'changed',
      what: 'form body (urlencoded)',
      why: 'Kept as a text body of type application/x-www-form-urlencoded.',
    });
    return {
      body: { kind: 'text', text, contentType: 'application/x-www-form-urlencoded' },
      notes,
      kept: '',
    };
  }
  if (mode === 'formdata') {
    const parts: ImportedPart[] = [];
    for (const p of Array.isArray(value.formdata) ? value.formdata.filter(isRecord) : []) {
      // v2.0 exports say `enabled: false`, v2.1 `disabled: true` (Kong/insomnia's postman.ts).
      if (p.disabled === true || p.enabled === false) {
        notes.push({
          kind: 'dropped',
          what: `disabled part “${String(p.key ?? '')}”`,
          why: 'It was off in Postman.',
        });
        continue;
      }
      const src = Array.isArray(p.src) ? p.src.map(String).join(', ') : str(p.src);
      parts.push({
        name: String(p.key ?? ''),
        kind: p.type === 'file' ? 'file' : 'text',
        value: typeof p.value === 'string' ? p.value : undefined,
        src,
        contentType: str(p.contentType),
      });
    }
    const read = multipartFromParts(parts);
    notes.push(...read.notes);
    return { body: read.body, notes, kept: read.kept };
  }
  if (mode === 'file') {
    const src = isRecord(value.file) ? str(value.file.src) : undefined;
    notes.push({
      kind: 'dropped',
      what: `file body${src ? ` (${src})` : ''}`,
      why: 'A file body is not part of the collection file; choose the file again in Trestle.',
    });
    return { body: none, notes, kept: '' };
  }
  if (mode === 'graphql') {
    const g = isRecord(value.graphql) ? value.graphql : {};
    const variables =
      typeof g.variables === 'string'
        ? g.variables
        : g.variables === undefined
          ? ''
          : JSON.stringify(g.variables, null, 2);
    return { body: { kind: 'graphql', text: str(g.query) ?? '', variables }, notes, kept: '' };
  }
  if (mode !== undefined)
    notes.push({
      kind: 'dropped',
      what: `body mode “${mode}”`,
      why: 'Postman has no such body mode; nothing was sent.',
    });
  return { body: none, notes, kept: '' };
}

interface Context {
  options: PostmanImportOptions;
  newId: () => string;
  values: Map<string, string>;
  report: ImportReport;
  hint: ConnectionHint;
  origins: Set<string>;
  tableauAuthInherited: number;
  trestleSession: number;
  /** Variables that stood for the start of a URL (`{{base-path}}`): the connection's now. */
  prefixes: Set<string>;
}

/** The Sign in and Sign out requests Trestle's Postman export adds (marked in their scripts). */
function isTrestleSessionItem(item: Record<string, unknown>): boolean {
  return (
    Array.isArray(item.event) &&
    item.event.some((e) =>
      scriptLines(isRecord(e) ? e.script : undefined).some((l) => l.startsWith(SESSION_MARK)),
    )
  );
}

function convertRequest(
  item: Record<string, unknown>,
  folder: string[],
  inherited: Auth,
  ctx: Context,
): SavedRequest {
  const notes: ImportNote[] = [];
  const source =
    typeof item.request === 'string'
      ? { url: item.request }
      : isRecord(item.request)
        ? item.request
        : {};
  let name = (str(item.name) ?? '').trim() || 'Untitled request';
  if (name.length > 300) {
    notes.push({ kind: 'changed', what: 'name', why: 'Cut to 300 characters.' });
    name = name.slice(0, 300);
  }
  const writtenMethod = (str(source.method) ?? 'GET').toUpperCase();
  const parsedMethod = httpMethodSchema.safeParse(writtenMethod);
  if (!parsedMethod.success)
    notes.push({
      kind: 'changed',
      what: `method ${writtenMethod}`,
      why: 'Tableau’s REST API uses GET, POST, PUT, PATCH and DELETE only; kept as GET.',
    });
  const method = parsedMethod.success ? parsedMethod.data : 'GET';

  const url = readUrl(source.url);
  const split = splitUrl(expandPrefix(url.text, ctx.values, ctx.prefixes), {
    pathVariables: url.pathVariables,
    query: url.query,
  });
  notes.push(...split.notes);
  if (split.origin) {
    ctx.origins.add(split.origin);
    const resolved = resolvedOrigin(split.origin, ctx.values);
    if (resolved && !ctx.hint.serverUrl) ctx.hint.serverUrl = resolved;
  }

  // Headers: the token and what the engine sets are Trestle's; Accept picks the answer's format.
  let accept: 'json' | 'xml' = 'json';
  let contentType: string | undefined;
  const headers: HeaderRow[] = [];
  for (const h of readHeaders(source.header)) {
    const lower = h.name.trim().toLowerCase();
    if (lower === TOKEN_HEADER) {
      notes.push({
        kind: 'mapped',
        what: `X-Tableau-Auth header ${isReference(h.value) ? h.value : '(a hard-coded token, not kept)'}`,
        why: 'Trestle adds the session token of the tab’s connection itself.',
      });
      continue;
    }
    if ((lower === 'authorization' || lower === 'cookie') && !isReference(h.value)) {
      notes.push({
        kind: 'dropped',
        what: `${h.name} header`,
        why: 'It holds a credential, which a collection never keeps; Trestle signs in with the connection.',
      });
      continue;
    }
    if (lower === 'content-length' || lower === 'host') {
      notes.push({
        kind: 'dropped',
        what: `${h.name} header`,
        why: 'Set by Trestle for each request.',
      });
      continue;
    }
    if (
      lower === 'accept' &&
      h.enabled &&
      /^application\/(json|xml)\s*(;.*)?$/i.test(h.value.trim())
    ) {
      accept = /xml/i.test(h.value) ? 'xml' : 'json';
      continue;
    }
    if (lower === 'content-type' && h.enabled) {
      contentType = h.value.trim();
      if (PLAIN_TYPES.test(contentType) || /^multipart\//i.test(contentType)) continue;
    }
    headers.push(h);
  }

  const bodyResult = readBody(source.body, contentType);
  let body = bodyResult.body;
  notes.push(...bodyResult.notes);
  if (
    body.kind === 'text' &&
    contentType &&
    headers.some((h) => h.name.toLowerCase() === 'content-type')
  ) {
    // The text body carries its type; one Content-Type is enough.
    const index = headers.findIndex((h) => h.name.toLowerCase() === 'content-type');
    body = { ...body, contentType: headers[index].value };
    headers.splice(index, 1);
  }

  // Auth: absent means inherited (Bruno's reading of the schema), noauth means none.
  const own = readAuth(source.auth);
  const auth = own === undefined ? inherited : own;
  const session = sessionRequestKind(split.path);
  if (own !== undefined) {
    const note = authNote(own, 'request');
    if (note) notes.push(note);
  } else if (isTableauAuth(auth)) ctx.tableauAuthInherited++;
  else if (auth && auth.type !== 'noauth') {
    const note = authNote(auth, 'inherited');
    if (note) notes.push(note);
  }
  if (auth?.type === 'noauth' && !session)
    notes.push({
      kind: 'changed',
      what: 'no auth',
      why: 'Postman sent this request without a token; Trestle sends the session token, as every Tableau method but Sign In needs it.',
    });

  if (session) {
    notes.push(sessionRequestNote(session));
    ctx.report.counts.session++;
    if (body.kind === 'json' || body.kind === 'xml') {
      const clean = signInBody(body.text);
      // The first sign-in that names a literal identity says how the connection signs in.
      if (clean.hint.identity && !ctx.hint.identity) {
        ctx.hint.identity = clean.hint.identity;
        ctx.hint.authKind = clean.hint.authKind;
      }
      if (clean.hint.siteContentUrl !== undefined && ctx.hint.siteContentUrl === undefined)
        ctx.hint.siteContentUrl = clean.hint.siteContentUrl;
      if (clean.emptied.length) {
        notes.push({
          kind: 'dropped',
          what: `${clean.emptied.join(', ')} in the body`,
          why: 'A sign-in secret is never kept in a collection; the connection holds it.',
        });
        body = { ...body, text: clean.text };
      }
    }
  }

  const scripts = scriptNotes(item.event, 'request');
  notes.push(...scripts.notes);
  if (Array.isArray(item.response) && item.response.length)
    notes.push({
      kind: 'dropped',
      what: `${item.response.length} saved example response${item.response.length > 1 ? 's' : ''}`,
      why: 'Trestle keeps responses in History, not in collections.',
    });
  if (Array.isArray(item.variable) && item.variable.length)
    notes.push({
      kind: 'dropped',
      what: `${item.variable.length} request variable${item.variable.length > 1 ? 's' : ''}`,
      why: 'Trestle has collection, folder and connection variables; set them there.',
    });
  const behaviour = isRecord(item.protocolProfileBehavior)
    ? Object.keys(item.protocolProfileBehavior).filter((k) => k !== 'disableBodyPruning')
    : [];
  if (behaviour.length)
    notes.push({
      kind: 'dropped',
      what: `Postman settings ${behaviour.join(', ')}`,
      why: 'Postman’s own request settings: Trestle sets headers, redirects and URL encoding by Tableau’s rules.',
    });

  let path = split.path;
  let pathParams = split.pathParams;
  const link = linkPreset(method, path, pathParams) ?? fixedLink(method, path, pathParams, notes);
  if (link) {
    path = link.path;
    pathParams = link.pathParams;
    notes.push({
      kind: 'mapped',
      what: `preset “${link.preset.name}”`,
      why: `Method and path match ${link.preset.id}${link.renamed.length ? ` (${link.renamed.join(', ')})` : ''}: its docs, body schema and version gate apply.`,
    });
    ctx.report.counts.mapped++;
  } else ctx.report.counts.plain++;

  let text = description(source.description ?? item.description);
  if (bodyResult.kept) text = `${text}${text ? '\n\n' : ''}${bodyResult.kept}`;
  if (text.length > 10_000) {
    notes.push({ kind: 'changed', what: 'description', why: 'Cut to 10,000 characters.' });
    text = text.slice(0, 10_000);
  }

  const report: RequestReport = { folder, name, method, path, notes };
  if (link) report.presetId = link.preset.id;
  ctx.report.requests.push(report);
  const saved: SavedRequest = {
    id: ctx.newId(),
    name,
    description: text,
    spec: { method, path, pathParams, query: split.query, headers, body, accept },
  };
  if (link) saved.presetId = link.preset.id;
  if (ctx.options.connectionId) saved.connectionId = ctx.options.connectionId;
  if (scripts.captures.length) saved.captures = scripts.captures.slice(0, 100) as Capture[];
  if (scripts.assertions.length) saved.assertions = scripts.assertions.slice(0, 100) as Assertion[];
  return saved;
}

/**
 * Tableau's collection has three known path slips (tableau-api.md §13): Update Data in Hyper
 * Connection lacks `/data`, the virtual-connection update lacks `/modify`, Publish Workbook
 * carries a stray `/{workbook-id}`. Tried only when the path as written matches no preset.
 */
function fixedLink(
  method: string,
  path: string,
  pathParams: Record<string, string>,
  notes: ImportNote[],
) {
  const fixes: Array<[RegExp, (p: string) => string, string]> = [
    [
      /^PATCH \/api\/[^/]+\/sites\/[^/]+\/datasources\/[^/]+\/connections\/[^/]+$/i,
      (p) => `${p}/data`,
      'adds /data',
    ],
    [
      /^PUT \/api\/[^/]+\/sites\/[^/]+\/virtualconnections\/[^/]+\/connections\/[^/]+$/i,
      (p) => `${p}/modify`,
      'adds /modify',
    ],
    [
      /^POST \/api\/[^/]+\/sites\/[^/]+\/workbooks\/[^/]+$/i,
      (p) => p.replace(/\/[^/]+$/, ''),
      'drops the trailing workbook id',
    ],
  ];
  for (const [pattern, fix, what] of fixes) {
    if (!pattern.test(`${method} ${path}`)) continue;
    const link = linkPreset(method, fix(path), pathParams);
    if (link) {
      notes.push({
        kind: 'changed',
        what: `path ${path}`,
        why: `Tableau’s REST API reference ${what} (${link.path}); the path as written would fail.`,
      });
      return link;
    }
  }
  return null;
}

function readVariables(list: unknown, scope: string, ctx: Context, tableau: boolean): Variable[] {
  const out: Variable[] = [];
  if (!Array.isArray(list)) return out;
  for (const v of list) {
    if (!isRecord(v)) continue;
    const name = (str(v.key) ?? str(v.id) ?? '').trim();
    const value =
      v.value === undefined || v.value === null
        ? ''
        : typeof v.value === 'string'
          ? v.value
          : JSON.stringify(v.value);
    if (!name) continue;
    if (TOKEN_VARIABLE.test(name)) {
      ctx.report.notes.push({
        kind: 'mapped',
        what: `${scope} variable {{${name}}}`,
        why: 'It carries the session token, which Trestle keeps to itself and adds to each request.',
      });
      continue;
    }
    if (CREDENTIAL_VARIABLE.test(name)) {
      ctx.report.notes.push({
        kind: 'mapped',
        what: `${scope} variable {{${name}}}`,
        why: 'A sign-in credential: it belongs to the connection (a secret is entered there, never kept in a collection).',
      });
      continue;
    }
    if (
      ctx.prefixes.has(name) ||
      SERVER_VARIABLES.test(name) ||
      VERSION_VARIABLE.test(name) ||
      SITE_ID_VARIABLE.test(name) ||
      SITE_URL_VARIABLE.test(name)
    ) {
      ctx.report.notes.push({
        kind: 'mapped',
        what: `${scope} variable {{${name}}}`,
        why: VERSION_VARIABLE.test(name)
          ? 'The API version comes from the session ({api-version}).'
          : SITE_ID_VARIABLE.test(name)
            ? 'The site id comes from the session ({site-id}).'
            : SITE_URL_VARIABLE.test(name)
              ? 'The site is the connection’s site content URL.'
              : ctx.prefixes.has(name) && !SERVER_VARIABLES.test(name)
                ? 'It stands for the start of the URLs: the tab’s connection gives the server, the session the API version.'
                : 'The server comes from the tab’s connection.',
      });
      continue;
    }
    if (tableau && /^(auto-auth|impersonation)$/.test(name)) {
      ctx.report.notes.push({
        kind: 'dropped',
        what: `${scope} variable {{${name}}}`,
        why: 'A switch for the collection’s sign-in script, which Trestle replaces by the connection’s sign-in.',
      });
      continue;
    }
    if (!VARIABLE_NAME.test(name) || name.length > 200) {
      ctx.report.notes.push({
        kind: 'dropped',
        what: `${scope} variable “${name.slice(0, 60)}”`,
        why: 'Its name cannot be a {{variable}} (braces or space at the ends, or over 200 characters).',
      });
      continue;
    }
    const secret = SECRET_NAME.test(name) || v.type === 'secret';
    if (secret && value !== '')
      ctx.report.notes.push({
        kind: 'dropped',
        what: `value of ${scope} variable {{${name}}}`,
        why: 'It looks like a secret, and collection variables are never secret: set it as a secret connection variable.',
      });
    out.push({
      name,
      value: secret ? '' : value.slice(0, 1_000_000),
      secret: false,
      enabled: v.disabled !== true,
    });
  }
  ctx.report.counts.variables += out.length;
  return out;
}

interface Shape {
  requests: number;
  depth: number;
}

/** Counts requests and folder depth without recursion, before anything is built. */
function shapeOf(items: unknown[]): Shape | string {
  let requests = 0;
  let depth = 0;
  const stack: Array<[unknown[], number]> = [[items, 1]];
  while (stack.length) {
    const [list, level] = stack.pop()!;
    for (const item of list) {
      if (!isRecord(item)) continue;
      if (Array.isArray(item.item)) {
        if (level + 1 > depth) depth = level + 1;
        if (depth > MAX_FOLDER_DEPTH) return 'depth';
        stack.push([item.item, level + 1]);
      } else if (item.request !== undefined) {
        requests++;
        if (requests > IMPORT_LIMITS.maxRequests) return 'requests';
      }
    }
  }
  return { requests, depth };
}

function postmanVersion(value: Record<string, unknown>): '2.0' | '2.1' | { message: string } {
  const info = isRecord(value.info) ? value.info : undefined;
  const schema = str(info?.schema) ?? '';
  if (/\/collection\/v2\.1\.\d+\//.test(schema)) return '2.1';
  if (/\/collection\/v2\.0\.\d+\//.test(schema)) return '2.0';
  if (Array.isArray(value.values) && ('_postman_variable_scope' in value || !('item' in value)))
    return {
      message:
        'This is a Postman environment, not a collection: import it as the environment (with --env, or as an environment file).',
    };
  if (!info && Array.isArray(value.requests))
    return {
      message:
        'This is a Postman collection v1 (requests and order at the top); Trestle reads v2.0 and v2.1: in Postman, export it again as Collection v2.1.',
    };
  if (schema)
    return {
      message: `Trestle reads Postman collections v2.0 and v2.1; this file says its schema is ${schema.slice(0, 200)}.`,
    };
  return {
    message: 'This is not a Postman collection: it has no info.schema naming v2.0 or v2.1.',
  };
}

/** A parsed Postman collection → a Trestle collection and its report. */
export function importPostmanValue(
  input: unknown,
  options: PostmanImportOptions = {},
): Outcome<PostmanImport> {
  // Newer Postman exports wrap the collection: {"collection": {...}} (usebruno/bruno#2298).
  const value =
    isRecord(input) && isRecord(input.collection) && !('item' in input) ? input.collection : input;
  if (!isRecord(value))
    return {
      ok: false,
      error: {
        code: 'import.wrongFormat',
        message: 'This is not a Postman collection: it is not a JSON object.',
      },
    };
  const version = postmanVersion(value);
  if (typeof version !== 'string')
    return { ok: false, error: { code: 'import.wrongFormat', message: version.message } };
  if (!Array.isArray(value.item))
    return {
      ok: false,
      error: { code: 'import.wrongFormat', message: 'This Postman collection has no item list.' },
    };
  const shape = shapeOf(value.item);
  if (shape === 'depth')
    return {
      ok: false,
      error: {
        code: 'import.tooDeep',
        message: `Its folders nest more than ${MAX_FOLDER_DEPTH} deep; Trestle keeps up to ${MAX_FOLDER_DEPTH} levels. Nothing was imported.`,
      },
    };
  if (shape === 'requests')
    return {
      ok: false,
      error: {
        code: 'import.tooMany',
        message: `It holds more than ${IMPORT_LIMITS.maxRequests.toLocaleString('en-US')} requests; import it folder by folder. Nothing was imported.`,
      },
    };

  const info = value.info as Record<string, unknown>;
  const name = ((str(info.name) ?? '').trim() || 'Imported collection').slice(0, 300);
  const tableau = info._postman_id === TABLEAU_COLLECTION_ID || name === 'Tableau REST API';
  const values = new Map<string, string>();
  if (Array.isArray(value.variable))
    for (const v of value.variable)
      if (isRecord(v) && typeof v.key === 'string') values.set(v.key, String(v.value ?? ''));
  for (const v of options.environment ?? []) if (v.enabled) values.set(v.name, v.value);

  const report: ImportReport = {
    source: `Postman collection v${version}`,
    name,
    counts: emptyCounts(),
    notes: [],
    requests: [],
  };
  const ctx: Context = {
    options,
    newId: options.newId ?? randomId,
    values,
    report,
    hint: {},
    origins: new Set(),
    tableauAuthInherited: 0,
    trestleSession: 0,
    prefixes: new Set(),
  };
  if (tableau)
    report.notes.push({
      kind: 'changed',
      what: 'Tableau’s official collection',
      why: 'Its sign-in script (auto-auth) and response script are replaced by Trestle: the connection signs in, {api-version} and {site-id} come from the session, answers and errors show in the viewer.',
    });
  const collectionAuth = readAuth(value.auth) ?? null;
  const rootAuthNote = authNote(collectionAuth, 'collection');
  const rootScripts = scriptNotes(value.event, 'collection');
  if (tableau) {
    const scripted = Array.isArray(value.event)
      ? value.event.filter((e) => !isEmptyScript(scriptLines(isRecord(e) ? e.script : undefined)))
          .length
      : 0;
    if (scripted)
      report.notes.push({
        kind: 'dropped',
        what: `${scripted} collection scripts`,
        why: 'Not run: Trestle signs in with the connection and explains Tableau errors itself.',
      });
  } else report.notes.push(...rootScripts.notes);

  const build = (
    items: unknown[],
    names: string[],
    auth: Auth,
  ): { folders: CollectionFolder[]; requests: SavedRequest[] } => {
    const folders: CollectionFolder[] = [];
    const requests: SavedRequest[] = [];
    for (const item of items) {
      if (!isRecord(item)) continue;
      if (Array.isArray(item.item)) {
        const folderName = ((str(item.name) ?? '').trim() || 'Untitled folder').slice(0, 300);
        const where = [...names, folderName].join(' / ');
        const own = readAuth(item.auth);
        const note = own !== undefined ? authNote(own, `folder “${where}”`) : null;
        if (note) report.notes.push(note);
        for (const n of scriptNotes(item.event, `folder “${where}”`).notes) report.notes.push(n);
        if (description(item.description))
          report.notes.push({
            kind: 'dropped',
            what: `description of folder “${where}”`,
            why: 'Trestle folders have no description.',
          });
        const children = build(item.item, [...names, folderName], own === undefined ? auth : own);
        const folder: CollectionFolder = {
          id: ctx.newId(),
          name: folderName,
          folders: children.folders,
          requests: children.requests,
        };
        const folderVariables = readVariables(item.variable, `folder “${where}”`, ctx, tableau);
        if (folderVariables.length) folder.variables = folderVariables;
        report.counts.folders++;
        folders.push(folder);
      } else if (item.request !== undefined) {
        if (isTrestleSessionItem(item)) {
          ctx.trestleSession++;
          continue;
        }
        requests.push(convertRequest(item, names, auth, ctx));
        report.counts.requests++;
      } else {
        report.notes.push({
          kind: 'dropped',
          what: `item “${String(item.name ?? '').slice(0, 100)}” in ${names.join(' / ') || 'the collection'}`,
          why: 'It is neither a folder nor a request.',
        });
      }
    }
    return { folders, requests };
  };
  const tree = build(value.item, [], collectionAuth);
  const variables = readVariables(value.variable, 'collection', ctx, tableau);
  if (rootAuthNote) {
    const inherited = ctx.tableauAuthInherited;
    report.notes.unshift(
      isTableauAuth(collectionAuth)
        ? {
            ...rootAuthNote,
            why: `${rootAuthNote.why} (${inherited} request${inherited === 1 ? '' : 's'} inherit it.)`,
          }
        : rootAuthNote,
    );
  }
  if (ctx.trestleSession)
    report.notes.push({
      kind: 'mapped',
      what: `${ctx.trestleSession} Sign in / Sign out request${ctx.trestleSession > 1 ? 's' : ''} added by Trestle’s export`,
      why: 'Left out: the connection signs in and out.',
    });
  const collection: CollectionFolder = {
    id: ctx.newId(),
    name,
    folders: tree.folders,
    requests: tree.requests,
  };
  if (variables.length) collection.variables = variables.slice(0, 500);
  if (variables.length > 500)
    report.notes.push({
      kind: 'dropped',
      what: `${variables.length - 500} collection variables`,
      why: 'A collection keeps at most 500 variables.',
    });
  tallyNotes(report);
  return { ok: true, collection, report, connection: ctx.hint, origins: [...ctx.origins] };
}

/** Postman collection text (a file's or pasted JSON) → a Trestle collection and its report. */
export function importPostmanCollection(
  text: string,
  options: PostmanImportOptions = {},
): Outcome<PostmanImport> {
  const parsed = readJson(text, 'The collection file');
  if (!parsed.ok) return parsed;
  return importPostmanValue(parsed.value, options);
}
