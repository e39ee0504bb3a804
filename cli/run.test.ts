import fs from 'node:fs';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CREDENTIALS, startSandbox, type RunningSandbox } from '../sandbox';
import type { CollectionFolder, SavedRequest } from '../shared/documents';
import { removeScratch, scratchDir, serverFlags, trestle } from './test-support';

let sandbox: RunningSandbox;
let server: string[];
let dir: string;
const run = (args: string[]) =>
  trestle(['run', ...args, ...server], { secret: DEMO_CREDENTIALS.patSecret });

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, seed: 2 });
  server = serverFlags(sandbox.url, DEMO_CREDENTIALS);
  dir = scratchDir('run');
});
afterAll(async () => {
  await sandbox.stop();
  removeScratch();
});

const SITE = '/api/{api-version}/sites/{site-id}';
let n = 0;
function request(
  name: string,
  method: SavedRequest['spec']['method'],
  path: string,
  extra: { body?: unknown; captures?: unknown[]; assertions?: unknown[] } = {},
): SavedRequest {
  return {
    id: `r${++n}`,
    name,
    description: '',
    spec: {
      method,
      path,
      pathParams: {},
      query: [],
      headers: [],
      body: extra.body ? { kind: 'json', text: JSON.stringify(extra.body) } : { kind: 'none' },
      accept: 'json',
    },
    captures: extra.captures as SavedRequest['captures'],
    assertions: extra.assertions as SavedRequest['assertions'],
  };
}

const onboarding: CollectionFolder = {
  id: 'c1',
  name: 'Onboarding',
  requests: [],
  folders: [
    {
      id: 'f1',
      name: 'Chain',
      folders: [],
      requests: [
        request('Create Project', 'POST', `${SITE}/projects`, {
          body: { project: { name: 'CLI project {{tag}}' } },
          captures: [{ name: 'project-id', path: 'project.id' }],
          assertions: [{ kind: 'status', expected: '201' }],
        }),
        request('Add User to Site', 'POST', `${SITE}/users`, {
          body: { user: { name: 'cli-user-{{tag}}', siteRole: 'Viewer' } },
          captures: [{ name: 'user-id', path: 'user.id' }],
        }),
        request('Update User', 'PUT', `${SITE}/users/{{user-id}}`, {
          body: { user: { siteRole: 'Creator' } },
          assertions: [{ kind: 'jsonPath', path: 'user.siteRole', op: 'equals', value: 'Creator' }],
        }),
        request('Delete Project', 'DELETE', `${SITE}/projects/{{project-id}}`),
        request('Remove User from Site', 'DELETE', `${SITE}/users/{{user-id}}`),
      ],
    },
    {
      id: 'f2',
      name: 'Provision',
      folders: [],
      requests: [
        request('Add User to Site', 'POST', `${SITE}/users`, {
          body: { user: { name: '{{name}}', siteRole: '{{siteRole}}' } },
          assertions: [{ kind: 'status', expected: '201' }],
        }),
      ],
    },
  ],
};

function write(name: string, content: unknown): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

describe('trestle run', () => {
  it('runs a folder of a collection file as a chain and writes a JUnit report CI can read', async () => {
    const file = write('onboarding.json', onboarding);
    const junit = path.join(dir, 'chain.xml');
    const result = await run([
      `${file}:Chain`,
      '--env',
      'tag=one',
      '--reporter',
      `cli,junit:${junit}`,
    ]);
    expect(result.stderr).toContain('Onboarding / Chain: 5 passed, 0 failed, 0 skipped');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^✔ 1\. Create Project — POST 201 in/m);
    expect(result.stdout).toMatch(/set project-id = [0-9a-f-]{36}/);
    const report = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(
      fs.readFileSync(junit, 'utf8'),
    );
    expect(report.testsuites).toMatchObject({ tests: '5', failures: '0' });
    expect(report.testsuites.testsuite.testcase.map((t: { name: string }) => t.name)).toEqual([
      '1. Create Project',
      '2. Add User to Site',
      '3. Update User',
      '4. Delete Project',
      '5. Remove User from Site',
    ]);
    // Signed out at the end: the PAT's one session is not left behind.
    expect(sandbox.sessions()).toEqual([]);
  });

  it('iterates CSV rows, sends nothing for a row missing a column, and exits 1', async () => {
    const file = write('onboarding2.json', { schemaVersion: 2, collections: [onboarding] });
    const data = write('rows.csv', 'name,siteRole\ncli-row-1,Viewer\ncli-row-2,Explorer\n');
    const ok = await run([
      `${file}:Onboarding/Provision`,
      '--data',
      data,
      '--reporter',
      `json:${path.join(dir, 'r.json')}`,
    ]);
    expect(ok.code).toBe(0);
    const outcome = JSON.parse(fs.readFileSync(path.join(dir, 'r.json'), 'utf8'));
    expect(outcome).toMatchObject({ rows: 2, passed: 2, failed: 0 });

    const missing = write('missing.csv', 'name\ncli-row-3\n');
    const bad = await run([`${file}:Onboarding/Provision`, '--data', missing]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain(
      'variables.unresolved: Unresolved {{siteRole}} (body) (row 1 has name): nothing was sent for this row.',
    );
  });

  it('refuses bad input with exit 2 and one line: a malformed data file, an unknown folder, a bad reporter', async () => {
    const file = write('onboarding3.json', onboarding);
    const ragged = write('ragged.csv', 'name,siteRole\na,b,c\n');
    const malformed = await run([`${file}:Provision`, '--data', ragged]);
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toBe(
      'trestle run: ragged.csv, line 2: 3 values for 2 columns (name, siteRole).\n',
    );
    const folder = await run([`${file}:Nope`]);
    expect(folder.code).toBe(2);
    expect(folder.stderr).toContain(
      '“Onboarding” has no folder “Nope” (its folders: “Chain”, “Provision”)',
    );
    const reporter = await run([`${file}:Chain`, '--reporter', 'xml:out.xml']);
    expect(reporter.code).toBe(2);
    expect(reporter.stderr.split('\n').filter(Boolean)).toHaveLength(1);
  });

  it('takes a secret variable from the environment, sends it, and masks it in every result', async () => {
    const secretCollection = {
      id: 'c-secret',
      name: 'Secret',
      folders: [],
      requests: [
        {
          ...request('Find project', 'GET', `${SITE}/projects`),
          spec: {
            ...request('x', 'GET', `${SITE}/projects`).spec,
            query: [{ name: 'filter', value: 'name:eq:{{hidden}}', enabled: true }],
          },
        },
      ],
    };
    const file = write('secret.json', secretCollection);
    const report = path.join(dir, 'secret-report.json');
    const ok = await trestle(
      [
        'run',
        file,
        '--secret-env',
        'hidden=RUN_SECRET',
        '--reporter',
        `cli,json:${report}`,
        ...server,
      ],
      { secret: DEMO_CREDENTIALS.patSecret, env: { RUN_SECRET: 'Top Secret Project' } },
    );
    expect(ok.code).toBe(0);
    const written = fs.readFileSync(report, 'utf8');
    expect(written).toMatch(/"url": ".*filter=name%3Aeq%3A••••••"/);
    for (const text of [written, ok.stdout, ok.stderr]) {
      expect(text).not.toContain('Top Secret Project');
      expect(text).not.toContain('Top%20Secret');
    }
    const unset = await run([file, '--secret-env', 'hidden=NOT_SET_ANYWHERE']);
    expect(unset.code).toBe(2);
    expect(unset.stderr).toContain('the environment variable NOT_SET_ANYWHERE is not set');
  });

  it('runs a collection saved in a data folder, by name', async () => {
    const dataDir = scratchDir('data');
    fs.writeFileSync(
      path.join(dataDir, 'collections.json'),
      JSON.stringify({ schemaVersion: 2, collections: [onboarding] }),
    );
    const result = await run(['onboarding/chain', '--data-dir', dataDir, '--env', 'tag=two']);
    expect(result.code).toBe(0);
    const unknown = await run(['Offboarding', '--data-dir', dataDir]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('No collection “Offboarding”');
  });
});
