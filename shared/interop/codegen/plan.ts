import { findPreset, type Preset } from '../../catalog';
import type { RequestSpec } from '../../request';
import { resolveText, type VariableLayer } from '../../variables';
import { TOKEN_HEADER } from '../tableau-session';

/**
 * What every code generator needs, worked out once (DESIGN.md §13): the request with its
 * `{{variables}}` resolved where they are plain values, and turned into environment
 * variables the snippet reads where they are secret or unknown; the path as pieces (the API
 * version, the site id from sign-in, the rest); the sign-in it starts with. No generator
 * ever sees a token: there is none here — snippets sign in themselves, or read
 * `TABLEAU_TOKEN`.
 */

/** A stretch of text: literal, or the value of an environment variable read at run time. */
export type Part = { text: string } | { env: string };
export type Template = Part[];

export type PathPiece =
  | { kind: 'text'; text: string }
  | { kind: 'api-version' }
  | { kind: 'site-id' }
  /** A placeholder's value: one path segment, URL-encoded when the snippet runs. */
  | { kind: 'value'; value: Template };

export type SignIn = 'pat' | 'password' | 'token';

export interface CodegenInput {
  spec: RequestSpec;
  presetId?: string;
  /** The saved request's name, for the snippet's first line. */
  name?: string;
  /** The connection's server: not a secret, written as the TABLEAU_SERVER default. */
  serverUrl?: string;
  /** The site's content URL ("" is the Default site): the TABLEAU_SITE default. */
  siteContentUrl?: string;
  /** The session's or connection's REST API version: the TABLEAU_API_VERSION default. */
  apiVersion?: string;
  /** How the snippet signs in: a PAT (default), a user name and password, or a token it is given. */
  signIn?: SignIn;
  /** The PAT name or user name: not a secret, the default of TABLEAU_PAT_NAME / TABLEAU_USERNAME. */
  identity?: string;
  /** Variables to resolve; secret ones are never written, but read from the environment. */
  layers?: readonly VariableLayer[];
}

export interface EnvParam {
  env: string;
  /** What it stands for, without braces (they would end a shell's `${X:?…}`): "variable project-id", "path field user-id". */
  stands: string;
}

export interface Plan {
  title: string;
  /** The snippet's first line: "Get Users on Site: GET /api/{api-version}/sites/{site-id}/users". */
  heading: string;
  method: string;
  preset?: Preset;
  path: PathPiece[];
  query: { name: Template; value: Template }[];
  /** Extra headers (the token, Accept and Content-Type are the generator's). */
  headers: { name: string; value: Template }[];
  accept: 'json' | 'xml';
  contentType?: string;
  body?: Template;
  /** A multipart/mixed body (publish, file upload, CSV import): `contentType` is multipart/mixed. */
  multipart?: Multipart;
  /** Environment variables the snippet reads besides TABLEAU_*, in order of first use. */
  params: EnvParam[];
  server: string;
  site: string;
  apiVersion: string;
  signIn: SignIn;
  identity: string;
  notes: string[];
}

export interface MultipartFilePlan {
  /** The part's name: `tableau_workbook`. */
  name: string;
  /** The environment variable with the file's path: `WORKBOOK_FILE`. */
  env: string;
  /** The request's own path for it, the variable's default ('' when not picked). */
  path: string;
  filename?: string;
  contentType: string;
}

export interface Multipart {
  payload: Template;
  payloadType: 'xml' | 'json';
  files: MultipartFilePlan[];
}

/** `tableau_workbook` → `WORKBOOK_FILE`: the environment variable naming a part's file. */
export function fileEnv(part: string): string {
  return `${envName(part.replace(/^tableau_/i, ''))}_FILE`;
}

export const DEFAULT_SERVER = 'https://tableau.example.com';
/** Used when neither the session nor the connection says: a version every current server speaks. */
export const DEFAULT_API_VERSION = '3.19';

const RESERVED = /^TABLEAU_/;
const DROPPED_HEADERS = new Set([
  TOKEN_HEADER,
  'authorization',
  'cookie',
  'proxy-authorization',
  'content-length',
  'host',
  'accept',
]);

/** `project-id` → `PROJECT_ID`: an environment variable name from a variable or placeholder name. */
export function envName(name: string): string {
  let out = name
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toUpperCase();
  if (!out || /^\d/.test(out)) out = `VAR_${out}`;
  if (RESERVED.test(out)) out = `VAR_${out}`;
  return out;
}

export function planRequest(input: CodegenInput): Plan {
  const notes: string[] = [];
  const params: EnvParam[] = [];
  const spec = input.spec;
  const layers = input.layers ?? [];
  const param = (name: string, stands: string): string => {
    const env = envName(name);
    if (!params.some((p) => p.env === env)) params.push({ env, stands });
    return env;
  };
  /** Resolves plain `{{variables}}`; the rest (secret or unknown) become environment variables. */
  const template = (text: string): Template => {
    const resolved = resolveText(text, layers, { secrets: 'keep' }).text;
    const parts: Template = [];
    let last = 0;
    for (const m of resolved.matchAll(/\{\{\s*([^{}]+?)\s*\}\}/g)) {
      if (m.index > last) parts.push({ text: resolved.slice(last, m.index) });
      parts.push({ env: param(m[1], `variable ${m[1]}`) });
      last = m.index + m[0].length;
    }
    if (last < resolved.length) parts.push({ text: resolved.slice(last) });
    return parts;
  };

  const path: PathPiece[] = [];
  let rest = spec.path;
  const placeholder = /\{([A-Za-z0-9_-]+)\}/g;
  let at = 0;
  for (const m of rest.matchAll(placeholder)) {
    if (m.index > at) path.push(...template(rest.slice(at, m.index)).map(literalPiece));
    const name = m[1];
    const given = spec.pathParams[name]?.trim() ?? '';
    if (name === 'api-version' && !given) path.push({ kind: 'api-version' });
    else if (name === 'site-id' && !given) path.push({ kind: 'site-id' });
    else if (given) path.push({ kind: 'value', value: template(given) });
    else path.push({ kind: 'value', value: [{ env: param(name, `path field ${name}`) }] });
    at = m.index + m[0].length;
  }
  rest = rest.slice(at);
  if (rest) path.push(...template(rest).map(literalPiece));

  const query = spec.query
    .filter((q) => q.enabled && q.name.trim() !== '')
    .map((q) => ({ name: template(q.name), value: template(q.value) }));
  let contentType: string | undefined;
  const headers: Plan['headers'] = [];
  for (const h of spec.headers) {
    if (!h.enabled || h.name.trim() === '') continue;
    const lower = h.name.trim().toLowerCase();
    if (DROPPED_HEADERS.has(lower)) {
      if (lower !== 'accept' && lower !== 'content-length' && lower !== 'host')
        notes.push(`The ${h.name} header is left out: the snippet signs in itself.`);
      continue;
    }
    if (lower === 'content-type') {
      contentType = h.value;
      continue;
    }
    headers.push({ name: h.name, value: template(h.value) });
  }
  let body: Template | undefined;
  let multipart: Multipart | undefined;
  const b = spec.body;
  if (b.kind === 'json' || b.kind === 'xml' || b.kind === 'text') {
    body = template(b.text);
    contentType ??=
      b.kind === 'json'
        ? 'application/json'
        : b.kind === 'xml'
          ? 'application/xml'
          : (b.contentType ?? 'text/plain');
  } else if (b.kind === 'graphql') {
    // The Metadata API takes {query, variables}: the JSON is built here, as the engine sends it.
    let variables: unknown;
    try {
      variables = b.variables.trim() ? JSON.parse(b.variables) : undefined;
    } catch {
      notes.push('The GraphQL variables are not valid JSON and were left out.');
    }
    body = template(
      JSON.stringify(
        {
          query: b.text,
          ...(variables !== undefined ? { variables } : {}),
          ...(b.operationName ? { operationName: b.operationName } : {}),
        },
        null,
        2,
      ),
    );
    contentType ??= 'application/json';
  } else if (b.kind === 'multipart') {
    // Tableau's multipart/mixed (tableau-api.md §6): the payload part, then each file, read
    // from the path the snippet is given (an environment variable, the request's path by default).
    multipart = {
      payload: template(b.text),
      payloadType: b.payloadType,
      files: b.files.map((f) => ({
        name: f.name,
        env: fileEnv(f.name),
        path: f.path,
        filename: f.filename,
        contentType: f.contentType ?? 'application/octet-stream',
      })),
    };
    contentType = 'multipart/mixed';
    if (b.files.some((f) => f.offset !== undefined || f.length !== undefined))
      notes.push(
        'The snippet sends whole files; for a chunked upload use TSC, which chunks by itself.',
      );
  }

  const preset = input.presetId ? findPreset(input.presetId) : undefined;
  const name = input.name?.replace(/\s+/g, ' ').trim();
  const signIn = input.signIn ?? 'pat';
  return {
    title: name || preset?.name || `${spec.method} ${spec.path}`,
    heading:
      name || preset
        ? `${name || preset?.name}: ${spec.method} ${preset?.path ?? spec.path}`
        : `${spec.method} ${spec.path}`,
    method: spec.method,
    preset,
    path,
    query,
    headers,
    accept: spec.accept,
    contentType,
    body,
    multipart,
    params,
    server: originOr(input.serverUrl),
    site: input.siteContentUrl ?? '',
    apiVersion: input.apiVersion?.trim() || DEFAULT_API_VERSION,
    signIn,
    identity: input.identity ?? '',
    notes,
  };
}

function literalPiece(part: Part): PathPiece {
  return 'text' in part ? { kind: 'text', text: part.text } : { kind: 'value', value: [part] };
}

function originOr(url: string | undefined): string {
  try {
    return url ? new URL(url).origin : DEFAULT_SERVER;
  } catch {
    return DEFAULT_SERVER;
  }
}

/** Literal text with every `{{name}}` the plan turned into a parameter, for comments. */
export function templateText(template: Template): string {
  return template.map((p) => ('text' in p ? p.text : `$${p.env}`)).join('');
}

/** Percent-encodes query text the way URLSearchParams does (space as `+`). */
export function formEncode(text: string): string {
  return new URLSearchParams([['x', text]]).toString().slice(2);
}

/** True when the plan's path or query has a value only known when the snippet runs. */
export function needsRuntimeEncoding(plan: Plan): boolean {
  return (
    plan.path.some((p) => p.kind === 'value' && p.value.some((x) => 'env' in x)) ||
    plan.query.some((q) => [...q.name, ...q.value].some((x) => 'env' in x))
  );
}
