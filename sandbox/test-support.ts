import { XMLParser } from 'fast-xml-parser';
import { DEMO_CREDENTIALS, startSandbox, type RunningSandbox, type SandboxOptions } from './index';

/** A small HTTP client for tests: JSON by default, XML on request. */
export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  // Parsed JSON (or the XML parsed with attributes as plain keys).
  body: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

const xml = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
});

export async function call(
  sandbox: RunningSandbox,
  method: string,
  path: string,
  options: {
    token?: string;
    body?: unknown;
    xml?: boolean;
    version?: string;
    rawBody?: string | Buffer;
    contentType?: string;
  } = {},
): Promise<Reply> {
  const headers: Record<string, string> = {};
  if (!options.xml) headers.Accept = 'application/json';
  if (options.token) headers['X-Tableau-Auth'] = options.token;
  let body: string | Uint8Array | undefined;
  if (options.rawBody !== undefined) {
    body = typeof options.rawBody === 'string' ? options.rawBody : new Uint8Array(options.rawBody);
    headers['Content-Type'] = options.contentType ?? 'application/xml';
  } else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['Content-Type'] = 'application/json';
  }
  const url =
    path.startsWith('/api/') || path.startsWith('/__')
      ? path
      : `/api/${options.version ?? '3.29'}${path}`;
  const res = await fetch(sandbox.url + url, { method, headers, body });
  const text = await res.text();
  let parsed: Record<string, unknown> = {};
  if (text) {
    const isJson = (res.headers.get('content-type') ?? '').includes('json');
    parsed = isJson ? JSON.parse(text) : (xml.parse(text) as Record<string, unknown>);
  }
  return { status: res.status, headers: res.headers, text, body: parsed };
}

export interface SignedIn {
  token: string;
  siteId: string;
  userId: string;
}

export async function signIn(
  sandbox: RunningSandbox,
  contentUrl = '',
  version = '3.29',
): Promise<SignedIn> {
  const res = await call(sandbox, 'POST', '/auth/signin', {
    version,
    body: {
      credentials: {
        name: DEMO_CREDENTIALS.username,
        password: DEMO_CREDENTIALS.password,
        site: { contentUrl },
      },
    },
  });
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${res.text}`);
  const c = res.body.credentials;
  return { token: c.token, siteId: c.site.id, userId: c.user.id };
}

export async function withSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  return startSandbox({ port: 0, ...options });
}

/** Element path → attribute names, over a whole XML document (the shape the fidelity test compares). */
export type Shape = Map<string, Set<string>>;

const shapeParser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  removeNSPrefix: true,
  preserveOrder: true,
  parseTagValue: false,
  parseAttributeValue: false,
});

type OrderedNode = Record<string, unknown> & { ':@'?: Record<string, string> };

export function xmlShape(text: string): Shape {
  const shape: Shape = new Map();
  const walk = (nodes: OrderedNode[], path: string) => {
    for (const node of nodes) {
      const name = Object.keys(node).find((k) => k !== ':@');
      if (!name || name === '#text' || name.startsWith('?')) continue;
      const key = path ? `${path}/${name}` : name;
      const attrs = shape.get(key) ?? new Set<string>();
      for (const attr of Object.keys(node[':@'] ?? {})) {
        if (!attr.startsWith('xmlns') && attr !== 'schemaLocation') attrs.add(attr);
      }
      shape.set(key, attrs);
      walk(node[name] as OrderedNode[], key);
    }
  };
  walk(shapeParser.parse(text) as OrderedNode[], '');
  return shape;
}

/** What the fixture has that the sandbox lacks, and what the sandbox adds. */
export function compareShapes(
  fixture: Shape,
  sandbox: Shape,
): { missing: string[]; extra: string[] } {
  const missing: string[] = [];
  const extra: string[] = [];
  for (const [path, attrs] of fixture) {
    const mine = sandbox.get(path);
    if (!mine) {
      missing.push(path);
      continue;
    }
    for (const a of attrs) if (!mine.has(a)) missing.push(`${path}@${a}`);
  }
  for (const [path, attrs] of sandbox) {
    const theirs = fixture.get(path);
    if (!theirs) extra.push(path);
    else for (const a of attrs) if (!theirs.has(a)) extra.push(`${path}@${a}`);
  }
  return { missing, extra };
}
