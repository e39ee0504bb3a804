import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CREDENTIALS, startSandbox, type RunningSandbox } from '../sandbox';
import { removeScratch, scratchDir, serverFlags, trestle } from './test-support';

let sandbox: RunningSandbox;
let server: string[];
let dir: string;
const run = (args: string[], env: Record<string, string> = {}) =>
  trestle([...args, ...server], { secret: DEMO_CREDENTIALS.patSecret, env });

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, seed: 7 });
  server = serverFlags(sandbox.url, DEMO_CREDENTIALS);
  dir = scratchDir('connections');
});
afterAll(async () => {
  await sandbox.stop();
  removeScratch();
});

describe('trestle connections update', () => {
  it('previews, rotates with a password from the environment, and finds nothing left on the old server', async () => {
    const dry = await run([
      'connections',
      'update',
      '--match-type',
      'postgres',
      '--new-server',
      'probe.invalid',
      '--dry-run',
    ]);
    expect(dry.code).toBe(0);
    const target = /serverAddress (\S+) → probe\.invalid/.exec(dry.stdout)?.[1] as string;
    expect(target).toBeTruthy();

    const preview = await run([
      'connections',
      'update',
      '--match-server',
      target,
      '--new-server',
      'db2.example.com',
      '--dry-run',
    ]);
    expect(preview.code).toBe(0);
    expect(preview.stderr).toContain('dry run, nothing was sent');
    const n = preview.stdout.trim().split('\n').length;
    expect(n).toBeGreaterThan(0);

    const report = path.join(dir, 'report.csv');
    const done = await run(
      [
        'connections',
        'update',
        '--match-server',
        target,
        '--new-server',
        'db2.example.com',
        '--new-password-env',
        'NEW_DB_PW',
        '--report',
        report,
      ],
      { NEW_DB_PW: 'rotated-Secret-9' },
    );
    expect(done.code).toBe(0);
    expect(done.stderr).toContain(`${n} updated, 0 failed`);
    expect(done.stdout).toContain(`serverAddress ${target} → db2.example.com, password changed`);
    expect(done.stdout + done.stderr).not.toContain('rotated-Secret-9');
    const csv = fs.readFileSync(report, 'utf8');
    expect(csv).not.toContain('rotated-Secret-9');
    expect(csv.trim().split('\r\n')).toHaveLength(n + 1);

    const after = await run([
      'connections',
      'update',
      '--match-server',
      target,
      '--new-server',
      'x',
      '--dry-run',
    ]);
    expect(after.stderr).toMatch(/^0 of \d+ connections/m);
  });

  it('refuses bad input with exit 2', async () => {
    expect((await run(['connections', 'update', '--new-server', 'x'])).code).toBe(2);
    expect((await run(['connections', 'update', '--match-server', 'a'])).code).toBe(2);
    const noEnv = await run([
      'connections',
      'update',
      '--match-server',
      'a',
      '--new-password-env',
      'MISSING_VAR',
    ]);
    expect(noEnv.code).toBe(2);
    expect(noEnv.stderr).toContain('MISSING_VAR is not set');
  });
});
