import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CREDENTIALS, startSandbox, type RunningSandbox } from '../sandbox';
import type { CollectionFolder } from '../shared/documents';
import {
  dataDirEngine,
  filesUnder,
  removeScratch,
  scratchDir,
  SECRET_ENV,
  trestle,
} from './test-support';

/**
 * Issue 12: `trestle run --connection NAME` resolves `{{names}}` from that connection's
 * environment and the globals saved in the data folder, as the app's Run does; `--env` wins
 * over both; a secret variable (whose value the folder never holds) must come with `--env`.
 */
let sandbox: RunningSandbox;
let dataDir = '';
let file = '';

const SITE = '/api/{api-version}/sites/{site-id}';
const collection: CollectionFolder = {
  id: 'c1',
  name: 'Env checks',
  folders: [],
  requests: [
    {
      id: 'r1',
      name: 'Create Project',
      description: '',
      spec: {
        method: 'POST',
        path: `${SITE}/projects`,
        pathParams: {},
        query: [],
        headers: [{ name: 'X-Note', value: '{{note}}', enabled: true }],
        body: { kind: 'json', text: '{"project":{"name":"{{prefix}} {{tag}}"}}' },
        accept: 'json',
      },
      captures: [
        { name: 'project-id', from: 'body', path: 'project.id', scope: 'run', enabled: true },
        { name: 'made', from: 'body', path: 'project.name', scope: 'run', enabled: true },
      ],
      assertions: [{ kind: 'status', expected: '201', enabled: true }],
    },
    {
      id: 'r2',
      name: 'Delete Project',
      description: '',
      spec: {
        method: 'DELETE',
        path: `${SITE}/projects/{{project-id}}`,
        pathParams: {},
        query: [],
        headers: [],
        body: { kind: 'none' },
        accept: 'json',
      },
    },
  ],
};

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, seed: 5 });
  dataDir = scratchDir('env-data');
  const engine = dataDirEngine(dataDir, sandbox.url);
  const saved = await engine.saveConnection({
    name: 'Team server',
    serverUrl: sandbox.url,
    auth: { kind: 'pat', identity: DEMO_CREDENTIALS.patName, rememberSecret: false },
    apiVersion: { mode: 'auto' },
  });
  const target = { scope: 'connection', connectionId: saved.id } as const;
  await engine.variables.put(target, [
    { name: 'tag', value: 'from-env', secret: false, enabled: true },
    { name: 'note', value: 'held in the web host only', secret: true, enabled: true },
  ]);
  await engine.variables.put({ scope: 'global' }, [
    { name: 'prefix', value: 'Global', secret: false, enabled: true },
  ]);
  await engine.dispose();
  file = path.join(scratchDir('env-file'), 'env-checks.json');
  fs.writeFileSync(file, JSON.stringify(collection));
});
afterAll(async () => {
  await sandbox.stop();
  removeScratch();
});

const snapshot = () =>
  Object.fromEntries(filesUnder(dataDir).map((f) => [f, fs.readFileSync(f, 'base64')]));

describe('trestle run with a saved connection’s variables', () => {
  it('reads the environment and the globals, takes a secret from --env, and writes nothing', async () => {
    const before = snapshot();
    const flags = [
      '--connection',
      'Team server',
      '--data-dir',
      dataDir,
      '--pat-secret-env',
      SECRET_ENV,
    ];
    const report = path.join(path.dirname(file), 'report.json');

    // The secret's value is not in the folder: nothing is sent, and the run says which.
    const missing = await trestle(['run', file, ...flags], { secret: DEMO_CREDENTIALS.patSecret });
    expect(missing.code).toBe(1);
    expect(missing.stdout).toContain('{{note}} (header X-Note)');

    const ok = await trestle(
      ['run', file, ...flags, '--env', 'note=given', '--reporter', `json:${report}`],
      { secret: DEMO_CREDENTIALS.patSecret },
    );
    expect(ok.code, ok.stderr).toBe(0);
    const outcome = JSON.parse(fs.readFileSync(report, 'utf8')) as {
      results: Array<{ state: string; captures: Array<{ value: string }> }>;
    };
    expect(outcome.results.map((r) => r.state)).toEqual(['passed', 'passed']);
    expect(outcome.results[0].captures[1].value).toBe('Global from-env');

    // --env wins over the environment.
    const byFlag = await trestle(
      [
        'run',
        file,
        ...flags,
        '--env',
        'note=given',
        '--env',
        'tag=from-flag',
        '--reporter',
        `json:${report}`,
      ],
      { secret: DEMO_CREDENTIALS.patSecret },
    );
    expect(byFlag.code, byFlag.stderr).toBe(0);
    const flagged = JSON.parse(fs.readFileSync(report, 'utf8')) as typeof outcome;
    expect(flagged.results[0].captures[1].value).toBe('Global from-flag');
    expect(snapshot()).toEqual(before);
    const names = await projectNames();
    expect(names).not.toContain('Global from-env');
    expect(names).not.toContain('Global from-flag');
  });
});

/** The projects left on the sandbox's default site (the run deleted its own). */
async function projectNames(): Promise<string[]> {
  const signIn = await fetch(`${sandbox.url}/api/3.29/auth/signin`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({
      credentials: { name: 'admin', password: 'trestle', site: { contentUrl: '' } },
    }),
  });
  const { credentials } = (await signIn.json()) as {
    credentials: { token: string; site: { id: string } };
  };
  const res = await fetch(
    `${sandbox.url}/api/3.29/sites/${credentials.site.id}/projects?pageSize=1000`,
    { headers: { 'x-tableau-auth': credentials.token, accept: 'application/json' } },
  );
  const body = (await res.json()) as { projects: { project?: Array<{ name: string }> } };
  return (body.projects.project ?? []).map((p) => p.name);
}
