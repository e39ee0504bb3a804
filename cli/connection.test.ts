import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CREDENTIALS, startSandbox, type RunningSandbox } from '../sandbox';
import {
  dataDirEngine,
  filesUnder,
  removeScratch,
  scratchDir,
  SECRET_ENV,
  trestle,
} from './test-support';

let sandbox: RunningSandbox;
const secret = DEMO_CREDENTIALS.patSecret;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, seed: 1 });
});
afterAll(async () => {
  await sandbox.stop();
  removeScratch();
});

/** A data folder as the web host leaves it: connections saved through the engine, no secrets. */
async function webHostDataDir(dir: string): Promise<void> {
  const engine = dataDirEngine(dir, sandbox.url);
  await engine.saveConnection({
    name: 'Team server',
    serverUrl: sandbox.url,
    siteContentUrl: 'marketing',
    auth: { kind: 'pat', identity: DEMO_CREDENTIALS.patName, rememberSecret: false },
    apiVersion: { mode: 'auto' },
  });
  await engine.dispose();
}

/** Each file's bytes and modification time, to show a run changed nothing. */
function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(
    filesUnder(dir).map((file) => [
      path.relative(dir, file),
      `${fs.statSync(file).mtimeMs}:${fs.readFileSync(file, 'base64')}`,
    ]),
  );
}

const USERS = ['send', 'GET', '/sites/{site-id}/users', '--all'];

describe('--connection', () => {
  it('signs in with a connection saved in the web host’s data folder (its site too), and writes nothing there', async () => {
    const home = scratchDir('home');
    const dataDir = path.join(home, '.trestle-web');
    await webHostDataDir(dataDir);
    const before = snapshot(dataDir);
    // No --data-dir: the default is the web host's, ~/.trestle-web.
    const run = await trestle(
      [...USERS, '--connection', 'Team server', '--pat-secret-env', SECRET_ENV],
      {
        secret,
        env: { HOME: home },
      },
    );
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toHaveLength(250);
    expect(snapshot(dataDir)).toEqual(before);
  });

  it('finds the name ignoring case, and lists the saved names when there is no such connection', async () => {
    const dataDir = scratchDir('data');
    await webHostDataDir(dataDir);
    const flags = ['--data-dir', dataDir, '--pat-secret-env', SECRET_ENV];
    const found = await trestle([...USERS, '--connection', 'team SERVER', ...flags], { secret });
    expect(found.code).toBe(0);
    const missing = await trestle([...USERS, '--connection', 'Prod', ...flags], { secret });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(
      `trestle send: No saved connection called “Prod” in ${dataDir} (there are: “Sandbox”, “Team server”).\n`,
    );
  });

  it('says the desktop app’s saved secret cannot be read outside the app when no secret is given', async () => {
    // The desktop app's file name (electron-store: trestle-<kind>.json) with a stored secret.
    const dataDir = scratchDir('desktop');
    fs.writeFileSync(
      path.join(dataDir, 'trestle-connections.json'),
      JSON.stringify({
        schemaVersion: 1,
        connections: [
          {
            id: 'c1',
            name: 'Desktop server',
            serverUrl: sandbox.url,
            auth: { kind: 'pat', identity: DEMO_CREDENTIALS.patName, secretStored: true },
            apiVersion: { mode: 'auto' },
          },
        ],
      }),
    );
    const run = await trestle([...USERS, '--connection', 'Desktop server', '--data-dir', dataDir]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^trestle send: No PAT secret: give --pat-secret-env VAR/);
    expect(run.stderr).toContain(
      "encrypted by Electron's safeStorage, which only the app can open",
    );
    const withSecret = await trestle(
      [
        ...USERS,
        '--connection',
        'Desktop server',
        '--data-dir',
        dataDir,
        '--pat-secret-env',
        SECRET_ENV,
      ],
      { secret },
    );
    expect(withSecret.code).toBe(0);
    expect(JSON.parse(withSecret.stdout)).toHaveLength(2500);
  });

  it('exits 2 for a data folder that is not there', async () => {
    const run = await trestle([
      ...USERS,
      '--connection',
      'Team server',
      '--data-dir',
      '/nonexistent/trestle',
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'trestle send: There is no Trestle data folder at /nonexistent/trestle. Give another with --data-dir DIR, or the server with --server URL.\n',
    );
  });
});

describe('--sandbox', () => {
  it('starts a fresh sandbox in the process, with its demo data, on the Default site or another', async () => {
    const defaultSite = await trestle([...USERS, '--sandbox']);
    expect(defaultSite.code).toBe(0);
    expect(JSON.parse(defaultSite.stdout)).toHaveLength(2500);
    const marketing = await trestle([
      ...USERS,
      '--sandbox',
      '--site',
      'marketing',
      '--format',
      'csv',
    ]);
    expect(marketing.code).toBe(0);
    expect(marketing.stdout.split('\r\n').filter(Boolean)).toHaveLength(1 + 250);
  });
});
