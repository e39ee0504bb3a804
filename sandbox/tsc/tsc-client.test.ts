/**
 * Tableau's Python client (TSC) against the sandbox: `drive_tsc.py` runs the operations of
 * issue 17 (subscriptions, webhooks, bulk removal, flow publishing and tasks, extracts and
 * encryption, data-driven alerts, virtual connections, Catalog assets…) through TSC itself.
 * TSC is not part of Trestle: set TSC_SOURCE to a checkout of tableau/server-client-python
 * (and TSC_PYTHON to a Python with requests, packaging and defusedxml, default
 * /usr/bin/python3 with Debian's python3-requests, python3-packaging, python3-defusedxml).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../index';

const source = process.env.TSC_SOURCE;
const python = process.env.TSC_PYTHON ?? '/usr/bin/python3';
const available =
  !!source && existsSync(path.join(source, 'tableauserverclient')) && existsSync(python);
const samples = path.resolve(
  import.meta.dirname,
  '..',
  '..',
  '..',
  'shared',
  'reference',
  'samples',
);

let sandbox: RunningSandbox;
let cloud: RunningSandbox;

describe.skipIf(!available)("Tableau's Python client against the sandbox", () => {
  beforeAll(async () => {
    [sandbox, cloud] = await Promise.all([
      startSandbox({ port: 0 }),
      startSandbox({ port: 0, cloud: true }),
    ]);
  });
  afterAll(() => Promise.all([sandbox?.stop(), cloud?.stop()]));

  it('runs every driven TSC operation without an unexpected failure', async () => {
    const script = path.join(import.meta.dirname, 'drive_tsc.py');
    // The sandbox answers in this process, so the client runs asynchronously beside it.
    const run = await new Promise<{ status: number | null; stdout: string; stderr: string }>(
      (resolve) => {
        const child = spawn(python, [script, sandbox.url, cloud.url, samples], {
          env: { ...process.env, PYTHONPATH: source },
        });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        child.on('close', (status: number | null) => resolve({ status, stdout, stderr }));
      },
    );
    console.log(run.stdout);
    expect(run.stdout, run.stderr).toMatch(/\d+ passed, 0 failed/);
    expect(run.status).toBe(0);
  }, 120_000);
});

if (!available) {
  console.log(
    'TSC client test skipped: set TSC_SOURCE to a checkout of tableau/server-client-python to run it',
  );
}
