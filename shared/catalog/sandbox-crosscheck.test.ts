import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CREDENTIALS, startSandbox, type RunningSandbox } from '../../sandbox';
import { catalog, type Family, type Preset } from './index';

/**
 * The catalog and the sandbox cross-checked: every preset of a family the sandbox implements
 * must reach a handler there (any answer but Tableau's "unknown resource" 404003), so the
 * catalog's paths and the sandbox's routes cannot drift apart.
 */
const IMPLEMENTED_FAMILIES: Family[] = [
  'authentication',
  'server',
  'sites',
  'projects',
  'users-and-groups',
  'workbooks-and-views',
  'data-sources',
  'favorites',
  'jobs-tasks-and-schedules',
  'permissions',
  'revisions',
];

/** The four permission presets (query, add, delete for user / group) of one resource type. */
function permissionPresets(slug: string, reason: string): Record<string, string> {
  return Object.fromEntries(
    [
      `permissions.query-${slug}-permissions`,
      `permissions.add-${slug}-permissions`,
      `permissions.delete-${slug}-permission-for-user`,
      `permissions.delete-${slug}-permission-for-group`,
    ].map((id) => [id, reason]),
  );
}

/** Presets of those families the sandbox does not serve, each with the reason. */
const NOT_IN_SANDBOX: Record<string, string> = {
  ...permissionPresets(
    'virtual-connection',
    'virtual connections (Data Management add-on) are not modelled, so there is no item to hold permissions',
  ),
  ...permissionPresets(
    'database',
    'Tableau Catalog databases (Data Management add-on) are not modelled',
  ),
  ...permissionPresets('table', 'Tableau Catalog tables (Data Management add-on) are not modelled'),
  ...permissionPresets(
    'metric',
    'legacy metrics (retired in Tableau Server 2024.2 / Cloud, replaced by Pulse) are not modelled',
  ),
  ...permissionPresets(
    'ask-data-lens',
    'Ask Data lenses (Ask Data retired in Tableau Server 2024.2 / Cloud) are not modelled',
  ),
};

const FAKE_ID = '00000000-0000-4000-8000-000000000000';
let sandbox: RunningSandbox;
let token = '';
let siteId = '';
let userId = '';

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
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
    credentials: { token: string; site: { id: string }; user: { id: string } };
  };
  ({ token } = body.credentials);
  siteId = body.credentials.site.id;
  userId = body.credentials.user.id;
});

afterAll(() => sandbox.stop());

function urlFor(preset: Preset): string {
  const path = preset.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    if (name === 'api-version') return '3.29';
    if (name === 'site-id') return siteId;
    if (name === 'user-id') return userId;
    return name.endsWith('-id') || name.endsWith('luid') ? FAKE_ID : 'x';
  });
  return `${sandbox.url}${path}`;
}

async function isUnknownPath(
  preset: Preset,
): Promise<{ unknown: boolean; status: number; detail: string }> {
  const response = await fetch(urlFor(preset), {
    method: preset.method,
    headers: {
      'x-tableau-auth': token,
      accept: 'application/json',
      'content-type': 'application/json',
    },
    body:
      preset.method === 'GET' || preset.method === 'DELETE'
        ? undefined
        : JSON.stringify(preset.body?.template ?? {}),
  });
  const text = await response.text();
  let detail: string;
  try {
    detail = (JSON.parse(text) as { error?: { detail?: string } }).error?.detail ?? '';
  } catch {
    detail = '';
  }
  return {
    unknown: /Unknown resource .* specified in URI/.test(detail),
    status: response.status,
    detail,
  };
}

describe('catalog × sandbox', () => {
  it('the sandbox answers every preset of the families it implements', async () => {
    const presets = catalog.filter(
      (p) =>
        IMPLEMENTED_FAMILIES.includes(p.family) &&
        !p.path.startsWith('/api/-/') &&
        p.availability !== 'cloud',
    );
    const unknown: string[] = [];
    for (const preset of presets) {
      const result = await isUnknownPath(preset);
      if (result.unknown && !NOT_IN_SANDBOX[preset.id])
        unknown.push(`${preset.id}  ${preset.method} ${preset.path}`);
    }
    const answered = presets.length - unknown.length - Object.keys(NOT_IN_SANDBOX).length;
    console.log(
      `catalog × sandbox: ${answered} of ${presets.length} presets answered; ${Object.keys(NOT_IN_SANDBOX).length} listed exceptions`,
    );
    expect(unknown).toEqual([]);
  });
});
