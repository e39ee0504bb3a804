import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CREDENTIALS, startSandbox, type RunningSandbox } from '../sandbox';
import type { CollectionFolder, SavedRequest } from '../shared/documents';
import {
  filesUnder,
  removeScratch,
  repoRoot,
  sandboxProxy,
  scratchDir,
  SECRET_ENV,
  serverFlags,
  trestle,
} from './test-support';

/**
 * `trestle import`, `export` and the round trips between them, run as the real command; the
 * exported Postman collection is run by newman (the repo's dev dependency) against the
 * sandbox, through a proxy that notes every session token, and none is in any file written.
 */

const fixtures = path.join(repoRoot, 'shared', 'interop', 'fixtures');
let sandbox: RunningSandbox;
let proxy: Awaited<ReturnType<typeof sandboxProxy>>;
let dir: string;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, seed: 5 });
  proxy = await sandboxProxy(sandbox.url);
  dir = scratchDir('interop');
});
afterAll(async () => {
  await proxy.close();
  await sandbox.stop();
  removeScratch();
});

const SITE = '/api/{api-version}/sites/{site-id}';
let n = 0;
function request(
  name: string,
  method: SavedRequest['spec']['method'],
  p: string,
  extra: Partial<SavedRequest> & { body?: unknown; pathParams?: Record<string, string> } = {},
): SavedRequest {
  const { body, pathParams, ...rest } = extra;
  return {
    id: `r${++n}`,
    name,
    description: '',
    spec: {
      method,
      path: p,
      pathParams: pathParams ?? {},
      query: [],
      headers: [],
      body: body ? { kind: 'json', text: JSON.stringify(body) } : { kind: 'none' },
      accept: 'json',
    },
    ...rest,
  };
}

const chain: CollectionFolder = {
  id: 'c1',
  name: 'Chain',
  variables: [{ name: 'tag', value: 'newman', secret: false, enabled: true }],
  folders: [],
  requests: [
    request('Create Project', 'POST', `${SITE}/projects`, {
      presetId: 'projects.create-project',
      body: { project: { name: 'Exported {{tag}}' } },
      captures: [
        { name: 'project-id', from: 'body', path: 'project.id', scope: 'run', enabled: true },
      ],
      assertions: [{ kind: 'status', expected: '201', enabled: true }],
    }),
    request('Update Project', 'PUT', `${SITE}/projects/{project-id}`, {
      presetId: 'projects.update-project',
      pathParams: { 'project-id': '{{project-id}}' },
      body: { project: { description: 'set by newman' } },
      assertions: [
        {
          kind: 'jsonPath',
          path: 'project.description',
          op: 'equals',
          value: 'set by newman',
          enabled: true,
        },
      ],
    }),
    request('Delete Project', 'DELETE', `${SITE}/projects/{project-id}`, {
      presetId: 'projects.delete-project',
      pathParams: { 'project-id': '{{project-id}}' },
    }),
  ],
};

function run(
  command: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: repoRoot,
      env: { PATH: process.env.PATH ?? '', HOME: dir, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const strip = (folder: CollectionFolder): unknown => ({
  name: folder.name,
  variables: folder.variables,
  requests: folder.requests.map(({ id: _id, connectionId: _c, ...rest }) => rest),
  folders: folder.folders.map(strip),
});

describe('trestle import', () => {
  it('imports a Postman collection into the data folder, prints the report, and a second import gets its own name', async () => {
    const data = scratchDir('data');
    const first = await trestle([
      'import',
      'postman',
      path.join(fixtures, 'constructs.postman_collection.json'),
      '--data-dir',
      data,
    ]);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout.split('\n')[0]).toMatch(
      /^Postman collection v2\.1 “Admin constructs”: 14 requests in 3 folders; \d+ linked to catalog presets/,
    );
    expect(first.stdout).toContain(
      'Users / Admin / Update User (PUT /api/{api-version}/sites/{site-id}/users/{user-id})',
    );
    expect(first.stdout).toContain(
      'The file points at server https://tableau.example.com, site “finance”, PAT ci-bot',
    );
    const doc = JSON.parse(fs.readFileSync(path.join(data, 'collections.json'), 'utf8'));
    expect(doc.collections.map((c: CollectionFolder) => c.name)).toEqual(['Admin constructs']);
    await trestle([
      'import',
      'postman',
      path.join(fixtures, 'constructs.postman_collection.json'),
      '--data-dir',
      data,
    ]);
    const into = await trestle(
      [
        'import',
        'curl',
        '-',
        '--data-dir',
        data,
        '--into',
        'admin constructs/Users',
        '--name',
        'From the forum',
      ],
      {
        input:
          'curl -H "X-Tableau-Auth: abc" https://tableau.example.com/api/3.19/sites/9a8b7c6d-1234-4bcd-8ef0-0123456789ab/groups\n',
      },
    );
    expect(into.code).toBe(0);
    const after = JSON.parse(fs.readFileSync(path.join(data, 'collections.json'), 'utf8'));
    expect(after.collections.map((c: CollectionFolder) => c.name)).toEqual([
      'Admin constructs',
      'Admin constructs (2)',
    ]);
    const users = after.collections[0].folders[0];
    expect(users.folders.map((f: CollectionFolder) => f.name)).toEqual(['Admin', 'From the forum']);
    expect(users.folders[1].requests[0]).toMatchObject({
      name: 'Query Groups',
      presetId: 'users.query-groups',
    });
  });

  it('reads an environment with --env and writes nothing with --dry-run; its secrets are nowhere in the output', async () => {
    const data = scratchDir('dry');
    const result = await trestle([
      'import',
      'postman',
      path.join(fixtures, 'tableau-reduced.postman_collection.json'),
      '--env',
      path.join(fixtures, 'tableau.postman_environment.json'),
      '--data-dir',
      data,
      '--dry-run',
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('13 linked to catalog presets (100.0%)');
    expect(result.stdout).toContain(
      'The file points at server https://tableau.example.com, site “finance”, PAT admin-bot',
    );
    expect(result.stdout).toContain(
      'Environment “Tableau Environment”: 3 variables read (1 secret)',
    );
    expect(result.stdout).toContain('Nothing was written (--dry-run).');
    expect(result.stdout).not.toMatch(/pat-secret-value-xyz|pw-literal|ca-secret/);
    expect(fs.readdirSync(data)).toEqual([]);
  });

  it('--env with --connection: the environment’s variables join the connection’s, secret values never written', async () => {
    const data = scratchDir('env');
    fs.writeFileSync(
      path.join(data, 'connections.json'),
      JSON.stringify({
        schemaVersion: 1,
        connections: [
          {
            id: 'prod',
            name: 'Production',
            serverUrl: 'https://tableau.example.com',
            siteContentUrl: 'finance',
            auth: { kind: 'pat', identity: 'admin-bot' },
            apiVersion: { mode: 'auto' },
          },
        ],
      }),
    );
    fs.writeFileSync(
      path.join(data, 'variables.json'),
      JSON.stringify({
        schemaVersion: 1,
        globals: [],
        environments: {
          prod: [
            { name: 'workbook-id', value: 'old', secret: false, enabled: true },
            { name: 'keep', value: 'me', secret: false, enabled: true },
          ],
        },
      }),
    );
    const result = await trestle([
      'import',
      'postman',
      path.join(fixtures, 'tableau-reduced.postman_collection.json'),
      '--env',
      path.join(fixtures, 'tableau.postman_environment.json'),
      '--connection',
      'production',
      '--data-dir',
      data,
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('Environment into connection “Production”');
    expect(result.stdout).toContain(
      '2 added, 1 updated; 1 secret value not written ({{connected-app-secret-value}})',
    );
    const doc = JSON.parse(fs.readFileSync(path.join(data, 'variables.json'), 'utf8'));
    expect(doc.environments.prod).toEqual([
      {
        name: 'workbook-id',
        value: '3f0c1a2b-0000-4000-8000-000000000001',
        secret: false,
        enabled: true,
      },
      { name: 'keep', value: 'me', secret: false, enabled: true },
      { name: 'connected-app-secret-value', value: '', secret: true, enabled: true },
      { name: 'schedule-id', value: '', secret: false, enabled: false },
    ]);
    expect(fs.readFileSync(path.join(data, 'variables.json'), 'utf8')).not.toContain('ca-secret');
  });

  it('refuses a bad file with exit 2 and one line, and leaves the data folder as it was', async () => {
    const data = scratchDir('bad');
    const collections = path.join(data, 'collections.json');
    fs.writeFileSync(collections, JSON.stringify({ schemaVersion: 2, collections: [chain] }));
    const before = fs.readFileSync(collections, 'utf8');
    const notJson = path.join(dir, 'broken.json');
    fs.writeFileSync(notJson, '{"info": {"name": "x",}');
    for (const args of [
      ['import', 'postman', notJson, '--data-dir', data],
      [
        'import',
        'postman',
        path.join(fixtures, 'tableau.postman_environment.json'),
        '--data-dir',
        data,
      ],
      ['import', 'postman', path.join(dir, 'missing.json'), '--data-dir', data],
      ['import', 'curl', '-', '--data-dir', data],
      ['import', 'files', dir, '--data-dir', data],
      ['import', 'yaml', notJson],
    ]) {
      const result = await trestle(args, { input: 'echo not curl\n' });
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr.split('\n').filter(Boolean), result.stderr).toHaveLength(1);
      expect(result.stdout).toBe('');
    }
    expect(fs.readFileSync(collections, 'utf8')).toBe(before);
    expect(fs.readdirSync(data)).toEqual(['collections.json']);
  });
});

describe('trestle export', () => {
  it('files: a tree for git that trestle import files reads back losslessly; an earlier export is replaced', async () => {
    const file = path.join(dir, 'chain.json');
    fs.writeFileSync(file, JSON.stringify(chain));
    const out = path.join(dir, 'tree');
    const written = await trestle(['export', 'files', file, '--out', out]);
    expect(written.code).toBe(0);
    expect(
      filesUnder(out)
        .map((f) => path.relative(out, f))
        .sort(),
    ).toEqual([
      'Create Project.request.json',
      'Delete Project.request.json',
      'Update Project.request.json',
      'collection.json',
    ]);
    const back = path.join(dir, 'back.json');
    const imported = await trestle(['import', 'files', out, '--out', back]);
    expect(imported.code).toBe(0);
    expect(strip(JSON.parse(fs.readFileSync(back, 'utf8')))).toEqual(strip(chain));

    const fewer = { ...chain, requests: chain.requests.slice(0, 1) };
    fs.writeFileSync(file, JSON.stringify(fewer));
    const again = await trestle(['export', 'files', file, '--out', out]);
    expect(again.stdout).toContain('(2 files of the earlier export removed)');
    expect(
      filesUnder(out)
        .map((f) => path.basename(f))
        .sort(),
    ).toEqual(['Create Project.request.json', 'collection.json']);
    const occupied = scratchDir('occupied');
    fs.writeFileSync(path.join(occupied, 'notes.txt'), 'mine');
    const refused = await trestle(['export', 'files', file, '--out', occupied]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('is not empty and holds no earlier export');
    fs.writeFileSync(file, JSON.stringify(chain));
  });

  it('postman: newman runs the exported chain against the sandbox unchanged; no token or secret in the file', async () => {
    const file = path.join(dir, 'chain-export.json');
    fs.writeFileSync(file, JSON.stringify(chain));
    const exported = path.join(dir, 'chain.postman_collection.json');
    const written = await trestle([
      'export',
      'postman',
      file,
      '--out',
      exported,
      '--server',
      proxy.url,
      '--pat-name',
      DEMO_CREDENTIALS.patName,
    ]);
    expect(written.code).toBe(0);
    const newman = await run(
      path.join(repoRoot, 'node_modules', '.bin', 'newman'),
      [
        'run',
        exported,
        '--env-var',
        `pat-secret=${DEMO_CREDENTIALS.patSecret}`,
        '--reporters',
        'cli',
      ],
      {},
    );
    expect(newman.stdout).toMatch(/✓ {2}signed in/);
    expect(newman.stdout).toMatch(/✓ {2}status is 201/);
    expect(newman.stdout).toMatch(/✓ {2}project\.description equals set by newman/);
    expect(newman.stdout).toMatch(/✓ {2}signed out/);
    expect(newman.code, newman.stdout).toBe(0);
    expect(newman.stdout).toMatch(
      /DELETE http:\/\/127\.0\.0\.1:\d+\/api\/3\.\d+\/sites\/[0-9a-f-]{36}\/projects\/[0-9a-f-]{36} \[204 No Content/,
    );
    // The last request signed out: no session of the PAT is left behind.
    expect(sandbox.sessions()).toEqual([]);
    expect(proxy.tokens.size).toBeGreaterThan(0);
    const text = fs.readFileSync(exported, 'utf8');
    for (const token of proxy.tokens) expect(text).not.toContain(token);
    expect(text).not.toContain(DEMO_CREDENTIALS.patSecret);
  });

  it('postman → import → trestle run: the chain still passes', async () => {
    const exported = path.join(dir, 'chain.postman_collection.json');
    const back = path.join(dir, 'chain-back.json');
    const imported = await trestle(['import', 'postman', exported, '--out', back]);
    expect(imported.code).toBe(0);
    const result = await trestle(['run', back, ...serverFlags(sandbox.url, DEMO_CREDENTIALS)], {
      secret: DEMO_CREDENTIALS.patSecret,
    });
    expect(result.stderr).toContain('Chain: 3 passed, 0 failed, 0 skipped');
    expect(result.code).toBe(0);
    expect(SECRET_ENV).toBe('TRESTLE_TEST_PAT_SECRET');
  });
});
