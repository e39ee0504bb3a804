import { parseJsonPath, type Assertion, type Capture } from '../captures';
import type { CollectionFolder, SavedRequest } from '../documents';
import type { Variable } from '../variables';
import { TOKEN_HEADER } from './tableau-session';

/**
 * A Trestle collection or folder → Postman collection v2.1 (postmanlabs/schemas draft-07
 * v2.1.0) that runs in Postman or newman as it is (DESIGN.md §13): a first "Sign in" request
 * signs in with a PAT from `{{pat-name}}`/`{{pat-secret}}` and keeps the token in `{{token}}`
 * for the collection's `X-Tableau-Auth`; a last one signs out. Nothing in the file is a token
 * or a secret: `pat-secret` and `token` are empty, secret variables are exported empty.
 * Captures and assertions become small test scripts, so a chain runs in newman as in Trestle.
 */

export const POSTMAN_V21_SCHEMA =
  'https://schema.getpostman.com/json/collection/v2.1.0/collection.json';

export interface PostmanExportOptions {
  /** The connection's server (not a secret): the `{{server}}` default. */
  serverUrl?: string;
  siteContentUrl?: string;
  /** The PAT's name (not a secret): the `{{pat-name}}` default. */
  patName?: string;
  /** Empty by default: the Sign in request asks the server (`/api/2.4/serverinfo`, as TSC does). */
  apiVersion?: string;
  /** Variables of the folders above an exported folder (innermost first), and the connection's. */
  inheritedVariables?: readonly Variable[];
}

export interface PostmanExport {
  text: string;
  /** What was left out (secret headers, secret values), in the user's words. */
  notes: string[];
}

/** Marks the requests Trestle adds, so importing the file again leaves them out. */
export const SESSION_MARK = '// trestle:session';
/** Carries a request's captures and assertions as data, so importing the file again restores them exactly. */
export const CHECKS_MARK = '// trestle:checks';

const SECRET_HEADERS = new Set([TOKEN_HEADER, 'authorization', 'cookie', 'proxy-authorization']);

interface PostmanVariable {
  key: string;
  value: string;
  type: 'string';
  disabled?: boolean;
}

function script(listen: 'prerequest' | 'test', lines: string[]) {
  return { listen, script: { type: 'text/javascript', exec: lines } };
}

const READ_PATH = [
  '  const read = (value, steps) => {',
  '    for (const step of steps) {',
  "      if (value === null || typeof value !== 'object') return undefined;",
  "      if (typeof step === 'number') {",
  '        const list = Array.isArray(value) ? value : [value];',
  '        value = list[step < 0 ? list.length + step : step];',
  '      } else {',
  '        if (Array.isArray(value)) value = value[0];',
  "        if (value === null || typeof value !== 'object') return undefined;",
  '        value = Object.prototype.hasOwnProperty.call(value, step) ? value[step] : undefined;',
  '      }',
  '    }',
  '    return value;',
  '  };',
  "  const text = (value) => (typeof value === 'string' ? value : JSON.stringify(value));",
  '  let body = null;',
  '  try { body = pm.response.json(); } catch (e) { body = null; }',
];

const SETTER: Record<Capture['scope'], string> = {
  run: 'pm.collectionVariables.set',
  collection: 'pm.collectionVariables.set',
  connection: 'pm.environment.set',
  global: 'pm.globals.set',
};

function steps(path: string): string {
  try {
    return JSON.stringify(parseJsonPath(path));
  } catch {
    return 'null';
  }
}

/** Trestle's captures and assertions as a test script; a 2xx/3xx check when no status is asserted. */
function testScript(request: SavedRequest): string[] {
  const captures = (request.captures ?? []).filter((c) => c.enabled);
  const assertions = (request.assertions ?? []).filter((a) => a.enabled);
  const lines: string[] = [
    '// Trestle: a request passes on a 2xx or 3xx answer and on every assertion saved with it.',
    `${CHECKS_MARK} ${JSON.stringify({ captures: request.captures ?? [], assertions: request.assertions ?? [] })}`,
    '(function () {',
  ];
  if (captures.length || assertions.some((a) => a.kind === 'jsonPath')) lines.push(...READ_PATH);
  if (!assertions.some((a) => a.kind === 'status'))
    lines.push(
      "  pm.test('status is 2xx or 3xx', () => pm.expect(pm.response.code).to.be.within(200, 399));",
    );
  for (const a of assertions) lines.push(`  ${assertionLine(a)}`);
  for (const c of captures) {
    const name = JSON.stringify(c.name);
    const value =
      c.from === 'status'
        ? 'String(pm.response.code)'
        : c.from === 'header'
          ? `pm.response.headers.get(${JSON.stringify(c.path)})`
          : `(() => { const s = ${steps(c.path)}; const v = s ? read(body, s) : undefined; return v === undefined ? undefined : text(v); })()`;
    lines.push(
      `  { const value = ${value}; if (value !== undefined && value !== null) ${SETTER[c.scope]}(${name}, value); }`,
    );
  }
  lines.push('})();');
  return lines;
}

function assertionLine(a: Assertion): string {
  switch (a.kind) {
    case 'status': {
      const expected = a.expected.toLowerCase();
      return expected.endsWith('xx')
        ? `pm.test(${JSON.stringify(`status is ${a.expected}`)}, () => pm.expect(String(pm.response.code)[0]).to.equal(${JSON.stringify(expected[0])}));`
        : `pm.test(${JSON.stringify(`status is ${a.expected}`)}, () => pm.expect(pm.response.code).to.equal(${Number(expected)}));`;
    }
    case 'timeUnder':
      return `pm.test(${JSON.stringify(`time under ${a.ms} ms`)}, () => pm.expect(pm.response.responseTime).to.be.below(${a.ms}));`;
    case 'jsonPath': {
      const found = `read(body, ${steps(a.path)})`;
      const label = JSON.stringify(
        `${a.path} ${a.op}${a.op === 'equals' || a.op === 'matches' ? ` ${a.value}` : ''}`,
      );
      if (a.op === 'exists')
        return `pm.test(${label}, () => pm.expect(${found}).to.not.equal(undefined));`;
      if (a.op === 'notExists')
        return `pm.test(${label}, () => pm.expect(${found}).to.equal(undefined));`;
      if (a.op === 'equals')
        return `pm.test(${label}, () => pm.expect(text(${found})).to.equal(${JSON.stringify(a.value)}));`;
      return `pm.test(${label}, () => pm.expect(text(${found})).to.match(new RegExp(${JSON.stringify(a.value)})));`;
    }
  }
}

/** A Trestle path template → Postman's URL object: `{api-version}`/`{site-id}` as variables, other placeholders as `:name`. */
function postmanUrl(request: SavedRequest) {
  const { spec } = request;
  const variable: { key: string; value: string }[] = [];
  const path = spec.path
    .split('/')
    .filter((s) => s !== '')
    .map((segment) =>
      segment.replace(/\{([A-Za-z0-9_-]+)\}/g, (whole, name: string) => {
        const value = spec.pathParams[name]?.trim();
        if (name === 'api-version' || name === 'site-id') return value || `{{${name}}}`;
        if (!variable.some((v) => v.key === name))
          variable.push({ key: name, value: value || `{{${name}}}` });
        return `:${name}`;
      }),
    );
  const query = spec.query
    .filter((q) => q.name.trim() !== '')
    .map((q) =>
      q.enabled ? { key: q.name, value: q.value } : { key: q.name, value: q.value, disabled: true },
    );
  const on = query.filter((q) => !('disabled' in q));
  const raw = `{{server}}/${path.join('/')}${on.length ? `?${on.map((q) => `${q.key}=${q.value}`).join('&')}` : ''}`;
  return {
    raw,
    host: ['{{server}}'],
    path,
    ...(query.length ? { query } : {}),
    ...(variable.length ? { variable } : {}),
  };
}

function postmanRequest(request: SavedRequest, notes: string[], where: string) {
  const { spec } = request;
  const header: { key: string; value: string; disabled?: boolean }[] = [
    { key: 'Accept', value: spec.accept === 'xml' ? 'application/xml' : 'application/json' },
  ];
  const body = spec.body;
  if (body.kind === 'json' || body.kind === 'graphql')
    header.push({ key: 'Content-Type', value: 'application/json' });
  if (body.kind === 'xml') header.push({ key: 'Content-Type', value: 'application/xml' });
  if (body.kind === 'text')
    header.push({ key: 'Content-Type', value: body.contentType ?? 'text/plain' });
  // As Tableau's own collection does: Postman builds the parts, the header names them mixed.
  if (body.kind === 'multipart') header.push({ key: 'Content-Type', value: 'multipart/mixed' });
  for (const h of spec.headers) {
    if (h.name.trim() === '') continue;
    const lower = h.name.toLowerCase();
    if (SECRET_HEADERS.has(lower)) {
      if (lower !== TOKEN_HEADER)
        notes.push(`${where}: the ${h.name} header was left out (it carries a credential).`);
      continue;
    }
    if (lower === 'accept' || (lower === 'content-type' && body.kind !== 'none')) {
      const at = header.findIndex((x) => x.key.toLowerCase() === lower);
      if (h.enabled && at >= 0) header[at] = { key: h.name, value: h.value };
      continue;
    }
    header.push(
      h.enabled ? { key: h.name, value: h.value } : { key: h.name, value: h.value, disabled: true },
    );
  }
  const out: Record<string, unknown> = { method: spec.method, header, url: postmanUrl(request) };
  if (body.kind === 'json' || body.kind === 'xml' || body.kind === 'text')
    out.body = {
      mode: 'raw',
      raw: body.text,
      options: { raw: { language: body.kind === 'text' ? 'text' : body.kind } },
    };
  if (body.kind === 'graphql')
    out.body = { mode: 'graphql', graphql: { query: body.text, variables: body.variables } };
  if (body.kind === 'multipart') {
    out.body = {
      mode: 'formdata',
      formdata: [
        {
          key: 'request_payload',
          value: body.text,
          type: 'text',
          contentType: body.payloadType === 'json' ? 'application/json' : 'text/xml',
        },
        ...body.files.map((f) => ({
          key: f.name,
          type: 'file',
          src: f.path,
          ...(f.contentType ? { contentType: f.contentType } : {}),
        })),
      ],
    };
    notes.push(
      `${where}: Postman and newman cannot send multipart/mixed (postmanlabs/postman-app-support#11471; the sandbox answers 406): the request is written as Tableau’s own collection writes it, form-data parts under a multipart/mixed header. Publish with trestle publish or a Copy as snippet.`,
    );
    if (body.files.some((f) => f.offset !== undefined || f.length !== undefined))
      notes.push(
        `${where}: Postman sends whole files; the file slice (a chunk of an upload) was not kept.`,
      );
  }
  if (request.description) out.description = request.description;
  return out;
}

function signInItem() {
  return {
    name: 'Sign in (Trestle)',
    event: [
      script('prerequest', [
        `${SESSION_MARK}: signs in with the personal access token named by {{pat-name}}, its secret in {{pat-secret}}`,
        '// (set both in an environment or with newman --env-var; the file holds no secret). The token goes to {{token}}.',
        "const server = pm.variables.get('server');",
        "pm.request.body.update(JSON.stringify({ credentials: { personalAccessTokenName: pm.variables.get('pat-name'), personalAccessTokenSecret: pm.variables.get('pat-secret'), site: { contentUrl: pm.variables.get('site-content-url') || '' } } }));",
        "if (!pm.variables.get('api-version')) {",
        '  // The REST API version of the server: serverinfo answers under any version from 2.4 on (TSC asks /api/2.4/serverinfo too).',
        "  pm.sendRequest({ url: server + '/api/2.4/serverinfo', method: 'GET', header: { Accept: 'application/json' } }, (error, response) => {",
        "    if (!error) pm.collectionVariables.set('api-version', response.json().serverInfo.restApiVersion);",
        '  });',
        '}',
      ]),
      script('test', [
        SESSION_MARK,
        "pm.test('signed in', () => pm.expect(pm.response.code).to.equal(200));",
        'const credentials = pm.response.json().credentials;',
        "pm.collectionVariables.set('token', credentials.token);",
        "pm.collectionVariables.set('site-id', credentials.site.id);",
      ]),
    ],
    request: {
      auth: { type: 'noauth' },
      method: 'POST',
      header: [
        { key: 'Accept', value: 'application/json' },
        { key: 'Content-Type', value: 'application/json' },
      ],
      body: { mode: 'raw', raw: '{}', options: { raw: { language: 'json' } } },
      url: {
        raw: '{{server}}/api/{{api-version}}/auth/signin',
        host: ['{{server}}'],
        path: ['api', '{{api-version}}', 'auth', 'signin'],
      },
      description:
        'Added by Trestle: signs in and keeps the session token in {{token}} for the requests after it.',
    },
  };
}

function signOutItem() {
  return {
    name: 'Sign out (Trestle)',
    event: [
      script('test', [
        SESSION_MARK,
        "pm.test('signed out', () => pm.expect(pm.response.code).to.equal(204));",
        "pm.collectionVariables.set('token', '');",
      ]),
    ],
    request: {
      method: 'POST',
      header: [{ key: 'Accept', value: 'application/json' }],
      url: {
        raw: '{{server}}/api/{{api-version}}/auth/signout',
        host: ['{{server}}'],
        path: ['api', '{{api-version}}', 'auth', 'signout'],
      },
      description: 'Added by Trestle: ends the session (a PAT holds one session at a time).',
    },
  };
}

function items(folder: CollectionFolder, notes: string[], names: string[]): unknown[] {
  const out: unknown[] = [];
  for (const request of folder.requests) {
    const where = [...names, request.name].join(' / ');
    out.push({
      name: request.name,
      event: [script('test', testScript(request))],
      request: postmanRequest(request, notes, where),
    });
  }
  for (const sub of folder.folders) {
    const item: Record<string, unknown> = {
      name: sub.name,
      item: items(sub, notes, [...names, sub.name]),
    };
    const vars = variablesOf(sub.variables ?? [], notes, [...names, sub.name].join(' / '));
    if (vars.length) item.variable = vars;
    out.push(item);
  }
  return out;
}

function variablesOf(list: readonly Variable[], notes: string[], where: string): PostmanVariable[] {
  return list.map((v) => {
    if (v.secret && v.value)
      notes.push(`${where}: {{${v.name}}} is secret and was exported empty.`);
    const out: PostmanVariable = { key: v.name, value: v.secret ? '' : v.value, type: 'string' };
    if (!v.enabled) out.disabled = true;
    return out;
  });
}

function originOf(url: string | undefined): string {
  try {
    return url ? new URL(url).origin : '';
  } catch {
    return '';
  }
}

const SESSION_VARIABLES = [
  'server',
  'api-version',
  'site-content-url',
  'pat-name',
  'pat-secret',
  'token',
  'site-id',
];

export function exportPostman(
  folder: CollectionFolder,
  options: PostmanExportOptions = {},
): PostmanExport {
  const notes: string[] = [];
  const session: PostmanVariable[] = [
    {
      key: 'server',
      value: originOf(options.serverUrl),
      type: 'string',
    },
    { key: 'api-version', value: options.apiVersion ?? '', type: 'string' },
    { key: 'site-content-url', value: options.siteContentUrl ?? '', type: 'string' },
    { key: 'pat-name', value: options.patName ?? '', type: 'string' },
    { key: 'pat-secret', value: '', type: 'string' },
    { key: 'token', value: '', type: 'string' },
    { key: 'site-id', value: '', type: 'string' },
  ];
  // The folder's own variables win over the ones above it; Trestle's session variables are kept apart.
  const seen = new Set(SESSION_VARIABLES);
  const own: Variable[] = [];
  for (const v of [...(folder.variables ?? []), ...(options.inheritedVariables ?? [])]) {
    if (seen.has(v.name)) {
      if (SESSION_VARIABLES.includes(v.name))
        notes.push(
          `{{${v.name}}} is Trestle’s session variable in the export; the collection’s own value was left out.`,
        );
      continue;
    }
    seen.add(v.name);
    own.push(v);
  }
  const collection = {
    info: {
      name: folder.name,
      description:
        'Exported from Trestle. Set pat-name and pat-secret (an environment, or newman --env-var), then run: the first request signs in, the last signs out.',
      schema: POSTMAN_V21_SCHEMA,
    },
    auth: {
      type: 'apikey',
      apikey: [
        { key: 'key', value: 'X-Tableau-Auth', type: 'string' },
        { key: 'value', value: '{{token}}', type: 'string' },
        { key: 'in', value: 'header', type: 'string' },
      ],
    },
    item: [signInItem(), ...items(folder, notes, [folder.name]), signOutItem()],
    variable: [...session, ...variablesOf(own, notes, folder.name)],
  };
  return { text: `${JSON.stringify(collection, null, 2)}\n`, notes };
}
