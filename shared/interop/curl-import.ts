import type { CollectionFolder, SavedRequest } from '../documents';
import { httpMethodSchema, type RequestBody } from '../request';
import { IMPORT_LIMITS, sizeProblem } from './json-input';
import { multipartFromParts, type ImportedPart } from './multipart-parts';
import { linkPreset } from './preset-link';
import {
  emptyCounts,
  tallyNotes,
  type ConnectionHint,
  type ImportNote,
  type ImportReport,
  type Outcome,
  type RequestReport,
} from './report';
import { shellWords } from './shell-words';
import {
  TOKEN_HEADER,
  sessionRequestKind,
  sessionRequestNote,
  signInBody,
} from './tableau-session';
import { parseQuery, splitUrl } from './url-path';

/**
 * curl commands → Trestle requests (DESIGN.md §13): method, URL (its server checked against
 * the tab's connection), headers (`X-Tableau-Auth` dropped with a note), data (`-d`,
 * `--data-binary`, `--data-urlencode`, `--json`), `-G`; `-F` parts are reported until
 * multipart bodies can be saved. Tableau's docs write `curl "https://MY_SERVER/api/3.x/…"
 * -X POST -H "X-Tableau-Auth: TOKEN" -d @file.xml`; Chrome's "Copy as cURL" writes `$'…'`.
 */

export interface CurlOptions {
  /** The tab's connection server: the URL's origin is checked against it. */
  serverUrl?: string;
  connectionId?: string;
  newId?: () => string;
}

export interface CurlRequest {
  request: SavedRequest;
  report: RequestReport;
  /** The server the command was aimed at (an origin, or `{{VAR}}` for `$VAR`), or null. */
  origin: string | null;
  /** False when the command names another server than `options.serverUrl`; null when unknown. */
  sameServer: boolean | null;
  connection: ConnectionHint;
}

/** Flags that take a value and do not change the request (output, timing, TLS, proxies). */
const IGNORED_WITH_VALUE = new Set([
  '-o',
  '--output',
  '--connect-timeout',
  '-m',
  '--max-time',
  '--retry',
  '--retry-delay',
  '--retry-max-time',
  '--cacert',
  '--capath',
  '--cert',
  '-E',
  '--key',
  '--cert-type',
  '--key-type',
  '-w',
  '--write-out',
  '-x',
  '--proxy',
  '--proxy-user',
  '-U',
  '--resolve',
  '-c',
  '--cookie-jar',
  '--limit-rate',
  '-r',
  '--range',
  '--max-redirs',
  '-D',
  '--dump-header',
  '--trace',
  '--trace-ascii',
  '--stderr',
  '--interface',
  '--local-port',
  '-K',
  '--config',
  '--unix-socket',
  '--variable',
  '--expand-url',
]);
const IGNORED_FLAGS = new Set([
  '-s',
  '--silent',
  '-S',
  '--show-error',
  '-k',
  '--insecure',
  '-L',
  '--location',
  '-v',
  '--verbose',
  '-i',
  '--include',
  '--compressed',
  '-f',
  '--fail',
  '--fail-with-body',
  '-g',
  '--globoff',
  '--http1.0',
  '--http1.1',
  '--http2',
  '--http2-prior-knowledge',
  '--http3',
  '-N',
  '--no-buffer',
  '-#',
  '--progress-bar',
  '--no-progress-meter',
  '-q',
  '--disable',
  '--location-trusted',
  '-O',
  '--remote-name',
  '-J',
  '--remote-header-name',
  '--raw',
  '--tr-encoding',
  '--tcp-nodelay',
  '--no-keepalive',
  '--ssl',
  '--ssl-reqd',
  '--tlsv1.2',
  '--tlsv1.3',
  '-4',
  '--ipv4',
  '-6',
  '--ipv6',
  '--path-as-is',
  '--digest',
  '--basic',
  '--ntlm',
  '--negotiate',
  '--anyauth',
]);
const WITH_VALUE = new Set([
  '-X',
  '--request',
  '-H',
  '--header',
  '-d',
  '--data',
  '--data-ascii',
  '--data-raw',
  '--data-binary',
  '--data-urlencode',
  '--json',
  '-F',
  '--form',
  '--form-string',
  '-u',
  '--user',
  '-b',
  '--cookie',
  '-A',
  '--user-agent',
  '-e',
  '--referer',
  '--url',
  '-T',
  '--upload-file',
  '--oauth2-bearer',
]);

function randomId(): string {
  return `imp-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

function safeOrigin(text: string | undefined): string | null {
  if (!text) return null;
  try {
    return new URL(text).origin;
  } catch {
    return null;
  }
}

/** `--data-urlencode` content: `name=value` encodes the value, `=value` or `value` the whole. */
function urlencodeData(text: string): string {
  const at = text.indexOf('=');
  if (at < 0) return encodeURIComponent(text);
  if (at === 0) return encodeURIComponent(text.slice(1));
  return `${text.slice(0, at)}=${encodeURIComponent(text.slice(at + 1))}`;
}

/** The words of one command after `curl` → a request and its report. */
function convert(words: string[], options: CurlOptions): CurlRequest | { error: string } {
  const notes: ImportNote[] = [];
  let method: string | undefined;
  let url: string | undefined;
  const headers: { name: string; value: string; enabled: boolean }[] = [];
  const data: string[] = [];
  const files: string[] = [];
  const form: { text: string; literal: boolean }[] = [];
  let json = false;
  let get = false;
  const ignored: string[] = [];
  const args: Array<[string, string | undefined]> = [];
  // Options into [flag, value] pairs: `-XPOST`, `-sS`, `--data=…`, `--` all read as curl does.
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (w === '--') {
      for (const rest of words.slice(i + 1)) args.push(['', rest]);
      break;
    }
    if (w.startsWith('--')) {
      const eq = w.indexOf('=');
      const flag = eq > 0 && WITH_VALUE.has(w.slice(0, eq)) ? w.slice(0, eq) : w;
      if (WITH_VALUE.has(flag) || IGNORED_WITH_VALUE.has(flag)) {
        const value = flag !== w ? w.slice(eq + 1) : words[++i];
        if (value === undefined) return { error: `${flag} needs a value.` };
        args.push([flag, value]);
      } else args.push([flag, undefined]);
      continue;
    }
    if (w.startsWith('-') && w.length > 1) {
      for (let j = 1; j < w.length; j++) {
        const flag = `-${w[j]}`;
        if (WITH_VALUE.has(flag) || IGNORED_WITH_VALUE.has(flag)) {
          const value = j + 1 < w.length ? w.slice(j + 1) : words[++i];
          if (value === undefined) return { error: `${flag} needs a value.` };
          args.push([flag, value]);
          break;
        }
        args.push([flag, undefined]);
      }
      continue;
    }
    args.push(['', w]);
  }
  for (const [flag, value = ''] of args) {
    switch (flag) {
      case '':
        if (url === undefined) url = value;
        else ignored.push(`extra URL ${value.slice(0, 100)}`);
        break;
      case '--url':
        url = value;
        break;
      case '-X':
      case '--request':
        method = value.toUpperCase();
        break;
      case '-H':
      case '--header': {
        const m = /^([^:;]+?)\s*[:;]\s*(.*)$/s.exec(value);
        if (m) headers.push({ name: m[1].trim(), value: m[2].trim(), enabled: true });
        else if (value.startsWith('@')) ignored.push(`headers from file ${value.slice(1)}`);
        break;
      }
      case '-d':
      case '--data':
      case '--data-ascii':
      case '--data-binary':
      case '--data-raw':
        if (flag !== '--data-raw' && value.startsWith('@')) files.push(value.slice(1));
        else
          data.push(
            flag === '-d' || flag === '--data' || flag === '--data-ascii'
              ? value.replace(/[\r\n]/g, '')
              : value,
          );
        break;
      case '--data-urlencode':
        if (/^[^=]*@/.test(value) && !value.includes('='))
          files.push(value.slice(value.indexOf('@') + 1));
        else data.push(urlencodeData(value));
        break;
      case '--json':
        json = true;
        if (value.startsWith('@')) files.push(value.slice(1));
        else data.push(value);
        break;
      case '-F':
      case '--form':
      case '--form-string':
        form.push({ text: value, literal: flag === '--form-string' });
        break;
      case '-G':
      case '--get':
        get = true;
        break;
      case '-I':
      case '--head':
        method = 'HEAD';
        break;
      case '-T':
      case '--upload-file':
        files.push(value);
        method ??= 'PUT';
        break;
      case '-u':
      case '--user':
        notes.push({
          kind: 'dropped',
          what: `-u ${value.split(':')[0]}:…`,
          why: 'Tableau’s REST API does not take HTTP basic auth; the connection signs in (its user name or PAT).',
        });
        break;
      case '-b':
      case '--cookie':
      case '--oauth2-bearer':
        notes.push({
          kind: 'dropped',
          what: flag,
          why: 'It carries a credential, never kept; Trestle signs in with the connection.',
        });
        break;
      case '-A':
      case '--user-agent':
        headers.push({ name: 'User-Agent', value, enabled: true });
        break;
      case '-e':
      case '--referer':
        headers.push({ name: 'Referer', value, enabled: true });
        break;
      default:
        if (IGNORED_FLAGS.has(flag) || IGNORED_WITH_VALUE.has(flag)) ignored.push(flag);
        else ignored.push(`unknown option ${flag}`);
    }
  }
  if (!url) return { error: 'The command has no URL.' };
  if (ignored.length)
    notes.push({
      kind: 'dropped',
      what: `curl options ${[...new Set(ignored)].join(', ')}`,
      why: 'They change how curl runs, not the request; Trestle’s connection decides TLS, proxies and timeouts.',
    });

  // Headers: the token is Trestle's; Accept and a plain Content-Type are said by the body kind.
  let accept: 'json' | 'xml' = 'json';
  let contentType: string | undefined = json ? 'application/json' : undefined;
  const kept: typeof headers = [];
  for (const h of headers) {
    const lower = h.name.toLowerCase();
    if (lower === TOKEN_HEADER) {
      notes.push({
        kind: 'dropped',
        what: 'X-Tableau-Auth header',
        why: 'Its token is not kept: Trestle adds the session token of the tab’s connection.',
      });
      continue;
    }
    if (lower === 'authorization' || lower === 'cookie') {
      notes.push({
        kind: 'dropped',
        what: `${h.name} header`,
        why: 'It carries a credential, never kept; Trestle signs in with the connection.',
      });
      continue;
    }
    if (lower === 'content-length' || lower === 'host') continue;
    if (lower === 'accept' && /^application\/(json|xml)\s*(;.*)?$/i.test(h.value)) {
      accept = /xml/i.test(h.value) ? 'xml' : 'json';
      continue;
    }
    if (lower === 'content-type') {
      contentType = h.value;
      if (
        /^(application\/json|application\/xml|text\/xml)\s*(;.*)?$/i.test(h.value) ||
        /^multipart\//i.test(h.value)
      )
        continue;
    }
    kept.push(h);
  }

  let query = undefined as ReturnType<typeof parseQuery> | undefined;
  let body: RequestBody = { kind: 'none' };
  const joined = data.join('&');
  if (get && data.length) {
    const q = url.indexOf('?');
    query = [...(q < 0 ? [] : parseQuery(url.slice(q + 1))), ...parseQuery(joined)];
    url = q < 0 ? url : url.slice(0, q);
  } else if (data.length) {
    const first = joined.trimStart()[0];
    const type = (contentType ?? '').toLowerCase();
    if (/json/.test(type) || (!type && (first === '{' || first === '[')))
      body = { kind: 'json', text: joined };
    else if (/xml/.test(type) || (!type && first === '<')) body = { kind: 'xml', text: joined };
    else {
      body = {
        kind: 'text',
        text: joined,
        contentType: contentType ?? 'application/x-www-form-urlencoded',
      };
      const at = kept.findIndex((h) => h.name.toLowerCase() === 'content-type');
      if (at >= 0) kept.splice(at, 1);
    }
  }
  if (files.length)
    notes.push({
      kind: 'dropped',
      what: `body from ${files.map((f) => `@${f}`).join(', ')}`,
      why: 'A file named in the command is not part of it: paste the file’s content into the body.',
    });
  if (form.length) {
    // -F name=@file;type=…, name=<file (its content as a value), name=value; --form-string is literal.
    const parts: ImportedPart[] = form.map(({ text, literal }) => {
      const at = text.indexOf('=');
      const name = at < 0 ? text : text.slice(0, at);
      const rest = at < 0 ? '' : text.slice(at + 1);
      if (!literal && (rest.startsWith('@') || rest.startsWith('<'))) {
        const [src, ...params] = rest.slice(1).split(';');
        const type = params.find((p) => /^\s*type=/i.test(p))?.replace(/^\s*type=/i, '');
        return {
          name,
          kind: rest.startsWith('@') || name === 'request_payload' ? 'file' : 'text',
          src,
          contentType: type,
          value: undefined,
        };
      }
      const typed = literal ? null : /^(.*);type=([^;]+)$/s.exec(rest);
      return { name, kind: 'text', value: typed ? typed[1] : rest, contentType: typed?.[2] };
    });
    const read = multipartFromParts(parts);
    notes.push(...read.notes);
    if (read.body.kind === 'multipart') body = read.body;
  }

  const writtenMethod =
    method ?? (get ? 'GET' : data.length || files.length || form.length ? 'POST' : 'GET');
  const parsedMethod = httpMethodSchema.safeParse(writtenMethod);
  if (!parsedMethod.success)
    notes.push({
      kind: 'changed',
      what: `method ${writtenMethod}`,
      why: 'Tableau’s REST API uses GET, POST, PUT, PATCH and DELETE only; kept as GET.',
    });
  const finalMethod = parsedMethod.success ? parsedMethod.data : 'GET';

  const split = splitUrl(url, query ? { query } : {});
  notes.push(...split.notes);
  const origin = split.origin;
  const expected = safeOrigin(options.serverUrl);
  const actual = safeOrigin(origin ?? undefined);
  const sameServer = expected && actual ? expected === actual : null;
  if (sameServer === false)
    notes.push({
      kind: 'changed',
      what: `server ${actual}`,
      why: `The command is aimed at ${actual}, not at this tab’s connection (${expected}): add a connection for it to send it there.`,
    });
  const connection: ConnectionHint = actual ? { serverUrl: actual } : {};

  const session = sessionRequestKind(split.path);
  if (session) {
    notes.push(sessionRequestNote(session));
    if (body.kind === 'json' || body.kind === 'xml') {
      const clean = signInBody(body.text);
      Object.assign(connection, clean.hint);
      if (clean.emptied.length) {
        notes.push({
          kind: 'dropped',
          what: `${clean.emptied.join(', ')} in the body`,
          why: 'A sign-in secret is never kept; the connection holds it.',
        });
        body = { ...body, text: clean.text };
      }
    }
  }

  let path = split.path;
  let pathParams = split.pathParams;
  const link = linkPreset(finalMethod, path, pathParams);
  if (link) {
    path = link.path;
    pathParams = link.pathParams;
    notes.push({
      kind: 'mapped',
      what: `preset “${link.preset.name}”`,
      why: `Method and path match ${link.preset.id}${link.renamed.length ? ` (${link.renamed.join(', ')})` : ''}.`,
    });
  }
  const name = link
    ? link.preset.name
    : `${finalMethod} ${
        path
          .split('/')
          .filter((s) => s && !/^\{.*\}$/.test(s) && s !== 'api')
          .slice(-2)
          .join('/') || path
      }`.slice(0, 300);
  const request: SavedRequest = {
    id: (options.newId ?? randomId)(),
    name,
    description: '',
    spec: {
      method: finalMethod,
      path,
      pathParams,
      query: split.query,
      headers: kept,
      body,
      accept,
    },
  };
  if (link) request.presetId = link.preset.id;
  if (options.connectionId) request.connectionId = options.connectionId;
  const report: RequestReport = { folder: [], name, method: finalMethod, path, notes };
  if (link) report.presetId = link.preset.id;
  return { request, report, origin, sameServer, connection };
}

/** True when text reads as a curl command (what the path bar checks on paste). */
export function looksLikeCurl(text: string): boolean {
  return /^\s*(?:\$\s+)?curl(?:\.exe)?\s/i.test(text);
}

/** Splits text into curl commands (other commands — `echo`, `export` — are skipped). */
function curlCommands(text: string): Outcome<{ commands: string[][]; skipped: number }> {
  const words = shellWords(text);
  if (words.error) return { ok: false, error: { code: 'import.badCurl', message: words.error } };
  const commands: string[][] = [];
  let skipped = 0;
  for (const command of words.commands) {
    const start = command.findIndex((w) => /^curl(\.exe)?$/i.test(w));
    if (start < 0) skipped++;
    else commands.push(command.slice(start + 1));
  }
  return { ok: true, commands, skipped };
}

/** One pasted curl command → a request (the path bar's paste). */
export function importCurlCommand(text: string, options: CurlOptions = {}): Outcome<CurlRequest> {
  const large = sizeProblem(text, 'The command');
  if (large) return { ok: false, error: large };
  const read = curlCommands(text);
  if (!read.ok) return read;
  if (read.commands.length === 0)
    return {
      ok: false,
      error: {
        code: 'import.badCurl',
        message: 'This is not a curl command (it does not start with curl).',
      },
    };
  const result = convert(read.commands[0], options);
  if ('error' in result)
    return {
      ok: false,
      error: {
        code: 'import.badCurl',
        message: `The curl command cannot be read: ${result.error}`,
      },
    };
  return { ok: true, ...result };
}

/** A file (or paste) of curl commands → a collection of them, in order, and the report. */
export function importCurlCommands(
  text: string,
  options: CurlOptions & { name?: string } = {},
): Outcome<{ collection: CollectionFolder; report: ImportReport; results: CurlRequest[] }> {
  const large = sizeProblem(text, 'The file');
  if (large) return { ok: false, error: large };
  const read = curlCommands(text);
  if (!read.ok) return read;
  if (read.commands.length === 0)
    return {
      ok: false,
      error: {
        code: 'import.badCurl',
        message:
          'No curl command found (each line, or each command continued with \\, starts with curl).',
      },
    };
  if (read.commands.length > IMPORT_LIMITS.maxRequests)
    return {
      ok: false,
      error: {
        code: 'import.tooMany',
        message: `It holds more than ${IMPORT_LIMITS.maxRequests.toLocaleString('en-US')} commands. Nothing was imported.`,
      },
    };
  const newId = options.newId ?? randomId;
  const results: CurlRequest[] = [];
  for (const [i, words] of read.commands.entries()) {
    const result = convert(words, { ...options, newId });
    if ('error' in result)
      return {
        ok: false,
        error: {
          code: 'import.badCurl',
          message: `curl command ${i + 1} cannot be read: ${result.error} Nothing was imported.`,
        },
      };
    results.push(result);
  }
  const name = (options.name ?? 'Imported curl commands').slice(0, 300);
  const report: ImportReport = {
    source: 'curl',
    name,
    counts: emptyCounts(),
    notes: [],
    requests: results.map((r) => r.report),
  };
  if (read.skipped)
    report.notes.push({
      kind: 'dropped',
      what: `${read.skipped} other command${read.skipped > 1 ? 's' : ''}`,
      why: 'Only curl commands are imported.',
    });
  report.counts.requests = results.length;
  report.counts.mapped = results.filter((r) => r.request.presetId).length;
  report.counts.plain = results.length - report.counts.mapped;
  report.counts.session = results.filter((r) => sessionRequestKind(r.request.spec.path)).length;
  tallyNotes(report);
  return {
    ok: true,
    collection: { id: newId(), name, folders: [], requests: results.map((r) => r.request) },
    report,
    results,
  };
}

export interface PastedUrl {
  path: string;
  query: { name: string; value: string; enabled: boolean }[];
  pathParams: Record<string, string>;
  presetId?: string;
  /** The URL's origin when it differs from the tab's connection. */
  otherServer: string | null;
  notes: ImportNote[];
}

/**
 * A full URL pasted into the path bar: on the tab's server it becomes the API path with its
 * query split into parameters (`/api/3.19/` → `{api-version}`, the site LUID → `{site-id}`);
 * on another server, the same, with the server named so the user can add a connection.
 */
export function readPastedUrl(text: string, method: string, serverUrl?: string): PastedUrl | null {
  const trimmed = text.trim();
  if (!/^https?:\/\/\S+$/i.test(trimmed)) return null;
  const origin = safeOrigin(trimmed);
  if (!origin) return null;
  const split = splitUrl(trimmed);
  const expected = safeOrigin(serverUrl);
  const link = linkPreset(method, split.path, split.pathParams);
  return {
    path: link ? link.path : split.path,
    pathParams: link ? link.pathParams : split.pathParams,
    query: split.query,
    presetId: link?.preset.id,
    otherServer: expected && expected !== origin ? origin : null,
    notes: split.notes,
  };
}
