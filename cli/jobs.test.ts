import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CREDENTIALS, startSandbox, type RunningSandbox } from '../sandbox';
import { removeScratch, serverFlags, trestle } from './test-support';

let sandbox: RunningSandbox;
let server: string[];
const run = (args: string[]) =>
  trestle([...args, ...server], { secret: DEMO_CREDENTIALS.patSecret });

beforeAll(async () => {
  // Short jobs, on the real clock: a refresh ends while the command follows it.
  sandbox = await startSandbox({ port: 0, seed: 5 }, { jobDurationMs: 300 });
  server = serverFlags(sandbox.url, DEMO_CREDENTIALS);
});
afterAll(async () => {
  await sandbox.stop();
  removeScratch();
});

async function ids(type: 'workbooks' | 'datasources', n: number): Promise<string[]> {
  const listed = await run([
    'send',
    'GET',
    `/api/{api-version}/sites/{site-id}/${type}`,
    '--format',
    'json',
  ]);
  const body = JSON.parse(listed.stdout) as Record<string, { [k: string]: { id: string }[] }>;
  const list = Object.values(body).find(
    (v) => v && typeof v === 'object' && !('totalAvailable' in v),
  );
  return (Object.values(list ?? {})[0] as { id: string }[]).slice(0, n).map((i) => i.id);
}

describe('trestle jobs and refresh', () => {
  it('refreshes two workbooks with --wait, lists the jobs, waits on them again', async () => {
    const workbooks = await ids('workbooks', 2);
    const refreshed = await run(['refresh', 'workbook', ...workbooks, '--wait']);
    expect(refreshed.stderr).toContain('2 of 2 job(s) succeeded');
    expect(refreshed.code).toBe(0);
    const lines = refreshed.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line).toMatch(/^✔ \S+ RefreshExtract workbook “.+”: Success/);

    const listed = await run([
      'jobs',
      'list',
      '--status',
      'Success',
      '--type',
      'refresh_extracts',
      '--format',
      'json',
    ]);
    expect(listed.code).toBe(0);
    const jobs = JSON.parse(listed.stdout) as { id: string; status: string }[];
    const jobIds = lines.map((l) => l.split(' ')[1]);
    expect(jobs.map((j) => j.id)).toEqual(expect.arrayContaining(jobIds));
    expect(new Set(jobs.map((j) => j.status))).toEqual(new Set(['Success']));

    const waited = await run(['jobs', 'wait', ...jobIds]);
    expect(waited.code).toBe(0);
    expect(waited.stderr).toContain('2 of 2 job(s) succeeded');
  });

  it('exits 1 when a job failed, and names it', async () => {
    const failed = await run(['jobs', 'list', '--status', 'Failed', '--format', 'json']);
    const [job] = JSON.parse(failed.stdout) as { id: string }[];
    const waited = await run(['jobs', 'wait', job.id]);
    expect(waited.code).toBe(1);
    expect(waited.stdout).toMatch(new RegExp(`^✘ ${job.id} RefreshExtract .*: Failed`));
  });

  it('starts a refresh without waiting and says how to follow it; cancel leaves an ended job', async () => {
    const [datasource] = await ids('datasources', 1);
    const started = await run(['refresh', 'datasource', datasource]);
    expect(started.code).toBe(0);
    expect(started.stderr).toMatch(/1 of 1 refresh\(es\) started: trestle jobs wait \S+/);
    const jobId = /jobs wait (\S+)\./.exec(started.stderr)?.[1] as string;
    const waited = await run(['jobs', 'wait', jobId]);
    expect(waited.code).toBe(0);
    const cancelled = await run(['jobs', 'cancel', jobId]);
    expect(cancelled.code).toBe(0);
    expect(cancelled.stdout).toContain('Success');
  });

  it('refuses bad input with exit 2', async () => {
    expect((await run(['jobs', 'list', '--status', 'Done'])).code).toBe(2);
    expect((await run(['jobs', 'wait'])).code).toBe(2);
    expect((await run(['refresh', 'view', 'x'])).code).toBe(2);
    const missing = await run(['refresh', 'workbook', '00000000-0000-0000-0000-000000000000']);
    expect(missing.code).toBe(1);
    expect(missing.stdout).toMatch(/✘ .*404/);
  });
});
