import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CREDENTIALS, startSandbox, type RunningSandbox } from '../../sandbox';
import { catalog, type Family, type Preset } from './index';

/**
 * The catalog and the sandbox cross-checked: every preset must reach a handler (any answer
 * but Tableau's "unknown resource" 404003) on the platform it is for — Tableau Server for
 * server and server-and-cloud presets, the sandbox's Tableau Cloud mode (`--cloud`) for
 * Cloud-only ones — so the catalog's paths and the sandbox's routes cannot drift apart.
 * Presets the sandbox does not serve are listed below, each with the reason.
 */

/** Whole families the sandbox does not serve, and why. */
const FAMILIES_NOT_IN_SANDBOX: Partial<Record<Family, string>> = {
  metrics:
    'legacy metrics were retired (Tableau Cloud February 2024, Server 2024.2, API 3.23): the sandbox emulates 3.29, where Tableau no longer answers them',
};

/** Single presets the sandbox does not serve, and why. */
const NOT_IN_SANDBOX: Record<string, string> = {
  'metadata.get-backfill-status':
    'Metadata API control endpoints (/api/metadata/v1/control) belong to the Metadata API service, which the sandbox serves only as GraphQL',
  'metadata.get-eventing-status':
    'Metadata API control endpoints (/api/metadata/v1/control) belong to the Metadata API service, which the sandbox serves only as GraphQL',
  ...Object.fromEntries(
    ['add', 'query', 'delete-for-user', 'delete-for-group'].map((verb) => [
      verb === 'add'
        ? 'collections.add-collection-permissions'
        : verb === 'query'
          ? 'collections.query-collection-permissions'
          : `collections.delete-collection-permission-${verb.replace('delete-', '')}`,
      'collections (3.28) are served by the versionless /api/-/collections API, which the sandbox does not model, so no collection holds permissions',
    ]),
  ),
  ...Object.fromEntries(
    [
      ['metric', 'metric'],
      ['ask-data-lens', 'Ask Data lens'],
    ].flatMap(([slug, label]) =>
      [
        `permissions.add-${slug}-permissions`,
        `permissions.query-${slug}-permissions`,
        `permissions.delete-${slug}-permission-for-user`,
        `permissions.delete-${slug}-permission-for-group`,
      ].map((id) => [
        id,
        `${label} permissions: ${label === 'metric' ? 'legacy metrics' : 'Ask Data'} retired in Tableau Cloud February 2024 / Server 2024.2 (API 3.23), so the emulated 3.29 server has no such items`,
      ]),
    ),
  ),
  'favorites.delete-collections-from-favorites':
    'collections (REST API 3.28) are not modelled, so no collection can be a favorite',
};

/** Versionless `/api/-/` APIs the sandbox does not serve, by path prefix. */
const VERSIONLESS_NOT_IN_SANDBOX: Array<[string, string]> = [
  [
    '/api/-/askdata/',
    'Ask Data lenses were retired (Tableau Cloud February 2024, Server 2024.2, API 3.23): the emulated 3.29 server no longer answers them',
  ],
  [
    '/api/-/collections',
    'collections (3.28): their versionless paths come from third-party clients only and no answer shape could be confirmed, so the sandbox does not model them',
  ],
];

function exceptionFor(preset: Preset): string | undefined {
  return (
    NOT_IN_SANDBOX[preset.id] ??
    FAMILIES_NOT_IN_SANDBOX[preset.family] ??
    VERSIONLESS_NOT_IN_SANDBOX.find(([prefix]) => preset.path.startsWith(prefix))?.[1]
  );
}

const FAKE_ID = '00000000-0000-4000-8000-000000000000';
let server: RunningSandbox;
let cloud: RunningSandbox;

beforeAll(async () => {
  [server, cloud] = await Promise.all([
    startSandbox({ port: 0 }),
    startSandbox({ port: 0, cloud: true }),
  ]);
});

afterAll(() => Promise.all([server.stop(), cloud.stop()]));

interface Session {
  token: string;
  siteId: string;
  userId: string;
}

/** A fresh session per preset: sign-out, session deletion or PAT revocation must not leak. */
async function signIn(sandbox: RunningSandbox): Promise<Session> {
  const response = await fetch(`${sandbox.url}/api/3.29/auth/signin`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({
      credentials: {
        name: DEMO_CREDENTIALS.username,
        password: DEMO_CREDENTIALS.password,
        site: { contentUrl: '' },
      },
    }),
  });
  const body = (await response.json()) as {
    credentials?: { token: string; site: { id: string }; user: { id: string } };
  };
  if (!body.credentials) throw new Error(`sign-in failed: HTTP ${response.status}`);
  return {
    token: body.credentials.token,
    siteId: body.credentials.site.id,
    userId: body.credentials.user.id,
  };
}

/**
 * Session placeholders from the session; every other id is a LUID that exists nowhere, so a
 * method that changes an item cannot touch the signed-in admin (the answer is then its 404).
 */
function urlFor(sandbox: RunningSandbox, preset: Preset, session: Session): string {
  const sources = new Map(preset.pathParams.map((p) => [p.name, p.source]));
  const path = preset.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    if (name === 'api-version') return '3.29';
    if (name === 'site-id') return session.siteId;
    if (name === 'user-id' && sources.get(name) === 'session') return session.userId;
    return name.endsWith('-id') || name.endsWith('luid') ? FAKE_ID : 'x';
  });
  return `${sandbox.url}${path}`;
}

interface Answer {
  status: number;
  code: string;
  detail: string;
}

async function answer(sandbox: RunningSandbox, preset: Preset): Promise<Answer> {
  const session = await signIn(sandbox);
  const response = await fetch(urlFor(sandbox, preset, session), {
    method: preset.method,
    headers: {
      'x-tableau-auth': session.token,
      accept: 'application/json',
      'content-type': 'application/json',
    },
    body:
      preset.method === 'GET' || preset.method === 'DELETE'
        ? undefined
        : JSON.stringify(preset.body?.template ?? {}),
  });
  const text = await response.text();
  let error: { code?: string; detail?: string } = {};
  try {
    error = (JSON.parse(text) as { error?: typeof error }).error ?? {};
  } catch {
    // A file (image, PDF, zip) or an empty 204: not an error body.
  }
  return { status: response.status, code: error.code ?? '', detail: error.detail ?? '' };
}

const isUnknownPath = (a: Answer) => /Unknown resource .* specified in URI/.test(a.detail);
/** Not served: an unknown path (404003), or a path that exists only for other verbs (405000). */
const isNotServed = (a: Answer) => isUnknownPath(a) || a.code === '405000';

/** Checks each preset on its platform; returns the lines of what went wrong. */
async function crossCheck(sandbox: RunningSandbox, presets: Preset[]) {
  const unknown: string[] = [];
  const failed: string[] = [];
  const unauthorised: string[] = [];
  const servedExceptions: string[] = [];
  // Methods that change the signed-in site itself go last: after them, sign-in may not work.
  const changesSite = (p: Preset) =>
    p.path === '/api/{api-version}/sites/{site-id}' && p.method !== 'GET';
  const ordered = [...presets.filter((p) => !changesSite(p)), ...presets.filter(changesSite)];
  for (const preset of ordered) {
    const result = await answer(sandbox, preset).catch((error: Error) => {
      throw new Error(`${preset.id}: ${error.message}`);
    });
    const line = `${preset.id}  ${preset.method} ${preset.path} → ${result.status} ${result.code}`;
    const excepted = exceptionFor(preset) !== undefined;
    if (isUnknownPath(result) && !excepted) unknown.push(line);
    // A listed exception that the sandbox does answer: the list is out of date.
    if (!isNotServed(result) && excepted) {
      servedExceptions.push(line);
    }
    if (result.status >= 500) failed.push(line);
    // A fresh admin session: a 401 means the sandbox lost or refused it, not a method answer
    // (sign-in and switch-site to the template's unknown site answer 401001, as Tableau does).
    if (result.status === 401 && !/\/auth\/(signin|switchSite)$/.test(preset.path)) {
      unauthorised.push(line);
    }
  }
  return { unknown, failed, unauthorised, servedExceptions };
}

describe('catalog × sandbox', () => {
  it('answers every preset on its platform, except the listed ones, without a server error', async () => {
    const onServer = catalog.filter((p) => p.availability !== 'cloud');
    const onCloud = catalog.filter((p) => p.availability === 'cloud');
    const results = [await crossCheck(server, onServer), await crossCheck(cloud, onCloud)];
    const all = [...onServer, ...onCloud];
    const exceptions = all.filter((p) => exceptionFor(p) !== undefined);
    const answered = all.length - exceptions.length;
    const reasons = new Map<string, number>();
    for (const p of exceptions) {
      const reason = exceptionFor(p) as string;
      reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
    }
    console.log(
      `catalog × sandbox: ${answered} of ${all.length} presets answered (${onServer.length - exceptions.filter((p) => p.availability !== 'cloud').length} on Tableau Server, ${onCloud.length - exceptions.filter((p) => p.availability === 'cloud').length} on the Cloud pod); ${exceptions.length} listed exceptions:\n` +
        [...reasons].map(([reason, n]) => `  ${n}× ${reason}`).join('\n'),
    );
    for (const key of ['unknown', 'failed', 'unauthorised', 'servedExceptions'] as const) {
      expect(
        results.flatMap((r) => r[key]),
        key,
      ).toEqual([]);
    }
  });

  it('keeps server administration off the Cloud pod and Cloud-only methods off the server', async () => {
    const serverOnly = catalog.filter((p) => p.availability === 'server' && !exceptionFor(p));
    const cloudOnly = catalog.filter((p) => p.availability === 'cloud' && !exceptionFor(p));
    // Fresh sandboxes: the first test deletes and renames the signed-in sites at its end.
    const [freshServer, freshCloud] = await Promise.all([
      startSandbox({ port: 0 }),
      startSandbox({ port: 0, cloud: true }),
    ]);
    const wrong: string[] = [];
    try {
      for (const [sandbox, presets] of [
        [freshCloud, serverOnly],
        [freshServer, cloudOnly],
      ] as const) {
        for (const preset of presets) {
          const result = await answer(sandbox, preset);
          if (!isNotServed(result)) wrong.push(`${preset.id} → ${result.status} ${result.code}`);
        }
      }
    } finally {
      await Promise.all([freshServer.stop(), freshCloud.stop()]);
    }
    expect(serverOnly.length + cloudOnly.length).toBeGreaterThan(20);
    expect(wrong).toEqual([]);
  });
});
