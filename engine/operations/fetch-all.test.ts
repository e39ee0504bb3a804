import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type {
  FetchAllOutcome,
  OperationProgressEvent,
  OperationSnapshot,
} from '../../shared/operations';
import { startSandbox, type RunningSandbox } from '../../sandbox';
import { NO_FAULTS } from '../../sandbox/options';
import { engineFor, fetchAllOf, spec, USERS, type EngineFixture } from '../test-support';
import { MAX_KEPT_OPERATIONS } from './operations';

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

type Result = OperationSnapshot & { outcome: FetchAllOutcome };
const failedPages = (r: Result) => r.outcome.missing.pages.map((p) => p.pageNumber);

/** Runs a fetch-all operation, calling `during` on each of its progress events. */
async function fetchAll(
  options: { concurrency?: number; pageSize?: number },
  during?: (progress: OperationProgressEvent, operationId: string) => void,
  target: EngineFixture = fixture,
): Promise<Result> {
  const operationId = `run-${++run}`;
  if (during) {
    target.onEvent(({ event, payload }) => {
      const progress = payload as OperationProgressEvent;
      if (event === 'operation:progress' && progress.operationId === operationId)
        during(progress, operationId);
    });
  }
  return fetchAllOf(target.engine, 'sandbox', USERS, options, operationId);
}

async function retry(target: EngineFixture, operationId: string): Promise<Result> {
  target.engine.operations.retryFailed(operationId);
  return (await target.engine.operations.wait(operationId)) as Result;
}

async function ids(result: Result, target: EngineFixture = fixture): Promise<string[]> {
  const slice = await target.engine.responses.slice(result.outcome.responseId as string, {
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
    expect(result.state).toBe('succeeded');
    expect(result.outcome).toMatchObject({
      items: 2500,
      pages: 3,
      pageSize: 1000,
      totalAvailable: 2500,
      missing: { items: 0, pages: [] },
      totalChanged: null,
      limitReached: null,
      listPath: 'users.user',
    });
    expect(result.items?.map((i) => [i.key, i.state])).toEqual([
      ['page:1', 'ok'],
      ['page:2', 'ok'],
      ['page:3', 'ok'],
    ]);
    expect(result.items?.[2].label).toBe('Page 3 (items 2,001–2,500)');
    reference = await ids(result);
    expect(new Set(reference).size).toBe(2500);
    const small = await fetchAll({ pageSize: 100, concurrency: 8 });
    expect(small.outcome.pages).toBe(25);
    expect(await ids(small)).toEqual(reference);
    const progress = fixture.events
      .filter((e) => e.event === 'operation:progress')
      .map((e) => e.payload as OperationProgressEvent)
      .filter((p) => p.operationId === small.operationId);
    expect(progress.at(-1)).toMatchObject({
      state: 'succeeded',
      counts: { ok: 25, failed: 0, skipped: 0 },
      progress: { done: 25, total: 25, unit: 'pages', status: '2,500 of 2,500 items' },
    });
    expect(progress.some((p) => p.state === 'running')).toBe(true);
  });

  it('re-signs in when the token expires mid-run, losing and repeating nothing', async () => {
    sandbox.setFaults({ latencyMs: 2 });
    let expired = false;
    const result = await fetchAll({ pageSize: 50, concurrency: 4 }, (progress) => {
      if (!expired && progress.progress.done >= 5) {
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
    expect(failedPages(result)).toEqual([]);
    expect(await ids(result)).toEqual(reference);
  });

  it('honours Retry-After through a 429 storm', async () => {
    sandbox.setFaults({ rateLimitPerSecond: 10 });
    const result = await fetchAll({ pageSize: 125, concurrency: 8 });
    expect(failedPages(result)).toEqual([]);
    expect(await ids(result)).toEqual(reference);
  });

  it('rides out a 5xx burst and connections reset mid-body', async () => {
    sandbox.setFaults({ errorRate: 0.2, resetMidBody: 0.15 });
    const result = await fetchAll({ pageSize: 100, concurrency: 6 });
    expect(failedPages(result)).toEqual([]);
    expect(await ids(result)).toEqual(reference);
  });

  it('cancels mid-run and keeps the pages it has', async () => {
    sandbox.setFaults({ latencyMs: 5 });
    let cancelled = false;
    const result = await fetchAll({ pageSize: 50, concurrency: 2 }, (progress, operationId) => {
      if (!cancelled && progress.progress.done >= 3)
        cancelled = fixture.engine.operations.cancel(operationId);
    });
    expect(result.state).toBe('cancelled');
    expect(result.outcome.items).toBeGreaterThanOrEqual(150);
    expect(result.outcome.items).toBeLessThan(2500);
    // What was not fetched is listed, exactly, and a retry finishes the list.
    expect(result.outcome.missing.items).toBe(2500 - result.outcome.items);
    expect(result.canRetry).toBe(true);
    // Pages are kept in page order from page 1: a prefix, possibly with gaps, never a duplicate.
    const kept = await ids(result);
    expect(new Set(kept).size).toBe(kept.length);
    expect(kept.every((id) => reference.includes(id))).toBe(true);
    const finished = await retry(fixture, result.operationId);
    expect(finished.state).toBe('succeeded');
    expect(await ids(finished)).toEqual(reference);
  });

  it('reports failed pages, keeps the rest, and retries just the failed ones', async () => {
    const strict = engineFor(sandbox, {
      retryPolicy: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 10 },
    });
    await strict.engine.signIn('sandbox');
    const result = await fetchAll(
      { pageSize: 250, concurrency: 1 },
      (progress) => {
        if (progress.progress.done === 4) sandbox.setFaults({ errorRate: 1 });
      },
      strict,
    );
    expect(result.state).toBe('partial');
    expect(failedPages(result)).toEqual([5, 6, 7, 8, 9, 10]);
    expect(result.outcome.missing.pages[0]).toMatchObject({ fromItem: 1001, toItem: 1250 });
    expect(result.outcome.missing.items).toBe(1500);
    expect(result.items?.find((i) => i.key === 'page:5')).toMatchObject({
      state: 'failed',
      message: expect.stringMatching(/./),
    });
    expect(result.outcome.items).toBe(1000);
    sandbox.setFaults({ errorRate: 0 });
    const retried = await retry(strict, result.operationId);
    expect(retried.state).toBe('succeeded');
    expect(failedPages(retried)).toEqual([]);
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
    expect(result.outcome.totalChanged).toEqual({ from: 2500, to: 2501 });
  });

  it('exports the merged result as CSV with dotted columns for nested fields', async () => {
    const all = spec({ ...USERS, query: [{ name: 'fields', value: '_all_' }] });
    const { outcome: result } = await fetchAllOf(fixture.engine, 'sandbox', all, {
      concurrency: 4,
      pageSize: 1000,
    });
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

describe('operations kept for retrying failed pages', () => {
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
    expect(failed.outcome).toMatchObject({ items: 0, responseId: null, totalAvailable: 0 });
    // Only the first round was asked for: how many pages there are was never learnt.
    expect(failedPages(failed)).toEqual([1, 2]);
    sandbox.setFaults({ errorRate: 0 });
    const retried = await retry(strict, failed.operationId);
    // The same list as a run without faults (an earlier test added a user: not `reference`).
    const whole = await fetchAll({}, undefined, strict);
    expect(retried.outcome).toMatchObject({ items: whole.outcome.items, missing: { pages: [] } });
    expect(retried.outcome.pages).toBe(Math.ceil(whole.outcome.items / 500));
    expect(await ids(retried, strict)).toEqual(await ids(whole, strict));
  });

  it('lists every missing range when the session is lost mid-run, and a retry fills them', async () => {
    const strict = await strictEngine();
    sandbox.setFaults({ latencyMs: 2 });
    let signedOut: Promise<void> | null = null;
    const lost = await fetchAll(
      { pageSize: 100, concurrency: 2 },
      (progress) => {
        if (progress.progress.done >= 4) signedOut ??= strict.engine.signOut('sandbox');
      },
      strict,
    );
    await signedOut;
    const { outcome } = lost;
    expect(lost.state).toBe('partial');
    expect(outcome.items).toBeLessThan(outcome.totalAvailable);
    // Every page not held is listed, and the ranges add up to exactly what is missing.
    const held = Math.ceil(outcome.items / 100);
    expect(outcome.missing.pages).toHaveLength(Math.ceil(outcome.totalAvailable / 100) - held);
    const rangeItems = outcome.missing.pages.reduce((n, p) => n + p.toItem - p.fromItem + 1, 0);
    expect(rangeItems).toBe(outcome.missing.items);
    expect(outcome.missing.items).toBe(outcome.totalAvailable - outcome.items);
    await strict.engine.signIn('sandbox');
    const retried = await retry(strict, lost.operationId);
    expect(retried.state).toBe('succeeded');
    expect(retried.outcome.items).toBe(outcome.totalAvailable);
    expect(new Set(await ids(retried, strict)).size).toBe(outcome.totalAvailable);
  });

  it(`keeps only the last ${MAX_KEPT_OPERATIONS} operations`, async () => {
    const strict = await strictEngine();
    sandbox.setFaults({ errorRate: 1 });
    const runs: Result[] = [];
    for (let i = 0; i <= MAX_KEPT_OPERATIONS; i++)
      runs.push(await fetchAll({ concurrency: 1 }, undefined, strict));
    expect(runs.every((r) => r.outcome.missing.pages.length === 1)).toBe(true);
    sandbox.setFaults({ errorRate: 0 });
    expect(() => strict.engine.operations.retryFailed(runs[0].operationId)).toThrow(
      expect.objectContaining({ code: 'operation.unknown' }),
    );
    expect(strict.engine.operations.list()).toHaveLength(MAX_KEPT_OPERATIONS);
    const second = await retry(strict, runs[1].operationId);
    expect(failedPages(second)).toEqual([]);
    // Retried without failures: nothing is left to retry.
    expect(() => strict.engine.operations.retryFailed(runs[1].operationId)).toThrow(
      expect.objectContaining({ code: 'operation.nothingToRetry' }),
    );
  });

  it('cannot retry into a result once it is released', async () => {
    const strict = await strictEngine();
    const result = await fetchAll(
      { pageSize: 500, concurrency: 1 },
      (progress) => {
        if (progress.progress.done === 2) sandbox.setFaults({ errorRate: 1 });
      },
      strict,
    );
    expect(result.outcome.missing.pages.length).toBeGreaterThan(0);
    sandbox.setFaults({ errorRate: 0 });
    strict.engine.responses.release(result.outcome.responseId as string);
    expect(strict.engine.operations.get(result.operationId).canRetry).toBe(false);
    expect(() => strict.engine.operations.retryFailed(result.operationId)).toThrow(
      expect.objectContaining({ code: 'operation.nothingToRetry' }),
    );
  });

  it('refuses to start without a session, with a plain message', async () => {
    const fresh = engineFor(sandbox);
    await expect(fetchAllOf(fresh.engine, 'sandbox', USERS)).rejects.toMatchObject({
      code: 'session.none',
    });
  });
});

describe('fetch-all limits', () => {
  it('stops at its page limit with a clear message, whatever the server claims', async () => {
    const limited = engineFor(sandbox, { fetchAllLimits: { maxPages: 3, maxItems: 1_000_000 } });
    await limited.engine.signIn('sandbox');
    const result = await fetchAll({ pageSize: 100, concurrency: 2 }, undefined, limited);
    expect(result.state).toBe('succeeded');
    expect(result.outcome.items).toBe(300);
    expect(result.outcome.missing.pages).toEqual([]);
    expect(result.outcome.limitReached).toMatch(/stops at 3 pages of 100.*reports 2,50\d/);
    expect(result.items?.find((i) => i.key === 'limit')).toMatchObject({
      state: 'skipped',
      label: expect.stringMatching(/^Pages 4–2[56]$/),
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
      expect(result.outcome).toMatchObject({
        items: 100_000,
        pages: 100,
        totalAvailable: 100_000,
        missing: { items: 0, pages: [] },
      });
      const all = await ids(result, big);
      expect(new Set(all).size).toBe(100_000);
      const tail = await big.engine.responses.slice(result.outcome.responseId as string, {
        kind: 'items',
        start: 99_990,
        end: 100_010,
      });
      expect(tail).toMatchObject({ start: 99_990, end: 100_000, total: 100_000 });
      const lines = await big.engine.responses.slice(result.outcome.responseId as string, {
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
