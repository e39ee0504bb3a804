import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CREDENTIALS, startSandbox, type RunningSandbox } from '../sandbox';
import type { CollectionFolder } from '../shared/documents';
import { removeScratch, sandboxProxy, scratchDir, trestle } from './test-support';

/**
 * `trestle codegen` as the real command, and its snippets run as written against the sandbox
 * (through a proxy that notes every session token): curl with bash, Python requests and TSC
 * with Python 3, fetch with Node. Then every snippet is searched for every token the sandbox
 * gave out and for the PAT secret. Python needs `requests` (Debian: python3-requests); TSC
 * runs when TSC_SOURCE names a checkout of tableau/server-client-python, as sandbox/tsc does.
 */

const python = process.env.TSC_PYTHON ?? '/usr/bin/python3';
/** A real packaged workbook from Tableau's Python client's test assets (../shared/reference/samples). */
const workbookFile = path.resolve(
  import.meta.dirname,
  '../../shared/reference/samples/SampleWB.twbx',
);
const hasRequests =
  fs.existsSync(python) &&
  spawnSync(python, ['-c', 'import requests'], { stdio: 'ignore' }).status === 0;
const tscSource = process.env.TSC_SOURCE;
const hasTsc =
  hasRequests && !!tscSource && fs.existsSync(path.join(tscSource, 'tableauserverclient'));
if (!hasRequests)
  console.log(
    `Python snippets skipped: ${python} cannot import requests (apt-get install python3-requests).`,
  );
if (!hasTsc)
  console.log(
    'TSC snippets skipped: set TSC_SOURCE to a checkout of tableau/server-client-python.',
  );

let sandbox: RunningSandbox;
let proxy: Awaited<ReturnType<typeof sandboxProxy>>;
let dir: string;
let collectionFile: string;
const snippets: string[] = [];

const SITE = '/api/{api-version}/sites/{site-id}';
const collection: CollectionFolder = {
  id: 'c',
  name: 'Admin',
  variables: [{ name: 'role', value: 'Creator', secret: false, enabled: true }],
  folders: [],
  requests: [
    {
      id: 'r1',
      name: 'Creators',
      description: '',
      presetId: 'users.get-users-on-site',
      spec: {
        method: 'GET',
        path: `${SITE}/users`,
        pathParams: {},
        query: [
          { name: 'filter', value: 'siteRole:eq:{{role}}', enabled: true },
          { name: 'pageSize', value: '3', enabled: true },
        ],
        headers: [],
        body: { kind: 'none' },
        accept: 'json',
      },
    },
    {
      id: 'r2',
      name: 'New project',
      description: '',
      presetId: 'projects.create-project',
      spec: {
        method: 'POST',
        path: `${SITE}/projects`,
        pathParams: {},
        query: [],
        headers: [],
        body: {
          kind: 'json',
          text: '{\n  "project": { "name": "Snippet {{run}} $HOME `x` \\"q\\"" }\n}',
        },
        accept: 'json',
      },
    },
    {
      id: 'r3',
      name: 'One user',
      description: '',
      presetId: 'users.query-user-on-site',
      spec: {
        method: 'GET',
        path: `${SITE}/users/{user-id}`,
        pathParams: { 'user-id': '{{user-id}}' },
        query: [],
        headers: [],
        body: { kind: 'none' },
        accept: 'xml',
      },
    },
  ],
};

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, seed: 9 });
  proxy = await sandboxProxy(sandbox.url);
  dir = scratchDir('codegen');
  collectionFile = path.join(dir, 'admin.json');
  // Publishing needs a project: the sandbox's first one, read once over plain HTTP.
  const signIn = await fetch(`${sandbox.url}/api/3.29/auth/signin`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({
      credentials: {
        personalAccessTokenName: DEMO_CREDENTIALS.patName,
        personalAccessTokenSecret: DEMO_CREDENTIALS.patSecret,
        site: { contentUrl: '' },
      },
    }),
  });
  const { credentials } = (await signIn.json()) as {
    credentials: { token: string; site: { id: string } };
  };
  const projects = await fetch(
    `${sandbox.url}/api/3.29/sites/${credentials.site.id}/projects?pageSize=1`,
    { headers: { 'x-tableau-auth': credentials.token, accept: 'application/json' } },
  );
  const projectId = ((await projects.json()) as { projects: { project: { id: string }[] } })
    .projects.project[0].id;
  await fetch(`${sandbox.url}/api/3.29/auth/signout`, {
    method: 'POST',
    headers: { 'x-tableau-auth': credentials.token },
  });
  collection.requests.push({
    id: 'r4',
    name: 'Publish',
    description: '',
    presetId: 'publishing.publish-workbook',
    spec: {
      method: 'POST',
      path: `${SITE}/workbooks`,
      pathParams: {},
      query: [
        { name: 'overwrite', value: 'true', enabled: true },
        { name: 'workbookType', value: 'twbx', enabled: true },
      ],
      headers: [],
      body: {
        kind: 'multipart',
        text: `<tsRequest>\n  <workbook name="Snippet Sales">\n    <project id="${projectId}"/>\n  </workbook>\n</tsRequest>`,
        payloadType: 'xml',
        files: [{ name: 'tableau_workbook', path: workbookFile }],
      },
      accept: 'json',
    },
  });
  fs.writeFileSync(collectionFile, JSON.stringify(collection));
});
afterAll(async () => {
  await proxy.close();
  await sandbox.stop();
  removeScratch();
});

/** `trestle codegen` for a request of the collection file, against the proxy; the snippet's text. */
async function generate(language: string, request: string, extra: string[] = []): Promise<string> {
  const result = await trestle([
    'codegen',
    '--lang',
    language,
    `${collectionFile}:${request}`,
    '--server',
    proxy.url,
    '--api-version',
    '3.29',
    '--pat-name',
    DEMO_CREDENTIALS.patName,
    ...extra,
  ]);
  expect(result.code, result.stderr).toBe(0);
  snippets.push(result.stdout);
  return result.stdout;
}

/** Runs a snippet as a user would: its file, the secret in the environment it names. */
function execute(
  command: string,
  file: string,
  env: Record<string, string> = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, [file], {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: dir,
        TABLEAU_PAT_SECRET: DEMO_CREDENTIALS.patSecret,
        ...env,
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const runners: Array<{ language: string; command: string; ext: string; available: boolean }> = [
  { language: 'curl', command: 'bash', ext: 'sh', available: true },
  { language: 'javascript', command: process.execPath, ext: 'mjs', available: true },
  { language: 'python', command: python, ext: 'py', available: hasRequests },
  { language: 'tsc', command: python, ext: 'py', available: hasTsc },
];

describe('trestle codegen: snippets run as written against the sandbox', () => {
  for (const runner of runners) {
    describe.skipIf(!runner.available)(runner.language, () => {
      it('lists with a filter and a {{variable}} resolved from the collection', async () => {
        const file = path.join(dir, `list-${runner.language}.${runner.ext}`);
        fs.writeFileSync(file, await generate(runner.language, 'Creators'));
        const result = await execute(runner.command, file, { PYTHONPATH: tscSource ?? '' });
        expect(result.code, result.stderr).toBe(0);
        if (runner.language === 'tsc')
          expect(
            result.stdout
              .trim()
              .split('\n')
              .every((line) => line.endsWith(' Creator')),
          ).toBe(true);
        else {
          const answer = JSON.parse(result.stdout);
          expect(answer.users.user.length).toBe(3);
          expect(
            answer.users.user.every((u: { siteRole: string }) => u.siteRole === 'Creator'),
          ).toBe(true);
        }
      });

      it('creates a project from a body with shell and quote characters, a variable read from the environment', async () => {
        const file = path.join(dir, `create-${runner.language}.${runner.ext}`);
        fs.writeFileSync(file, await generate(runner.language, 'New project'));
        const missing = await execute(runner.command, file, { PYTHONPATH: tscSource ?? '' });
        expect(missing.code).not.toBe(0);
        expect(missing.stderr).toMatch(/RUN/);
        const result = await execute(runner.command, file, {
          RUN: `${runner.language} é`,
          PYTHONPATH: tscSource ?? '',
        });
        expect(result.code, result.stderr).toBe(0);
        // TSC builds a project only from a body without variables: this one falls back to requests.
        expect(JSON.parse(result.stdout).project.name).toBe(
          `Snippet ${runner.language} é $HOME \`x\` "q"`,
        );
      });

      it.skipIf(!fs.existsSync(workbookFile))(
        'publishes a workbook as multipart/mixed, the file read from its path',
        async () => {
          const file = path.join(dir, `publish-${runner.language}.${runner.ext}`);
          const text = await generate(runner.language, 'Publish');
          if (runner.language === 'tsc')
            expect(text).toContain('server.workbooks.publish(item, WORKBOOK_FILE, "Overwrite")');
          fs.writeFileSync(file, text);
          const result = await execute(runner.command, file, { PYTHONPATH: tscSource ?? '' });
          expect(result.code, result.stderr).toBe(0);
          if (runner.language === 'tsc')
            expect(result.stdout).toMatch(/^[0-9a-f-]{36} Snippet Sales$/m);
          else expect(JSON.parse(result.stdout).workbook.name).toBe('Snippet Sales');
        },
      );

      it('fails with the Tableau error when the id does not exist, and still signs out', async () => {
        const file = path.join(dir, `get-${runner.language}.${runner.ext}`);
        fs.writeFileSync(file, await generate(runner.language, 'One user'));
        const result = await execute(runner.command, file, {
          USER_ID: '00000000-0000-4000-8000-000000000000',
          PYTHONPATH: tscSource ?? '',
        });
        expect(result.code).not.toBe(0);
        expect(`${result.stdout}${result.stderr}`).toContain('404');
        expect(sandbox.sessions()).toEqual([]);
      });
    });
  }

  it('METHOD PATH with send’s flags, and --sign-in token', async () => {
    const result = await trestle([
      'codegen',
      '--lang',
      'curl',
      'GET',
      '/sites/{site-id}/projects',
      '--query',
      'pageSize=2',
      '--server',
      proxy.url,
      '--sign-in',
      'token',
    ]);
    expect(result.code).toBe(0);
    snippets.push(result.stdout);
    const file = path.join(dir, 'token.sh');
    fs.writeFileSync(file, result.stdout);
    const signIn = await fetch(`${proxy.url}/api/3.29/auth/signin`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({
        credentials: {
          personalAccessTokenName: DEMO_CREDENTIALS.patName,
          personalAccessTokenSecret: DEMO_CREDENTIALS.patSecret,
          site: { contentUrl: '' },
        },
      }),
    });
    const { credentials } = (await signIn.json()) as {
      credentials: { token: string; site: { id: string } };
    };
    const run = await execute('bash', file, {
      TABLEAU_TOKEN: credentials.token,
      TABLEAU_SITE_ID: credentials.site.id,
      TABLEAU_API_VERSION: '3.29',
    });
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).projects.project).toHaveLength(2);
    await fetch(`${proxy.url}/api/3.29/auth/signout`, {
      method: 'POST',
      headers: { 'x-tableau-auth': credentials.token },
    });
  });

  it('refuses bad input with exit 2: no --lang, an unknown language, an unknown request', async () => {
    for (const args of [
      ['codegen', 'GET', '/sites'],
      ['codegen', '--lang', 'cobol', 'GET', '/sites'],
      ['codegen', '--lang', 'curl', `${collectionFile}:Nope`],
      ['codegen', '--lang', 'curl', 'FETCH', '/sites'],
    ]) {
      const result = await trestle(args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    }
  });

  it('no snippet holds any token the sandbox gave out, or the PAT secret', () => {
    expect(snippets.length).toBeGreaterThanOrEqual(4);
    expect(proxy.tokens.size).toBeGreaterThan(0);
    for (const text of snippets) {
      expect(text).not.toContain(DEMO_CREDENTIALS.patSecret);
      for (const token of proxy.tokens) expect(text).not.toContain(token);
    }
  });
});
