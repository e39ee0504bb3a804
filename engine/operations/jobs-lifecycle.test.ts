import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox } from '../../sandbox';
import type { OperationSnapshot } from '../../shared/operations';
import type { FollowedJob, JobsFollowOutcome } from '../../shared/siteops/jobs';
import { createHandlers } from '../ipc/handlers';
import { engineFor, type EngineFixture } from '../test-support';
import { SiteCalls } from './site-calls';

/**
 * Jobs as the Jobs view sees them (issue 19), against the sandbox over loopback: each end state
 * (success, failed with the server's notes, cancelled), refreshes queued behind the site's two
 * backgrounders, live status while following, and Tableau Cloud's refresh limit.
 */
type Result = OperationSnapshot & { outcome: JobsFollowOutcome };
const HOUR = 3_600_000;

async function open(cloud: boolean, clock: () => number) {
  const sandbox = await startSandbox(
    { port: 0, seed: 7, cloud, faults: cloud ? { cloudRateLimits: 1 } : {} },
    { clock, jobDurationMs: 4000 },
  );
  const fixture = engineFor(sandbox);
  await fixture.engine.signIn('sandbox');
  const handlers = createHandlers(fixture.engine, { host: 'web', version: 'test' });
  const calls = async () =>
    new SiteCalls(
      fixture.engine.executor,
      await fixture.engine.resolve('sandbox'),
      new AbortController().signal,
    );
  return { sandbox, fixture, handlers, calls };
}

/** Resolves once `check` holds for the operation's live snapshot (asked after each progress event). */
function whenLive(
  fixture: EngineFixture,
  operationId: string,
  check: (jobs: FollowedJob[]) => boolean,
): Promise<FollowedJob[]> {
  return new Promise((resolve) => {
    let done = false;
    const look = () => {
      if (done) return;
      const outcome = fixture.engine.operations.get(operationId)
        .outcome as JobsFollowOutcome | null;
      if (outcome && check(outcome.jobs)) {
        done = true;
        resolve(outcome.jobs);
      }
    };
    fixture.onEvent(({ event, payload }) => {
      if (
        event === 'operation:progress' &&
        (payload as { operationId: string }).operationId === operationId
      )
        look();
    });
    look();
  });
}

describe('jobs on a Tableau Server site', () => {
  let now = Date.now();
  let env: Awaited<ReturnType<typeof open>>;
  beforeAll(async () => {
    env = await open(false, () => now);
  });
  afterAll(async () => {
    await env.fixture.engine.dispose();
    await env.sandbox.stop();
  });

  it('queues refreshes past the two backgrounders, shows them live, and ends each in success', async () => {
    const rows = await env.handlers['jobs:refreshable']('sandbox');
    const workbooks = rows.filter((r) => r.type === 'workbook' && r.hasExtracts).slice(0, 3);
    expect(workbooks).toHaveLength(3);
    const started = await env.fixture.engine.startOperation('sandbox', {
      kind: 'jobsFollow',
      refresh: { type: 'workbook', ids: workbooks.map((w) => w.id) },
      concurrency: 3,
      intervalMs: 10,
      maxIntervalMs: 20,
    });
    await whenLive(
      env.fixture,
      started.operationId,
      (jobs) => jobs.length === 3 && jobs.every((j) => j.polls > 0),
    );
    // Half-way through the first two: the third waits for a backgrounder.
    now += 2000;
    const live = await whenLive(
      env.fixture,
      started.operationId,
      (jobs) => jobs.filter((j) => j.status === 'InProgress' && j.progress > 0).length === 2,
    );
    expect(live.map((j) => j.status).sort()).toEqual(['InProgress', 'InProgress', 'Pending']);
    const listed = await env.handlers['jobs:list']('sandbox', { status: 'Pending' });
    expect(listed.jobs.map((j) => j.title)).toEqual([
      live.find((j) => j.status === 'Pending')?.target?.name,
    ]);
    // The first two end; the third runs in their place, then ends too.
    now += 2500;
    const later = await whenLive(
      env.fixture,
      started.operationId,
      (jobs) => jobs.filter((j) => j.status === 'Success').length === 2,
    );
    expect(later.map((j) => j.status).sort()).toEqual(['InProgress', 'Success', 'Success']);
    now += 4000;
    const done = (await env.fixture.engine.operations.wait(started.operationId)) as Result;
    expect(done.state).toBe('succeeded');
    expect(done.outcome.jobs.map((j) => j.status)).toEqual(['Success', 'Success', 'Success']);
    expect(new Set(done.outcome.jobs.map((j) => j.target?.name))).toEqual(
      new Set(workbooks.map((w) => w.name)),
    );
  });

  it('follows the refresh that always fails to Failed, with the server’s note', async () => {
    const rows = await env.handlers['jobs:refreshable']('sandbox');
    // The generated data's last data source with extracts cannot reach its database.
    const extracts = (await (await env.calls()).listAll('/datasources')).filter(
      (d) => String(d.hasExtracts) === 'true',
    );
    const failing = String(extracts.at(-1)?.id);
    expect(rows.some((r) => r.id === failing)).toBe(true);
    const started = await env.fixture.engine.startOperation('sandbox', {
      kind: 'jobsFollow',
      refresh: { type: 'datasource', ids: [failing] },
      intervalMs: 10,
      maxIntervalMs: 20,
    });
    await whenLive(env.fixture, started.operationId, (jobs) => jobs[0]?.polls > 0);
    now += 5000;
    const done = (await env.fixture.engine.operations.wait(started.operationId)) as Result;
    expect(done.state).toBe('partial');
    const [job] = done.outcome.jobs;
    expect(job).toMatchObject({ status: 'Failed', finishCode: 1 });
    expect(job.notes.join(' ')).toMatch(
      /^Unable to connect to the server ".+"\. Check that the server is running/,
    );
    expect(done.items?.find((i) => i.key.startsWith('job:'))?.message).toContain(
      'Unable to connect to the server',
    );
    // Query Jobs lists it as failed, the newest.
    const failed = await env.handlers['jobs:list']('sandbox', { status: 'Failed' });
    expect(failed.jobs[0]).toMatchObject({ id: job.id, status: 'Failed', subtitle: 'Data Source' });
  });

  it('cancels a followed job through jobs:cancel; it ends Cancelled and a second cancel changes nothing', async () => {
    const rows = await env.handlers['jobs:refreshable']('sandbox');
    const [workbook] = rows.filter((r) => r.type === 'workbook' && r.hasExtracts);
    const started = await env.fixture.engine.startOperation('sandbox', {
      kind: 'jobsFollow',
      refresh: { type: 'workbook', ids: [workbook.id] },
      intervalMs: 10,
      maxIntervalMs: 20,
    });
    const [job] = await whenLive(env.fixture, started.operationId, (jobs) => jobs[0]?.polls > 0);
    now += 1000;
    const cancelled = await env.handlers['jobs:cancel']('sandbox', job.id);
    expect(cancelled).toMatchObject({ id: job.id, status: 'Cancelled', finishCode: 2 });
    const done = (await env.fixture.engine.operations.wait(started.operationId)) as Result;
    expect(done.outcome.jobs[0]).toMatchObject({ status: 'Cancelled' });
    now += 10_000;
    expect((await env.handlers['jobs:cancel']('sandbox', job.id)).status).toBe('Cancelled');
    // Query Jobs with a time range: ended after the job was created, cancelled.
    const since = new Date(now - 60_000).toISOString().replace(/\.\d+Z$/, 'Z');
    const recent = await env.handlers['jobs:list']('sandbox', {
      endedAfter: since,
      status: 'Cancelled',
    });
    expect(recent.jobs.map((j) => j.id)).toContain(job.id);
  });

  it('refuses to list jobs for a connection that is not signed in, in a sentence', async () => {
    await env.fixture.engine.signOut('sandbox');
    await expect(env.handlers['jobs:list']('sandbox', {})).rejects.toThrow(
      /Sign in to “Sandbox” first/,
    );
    await env.fixture.engine.signIn('sandbox');
  });
});

describe('Tableau Cloud’s refresh limit', () => {
  // One minute into an hour window of the Cloud limits, so Retry-After is long and steady.
  let now = Math.floor(Date.now() / HOUR) * HOUR + 60_000;
  let env: Awaited<ReturnType<typeof open>>;
  beforeAll(async () => {
    env = await open(true, () => now);
  });
  afterAll(async () => {
    await env.fixture.engine.dispose();
    await env.sandbox.stop();
  });

  it('says on each affected row that the limit was hit, and sends no more refreshes after it', async () => {
    const rows = await env.handlers['jobs:refreshable']('sandbox');
    const [spent, ...rest] = rows.filter((r) => r.type === 'workbook');
    const calls = await env.calls();
    // 59 of the 60 refreshes an hour spent elsewhere.
    for (let i = 0; i < 59; i++) await calls.call('POST', `/workbooks/${spent.id}/refresh`, {});
    const ids = rest.slice(0, 3).map((r) => r.id);
    const started = await env.fixture.engine.startOperation('sandbox', {
      kind: 'jobsFollow',
      refresh: { type: 'workbook', ids },
      concurrency: 1,
      intervalMs: 10,
      maxIntervalMs: 20,
    });
    await whenLive(env.fixture, started.operationId, (jobs) => jobs.length === 3);
    // The one started waits behind the 59 queued on the site's two backgrounders.
    now += 5 * 60_000;
    const done = (await env.fixture.engine.operations.wait(started.operationId)) as Result;
    expect(done.state).toBe('partial');
    const refreshes = done.items?.filter((i) => i.key.startsWith('refresh:')) ?? [];
    expect(refreshes.map((i) => [i.key, i.state, i.code])).toEqual([
      [`refresh:${ids[0]}`, 'ok', undefined],
      [`refresh:${ids[1]}`, 'failed', 'jobs.refreshLimit'],
      [`refresh:${ids[2]}`, 'failed', 'jobs.refreshLimit'],
    ]);
    expect(refreshes[1].message).toMatch(
      /limit on extract refreshes started through the REST API for this site was reached, so this refresh was not started.*Please retry after 59 minutes/,
    );
    expect(refreshes[2].message).toMatch(
      /^Not started: the site’s refresh limit was reached earlier in this run\./,
    );
    // The rows the Jobs view shows: the started one succeeded; the others carry the reason.
    expect(done.outcome.jobs.map((j) => j.error?.code ?? j.status).sort()).toEqual([
      'Success',
      'jobs.refreshLimit',
      'jobs.refreshLimit',
    ]);
  });
});
