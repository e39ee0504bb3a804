import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { EventPayload, FetchAllResult } from '../shared/ipc/contract';
import { startSandbox, type RunningSandbox } from '../sandbox';
import { NO_FAULTS } from '../sandbox/options';
import { engineFor, spec, USERS, type EngineFixture } from './test-support';
import { MAX_KEPT_RUNS } from './pager';

let sandbox: RunningSandbox;
let fixture: EngineFixture;
let run = 0;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, seed: 5 });
  fixture = engineFor(sandbox);
  await fixture.engine.signIn('sandbox');
});
afterEach(() => sandbox.setFaults(NO_FAULTS));
afterAll(async () => {
  await fixture.engine.dispose();
  await sandbox.stop();
});

type Progress = EventPayload<'pager:progress'>;

/** Runs a fetch-all, calling `during` on each of its progress events. */
async function fetchAll(
  options: { concurrency?: number; pageSize?: number },
  during?: (progress: Progress, runId: string) => void,
  target: EngineFixture = fixture,
): Promise<FetchAllResult> {
  const runId = `run-${++run}`;
  if (during) {
    target.onEvent(({ event, payload }) => {
      if (event === 'pager:progress' && (payload as Progress).runId === runId)
        during(payload as Progress, runId);
    });
  }
  return target.engine.fetchAll(
    'sandbox',
    USERS,
    { concurrency: options.concurrency ?? 4, pageSize: options.pageSize },
    runId,
  );
}

async function ids(result: FetchAllResult, target: EngineFixture = fixture): Promise<string[]> {
  const slice = await target.engine.responses.slice(result.responseId as string, {
    kind: 'items',
    start: 0,
    end: 1_000_000,
  });
  return (slice.items as Array<{ id: string }>).map((u) => u.id);
}

let reference: string[] = [];

describe('fetch-all', () => {
  it('fetches every page in page order, each item once, at Tableau’s largest page size by default', async () => {
    const result = await fetchAll({});
    expect(result).toMatchObject({
      items: 2500,
      pages: 3,
      totalAvailable: 2500,
      failedPages: [],
      cancelled: false,
      totalChanged: null,
      listPath: 'users.user',
    });
    reference = await ids(result);
    expect(new Set(reference).size).toBe(2500);
    const small = await fetchAll({ pageSize: 100, concurrency: 8 });
    expect(small.pages).toBe(25);
    expect(await ids(small)).toEqual(reference);
    const progress = fixture.events.filter(
      (e) => e.event === 'pager:progress' && (e.payload as Progress).runId === small.runId,
    );
    expect((progress.at(-1)?.payload as Progress).pagesDone).toBe(25);
  });

  it('re-signs in when the token expires mid-run, losing and repeating nothing', async () => {
    sandbox.setFaults({ latencyMs: 2 });
    let expired = false;
    const result = await fetchAll({ pageSize: 50, concurrency: 4 }, (progress) => {
      if (!expired && progress.pagesDone >= 5) {
        expired = true;
        sandbox.expireTokens();
      }
    });
    expect(expired).toBe(true);
    const renewals = fixture.events.filter(
      (e) =>
        e.event === 'session:changed' && (e.payload as { reason: string }).reason === 'reSignedIn',
    );
    expect(renewals).toHaveLength(1);
    expect(result.failedPages).toEqual([]);
    expect(await ids(result)).toEqual(reference);
  });

  it('honours Retry-After through a 429 storm', async () => {
    sandbox.setFaults({ rateLimitPerSecond: 10 });
    const result = await fetchAll({ pageSize: 125, concurrency: 8 });
    expect(result.failedPages).toEqual([]);
    expect(await ids(result)).toEqual(reference);
  });

  it('rides out a 5xx burst and connections reset mid-body', async () => {
    sandbox.setFaults({ errorRate: 0.2, resetMidBody: 0.15 });
    const result = await fetchAll({ pageSize: 100, concurrency: 6 });
    expect(result.failedPages).toEqual([]);
    expect(await ids(result)).toEqual(reference);
  });

  it('cancels mid-run and keeps the pages it has', async () => {
    sandbox.setFaults({ latencyMs: 5 });
    const result = await fetchAll({ pageSize: 50, concurrency: 2 }, (progress, runId) => {
      if (progress.pagesDone >= 3) fixture.engine.pager.cancel(runId);
    });
    expect(result.cancelled).toBe(true);
    expect(result.items).toBeGreaterThanOrEqual(150);
    expect(result.items).toBeLessThan(2500);
    // Pages are kept in page order from page 1: a prefix, possibly with gaps, never a duplicate.
    const kept = await ids(result);
    expect(new Set(kept).size).toBe(kept.length);
    expect(kept.every((id) => reference.includes(id))).toBe(true);
  });

  it('reports failed pages, keeps the rest, and retries just the failed ones', async () => {
    const strict = engineFor(sandbox, {
      retryPolicy: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 10 },
    });
    await strict.engine.signIn('sandbox');
    const result = await fetchAll(
      { pageSize: 250, concurrency: 1 },
      (progress) => {
        if (progress.pagesDone === 4) sandbox.setFaults({ errorRate: 1 });
      },
      strict,
    );
    expect(result.failedPages.map((f) => f.pageNumber)).toEqual([5, 6, 7, 8, 9, 10]);
    expect(result.items).toBe(1000);
    sandbox.setFaults({ errorRate: 0 });
    const retried = await strict.engine.pager.retryFailed(result.runId);
    expect(retried.failedPages).toEqual([]);
    expect(await ids(retried, strict)).toEqual(reference);
  });

  it('says so when items are added on the server during the run', async () => {
    sandbox.setFaults({ latencyMs: 3 });
    let added: Promise<unknown> | null = null;
    const result = await fetchAll({ pageSize: 50, concurrency: 1 }, () => {
      added ??= fixture.engine.send(
        'sandbox',
        spec({
          method: 'POST',
          path: '/api/{api-version}/sites/{site-id}/users',
          body: {
            kind: 'json',
            text: JSON.stringify({ user: { name: 'added-mid-run', siteRole: 'Viewer' } }),
          },
        }),
      );
    });
    expect(((await added) as unknown as { status: number }).status).toBe(201);
    expect(result.totalChanged).toEqual({ from: 2500, to: 2501 });
  });

  it('exports the merged result as CSV with dotted columns for nested fields', async () => {
    const runId = `run-${++run}`;
    const all = spec({ ...USERS, query: [{ name: 'fields', value: '_all_' }] });
    const result = await fixture.engine.fetchAll(
      'sandbox',
      all,
      { concurrency: 4, pageSize: 1000 },
      runId,
    );
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trestle-export-'));
    try {
      const csv = fixture.engine.exportResponse(result.responseId as string, 'csv');
      await csv.writeTo(path.join(dir, csv.name));
      const lines = fs.readFileSync(path.join(dir, csv.name), 'utf8').split(/\r?\n/);
      expect(csv.rows).toBe(result.items);
      expect(lines).toHaveLength(result.items + 1);
      expect(lines[0].split(',')).toEqual(
        expect.arrayContaining(['id', 'name', 'siteRole', 'domain.name']),
      );
      const json = fixture.engine.exportResponse(result.responseId as string, 'json');
      await json.writeTo(path.join(dir, json.name));
      const items = JSON.parse(fs.readFileSync(path.join(dir, json.name), 'utf8')) as unknown[];
      expect(items).toHaveLength(result.items);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('runs kept for retrying failed pages', () => {
  /** One try per page, so a fault makes pages fail at once. */
  async function strictEngine(): Promise<EngineFixture> {
    const policy = { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 };
    const strict = engineFor(sandbox, { retryPolicy: policy });
    await strict.engine.signIn('sandbox');
    return strict;
  }

  it('fetches the whole list on retry even when every first page failed', async () => {
    const strict = await strictEngine();
    sandbox.setFaults({ errorRate: 1 });
    const failed = await fetchAll({ concurrency: 2, pageSize: 500 }, undefined, strict);
    expect(failed).toMatchObject({ items: 0, responseId: null, totalAvailable: 0 });
    // Only the first round was asked for: how many pages there are was never learnt.
    expect(failed.failedPages.map((f) => f.pageNumber)).toEqual([1, 2]);
    sandbox.setFaults({ errorRate: 0 });
    const retried = await strict.engine.pager.retryFailed(failed.runId);
    // The same list as a run without faults (an earlier test added a user: not `reference`).
    const whole = await fetchAll({}, undefined, strict);
    expect(retried).toMatchObject({ items: whole.items, failedPages: [] });
    expect(retried.pages).toBe(Math.ceil(whole.items / 500));
    expect(await ids(retried, strict)).toEqual(await ids(whole, strict));
  });

  it(`keeps only the last ${MAX_KEPT_RUNS} runs with failed pages`, async () => {
    const strict = await strictEngine();
    sandbox.setFaults({ errorRate: 1 });
    const runs: FetchAllResult[] = [];
    for (let i = 0; i <= MAX_KEPT_RUNS; i++)
      runs.push(await fetchAll({ concurrency: 1 }, undefined, strict));
    expect(runs.every((r) => r.failedPages.length === 1)).toBe(true);
    sandbox.setFaults({ errorRate: 0 });
    await expect(strict.engine.pager.retryFailed(runs[0].runId)).rejects.toMatchObject({
      code: 'pager.noRun',
    });
    const second = await strict.engine.pager.retryFailed(runs[1].runId);
    expect(second.failedPages).toEqual([]);
    // Retried without failures: it need not be kept any longer.
    await expect(strict.engine.pager.retryFailed(runs[1].runId)).rejects.toMatchObject({
      code: 'pager.noRun',
    });
  });

  it('forgets a run with failed pages once its result is released', async () => {
    const strict = await strictEngine();
    const result = await fetchAll(
      { pageSize: 500, concurrency: 1 },
      (progress) => {
        if (progress.pagesDone === 2) sandbox.setFaults({ errorRate: 1 });
      },
      strict,
    );
    expect(result.failedPages.length).toBeGreaterThan(0);
    sandbox.setFaults({ errorRate: 0 });
    strict.engine.responses.release(result.responseId as string);
    await expect(strict.engine.pager.retryFailed(result.runId)).rejects.toMatchObject({
      code: 'pager.noRun',
    });
  });
});

describe('fetch-all at scale', () => {
  it('fetches 100,000 users, each kept once, in page order', async () => {
    const large = await startSandbox({ port: 0, seed: 3, scale: 100_000 });
    const big = engineFor(large);
    try {
      await big.engine.signIn('sandbox');
      const result = await fetchAll({ concurrency: 8 }, undefined, big);
      expect(result).toMatchObject({
        items: 100_000,
        pages: 100,
        totalAvailable: 100_000,
        failedPages: [],
      });
      const all = await ids(result, big);
      expect(new Set(all).size).toBe(100_000);
      const tail = await big.engine.responses.slice(result.responseId as string, {
        kind: 'items',
        start: 99_990,
        end: 100_010,
      });
      expect(tail).toMatchObject({ start: 99_990, end: 100_000, total: 100_000 });
      const lines = await big.engine.responses.slice(result.responseId as string, {
        kind: 'lines',
        start: 1,
        end: 3,
      });
      expect(JSON.parse(lines.text?.split('\n')[0].replace(/,$/, '') as string)).toMatchObject({
        id: all[0],
      });
    } finally {
      await big.engine.dispose();
      await large.stop();
    }
  }, 60_000);
});
