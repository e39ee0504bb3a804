import fs from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CREDENTIALS, startSandbox, type RunningSandbox } from '../sandbox';
import type { Io } from './command';
import { ProductionGate } from './production-gate';
import { dataDirEngine, removeScratch, scratchDir, SECRET_ENV, trestle } from './test-support';

let sandbox: RunningSandbox;
let dataDir: string;
const secret = DEMO_CREDENTIALS.patSecret;
const PROD = ['--connection', 'Prod', '--pat-secret-env', SECRET_ENV];

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, seed: 1 });
  dataDir = path.join(scratchDir('home'), '.trestle-web');
  const engine = dataDirEngine(dataDir, sandbox.url);
  await engine.saveConnection({
    name: 'Prod',
    serverUrl: sandbox.url,
    siteContentUrl: '',
    auth: { kind: 'pat', identity: DEMO_CREDENTIALS.patName, rememberSecret: false },
    apiVersion: { mode: 'auto' },
    production: true,
  });
  await engine.dispose();
});
afterAll(async () => {
  await sandbox.stop();
  removeScratch();
});

/** The Default site's project names, read through the CLI (a read needs no confirmation). */
async function projectNames(): Promise<string[]> {
  const run = await trestle(
    ['send', 'GET', '/sites/{site-id}/projects', '--all', ...PROD, '--data-dir', dataDir],
    { secret },
  );
  expect(run.code, run.stderr).toBe(0);
  return (JSON.parse(run.stdout) as { name: string }[]).map((p) => p.name);
}

function bodyFile(name: string): string {
  const file = path.join(scratchDir('body'), 'project.json');
  fs.writeFileSync(file, JSON.stringify({ project: { name } }));
  return file;
}

describe('writes to a connection marked Production', () => {
  it('are refused without --yes when no one is at a terminal, before anything is sent', async () => {
    const args = ['send', 'POST', '/sites/{site-id}/projects', '--body', bodyFile('Refused')];
    const run = await trestle([...args, ...PROD, '--data-dir', dataDir], { secret });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      'trestle send: “Prod” is marked Production: trestle writes to it (POST /api/{api-version}/sites/{site-id}/projects) only with --yes.\n',
    );
    expect(await projectNames()).not.toContain('Refused');
  });

  it('go through with --yes', async () => {
    const args = ['send', 'POST', '/sites/{site-id}/projects', '--body', bodyFile('Confirmed')];
    const run = await trestle([...args, ...PROD, '--data-dir', dataDir, '--yes'], { secret });
    expect(run.code, run.stderr).toBe(0);
    expect(await projectNames()).toContain('Confirmed');
  });

  it('stop a run whose collection writes, before its first request', async () => {
    const file = path.join(scratchDir('run'), 'collection.json');
    const request = (name: string, method: string, p: string, body: unknown) => ({
      id: name,
      name,
      spec: {
        method,
        path: p,
        query: [],
        headers: [],
        pathParams: {},
        body: body === null ? { kind: 'none' } : { kind: 'json', text: JSON.stringify(body) },
      },
    });
    fs.writeFileSync(
      file,
      JSON.stringify({
        id: 'c',
        name: 'Setup',
        folders: [],
        requests: [
          request('List', 'GET', '/api/{api-version}/sites/{site-id}/projects', null),
          request('Create', 'POST', '/api/{api-version}/sites/{site-id}/projects', {
            project: { name: 'FromRun' },
          }),
        ],
      }),
    );
    const run = await trestle(['run', file, ...PROD, '--data-dir', dataDir], { secret });
    expect(run.stderr).toContain('“Prod” is marked Production');
    expect(run.stderr).toContain('“Create” (POST)');
    expect(run.code).toBe(2);
    expect(await projectNames()).not.toContain('FromRun');
  });

  it('a dry run of a user import reads only, so it needs no --yes', async () => {
    const csv = path.join(scratchDir('users'), 'users.csv');
    fs.writeFileSync(csv, 'name,siteRole\nnew.person@example.com,Viewer\n');
    const run = await trestle(
      ['users', 'import', csv, '--dry-run', ...PROD, '--data-dir', dataDir],
      {
        secret,
      },
    );
    expect(run.stderr).not.toContain('marked Production');
    expect(run.stderr).toContain('Dry run: 0 to create');
    // The row is invalid on this site (a password is needed for a new local user): exit 1, not 2.
    expect(run.code, run.stderr).toBe(1);
  });
});

/** A terminal for the gate: keyboard input written by the test, the prompt collected. */
function terminal(): { io: Io; type(text: string): void; shown(): string } {
  const stdin = Object.assign(new PassThrough(), {
    isTTY: true,
    setRawMode: () => stdin,
  }) as unknown as NodeJS.ReadStream;
  let shown = '';
  const stderr = Object.assign(new PassThrough(), { isTTY: true, columns: 80 });
  stderr.on('data', (chunk: Buffer) => (shown += chunk.toString()));
  const io = {
    stdin,
    stderr: stderr as unknown as NodeJS.WriteStream,
    stdout: new PassThrough() as unknown as NodeJS.WriteStream,
    env: {},
    onInterrupt: () => undefined,
  };
  return { io, type: (text) => (stdin as unknown as PassThrough).write(text), shown: () => shown };
}

describe('in a terminal', () => {
  const prod = { name: 'Prod', production: true };

  it('asks for the connection’s name once, and goes on when it is typed', async () => {
    const t = terminal();
    const gate = new ProductionGate(t.io, false);
    const asked = gate.confirm(prod, 'a user import');
    t.type('Prod\n');
    await asked;
    expect(t.shown()).toContain('“Prod” is marked Production. This writes to it: a user import.');
    // Asked once per run: the next write goes on without a question.
    await gate.confirm(prod, 'another write');
    expect(t.shown()).not.toContain('another write');
  });

  it('stops when something else is typed', async () => {
    const t = terminal();
    const asked = new ProductionGate(t.io, false).confirm(prod, 'Cancel Job');
    t.type('prod-ish\n');
    await expect(asked).rejects.toThrow('Not confirmed: nothing was written to “Prod”.');
  });

  it('never asks about a connection not marked Production', async () => {
    const t = terminal();
    await new ProductionGate(t.io, false).confirm({ name: 'Dev', production: false }, 'x');
    expect(t.shown()).toBe('');
  });
});
