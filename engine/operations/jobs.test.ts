import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../sandbox';
import type { OperationSnapshot } from '../../shared/operations';
import type { JobsFollowOutcome } from '../../shared/siteops/jobs';
import { engineFor, type EngineFixture } from '../test-support';
import { cancelJob, listJobs } from './jobs';
import { SiteCalls } from './site-calls';

let sandbox: RunningSandbox;
let fixture: EngineFixture;
// The sandbox's job clock: jobs move only when a test moves it (jobs take 4 s of it).
let now = Date.now();

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, seed: 19 }, { clock: () => now, jobDurationMs: 4000 });
  fixture = engineFor(sandbox);
  await fixture.engine.signIn('sandbox');
});
afterAll(async () => {
  await fixture.engine.dispose();
  await sandbox.stop();
});

type Result = OperationSnapshot & { outcome: JobsFollowOutcome };

async function calls(): Promise<SiteCalls> {
  return new SiteCalls(
    fixture.engine.executor,
    await fixture.engine.resolve('sandbox'),
    new AbortController().signal,
  );
}

/** Resolves at the first progress event of `operationId` whose status line matches. */
function progressMatching(operationId: string, pattern: RegExp): Promise<string> {
  return new Promise((resolve) =>
    fixture.onEvent(({ event, payload }) => {
      const p = payload as { operationId?: string; progress?: { status: string } };
      if (event === 'operation:progress' && p.operationId === operationId)
        if (p.progress && pattern.test(p.progress.status)) resolve(p.progress.status);
    }),
  );
}

async function extractItems(type: 'workbooks' | 'datasources'): Promise<string[]> {
  const items = await (await calls()).listAll(`/${type}`);
  return items.map((i) => String(i.id));
}

describe('following jobs', () => {
  it('refreshes a workbook and follows its job through pending and in progress to success', async () => {
    const [workbookId] = await extractItems('workbooks');
    const started = await fixture.engine.startOperation('sandbox', {
      kind: 'jobsFollow',
      refresh: { type: 'workbook', ids: [workbookId] },
      intervalMs: 10,
      maxIntervalMs: 20,
    });
    await progressMatching(started.operationId, /Pending 0%/);
    now += 2000;
    expect(await progressMatching(started.operationId, /InProgress \d+%/)).toMatch(
      /InProgress 4\d%/,
    );
    now += 2500;
    const done = (await fixture.engine.operations.wait(started.operationId)) as Result;
    expect(done.state).toBe('succeeded');
    const job = done.outcome.jobs[0];
    expect(job).toMatchObject({ type: 'RefreshExtract', status: 'Success', progress: 100 });
    expect(job.target).toMatchObject({ kind: 'workbook', id: workbookId });
    expect(job.polls).toBeGreaterThanOrEqual(3);
    expect(done.items?.map((i) => i.state)).toEqual(['ok', 'ok']);
  });

  it('lists failed jobs with Tableau’s filter and follows one to its failure', async () => {
    const failed = await listJobs(await calls(), { status: 'Failed' });
    expect(failed.length).toBeGreaterThan(0);
    expect(new Set(failed.map((j) => j.status))).toEqual(new Set(['Failed']));
    const all = await listJobs(await calls(), { type: 'refresh_extracts' });
    expect(all.length).toBeGreaterThan(failed.length);
    const started = await fixture.engine.startOperation('sandbox', {
      kind: 'jobsFollow',
      jobIds: [String(failed[0].id)],
    });
    const done = (await fixture.engine.operations.wait(started.operationId)) as Result;
    expect(done.state).toBe('partial');
    expect(done.outcome.jobs[0]).toMatchObject({ status: 'Failed', finishCode: 1 });
    expect(done.items?.[0]).toMatchObject({ state: 'failed', code: 'jobs.failed' });
    expect(done.items?.[0].message).toContain('Failed');
  });

  it('follows a data source refresh that is cancelled on the server to Cancelled', async () => {
    const [datasourceId] = await extractItems('datasources');
    const started = await fixture.engine.startOperation('sandbox', {
      kind: 'jobsFollow',
      refresh: { type: 'datasource', ids: [datasourceId] },
      intervalMs: 10,
      maxIntervalMs: 20,
    });
    await progressMatching(started.operationId, /Pending/);
    // The job the refresh started: the only one pending on the site.
    const pending = await listJobs(await calls(), { status: 'Pending' });
    expect(pending).toHaveLength(1);
    const [followed] = pending;
    const cancelled = await cancelJob(await calls(), String(followed.id));
    expect(cancelled.status).toBe('Cancelled');
    const done = (await fixture.engine.operations.wait(started.operationId)) as Result;
    expect(done.outcome.jobs.map((j) => j.status)).toEqual(['Cancelled']);
    expect(done.items?.find((i) => i.key.startsWith('job:'))).toMatchObject({
      state: 'failed',
      code: 'jobs.cancelled',
    });
    // Cancelling a finished job changes nothing.
    now += 10_000;
    expect((await cancelJob(await calls(), String(followed.id))).status).toBe('Cancelled');
  });

  it('stops following at the timeout and says the job goes on', async () => {
    const [workbookId] = await extractItems('workbooks');
    const started = await fixture.engine.startOperation('sandbox', {
      kind: 'jobsFollow',
      refresh: { type: 'workbook', ids: [workbookId] },
      intervalMs: 10,
      maxIntervalMs: 20,
      timeoutMs: 50,
    });
    const done = (await fixture.engine.operations.wait(started.operationId)) as Result;
    expect(done.outcome.timedOut).toBe(true);
    expect(done.items?.find((i) => i.key.startsWith('job:'))).toMatchObject({
      state: 'skipped',
      code: 'jobs.timeout',
    });
  });

  it('reports a refresh the server refuses as that item’s failure', async () => {
    const started = await fixture.engine.startOperation('sandbox', {
      kind: 'jobsFollow',
      refresh: { type: 'workbook', ids: ['00000000-0000-0000-0000-000000000000'] },
    });
    const done = (await fixture.engine.operations.wait(started.operationId)) as Result;
    expect(done.state).toBe('partial');
    expect(done.items?.[0]).toMatchObject({
      key: expect.stringMatching(/^refresh:/),
      state: 'failed',
    });
    expect(done.items?.[0].code).toMatch(/^404/);
  });
});
