import type { Connection } from '../shared/connection';
import type { EventPayload, FetchAllResult } from '../shared/ipc/contract';
import type { RequestSpec } from '../shared/request';
import { readTableauError } from '../shared/tableau-errors';
import { findList, pageCount, readPagination } from '../shared/tableau-list';
import { EngineError } from './errors';
import type { RequestExecutor } from './executor';
import { ConnectionLimiter } from './connection-limiter';
import { parseBody } from './response-summary';
import type { ResponseStore } from './response-store';

/** Tableau's largest page (403014 above it; tableau-api.md §4). */
export const MAX_PAGE_SIZE = 1000;
/** Pages in flight per connection across all runs. */
const CONNECTION_LIMIT = 10;
/** Finished runs kept for "retry failed pages"; an older one is forgotten. */
export const MAX_KEPT_RUNS = 10;
/** A failed page is retried by the executor for these statuses too (GETs only). */
const PAGE_RETRY_STATUSES = [500, 502, 504] as const;

interface Run {
  runId: string;
  connection: Connection;
  spec: RequestSpec;
  pageSize: number;
  concurrency: number;
  pages: Map<number, unknown[]>;
  failed: Map<number, string>;
  listPath: string | null;
  firstTotal: number | null;
  totalAvailable: number | null;
  /** Last page to fetch, once a page has told the total. */
  lastPage: number | null;
  totalChanged: { from: number; to: number } | null;
  /** Set by 400006 within the known range, cancel, or an ended session: schedule nothing more. */
  stopped: boolean;
  cancelled: boolean;
  controller: AbortController;
  startedAt: number;
  responseId: string | null;
}

export interface PagerDeps {
  executor: RequestExecutor;
  responses: ResponseStore;
  progress: (payload: EventPayload<'pager:progress'>) => void;
}

/**
 * Fetch-all over Tableau's pageNumber/pageSize pagination: the first round asks for pages
 * 1…concurrency at once (a page past the end answers 400006, harmless), then the rest with
 * bounded concurrency; items are kept once, merged in page order, in the response store.
 */
export class Pager {
  private readonly running = new Map<string, Run>();
  /** Finished runs with failed pages, oldest first: their pages wait for a retry. */
  private readonly kept = new Map<string, Run>();
  private readonly limiter = new ConnectionLimiter(CONNECTION_LIMIT);

  constructor(private readonly deps: PagerDeps) {
    // A released result cannot be retried into: its pages need not wait any more.
    deps.responses.onRelease((responseId) => {
      for (const [runId, run] of this.kept)
        if (run.responseId === responseId) this.kept.delete(runId);
    });
  }

  async fetchAll(
    connection: Connection,
    spec: RequestSpec,
    options: { concurrency: number; pageSize?: number },
    runId: string,
  ): Promise<FetchAllResult> {
    if (this.running.has(runId)) {
      throw new EngineError('pager.runExists', `A fetch-all with id ${runId} is already running.`);
    }
    this.kept.delete(runId);
    const fromSpec = Number(spec.query.find((q) => q.enabled && q.name === 'pageSize')?.value);
    const pageSize =
      options.pageSize ?? (Number.isInteger(fromSpec) && fromSpec > 0 ? fromSpec : MAX_PAGE_SIZE);
    const run: Run = {
      runId,
      connection,
      spec: {
        ...spec,
        query: spec.query.filter((q) => q.name !== 'pageNumber' && q.name !== 'pageSize'),
      },
      pageSize: Math.min(MAX_PAGE_SIZE, pageSize),
      concurrency: Math.max(1, Math.min(CONNECTION_LIMIT, options.concurrency)),
      pages: new Map(),
      failed: new Map(),
      listPath: null,
      firstTotal: null,
      totalAvailable: null,
      lastPage: null,
      totalChanged: null,
      stopped: false,
      cancelled: false,
      controller: new AbortController(),
      startedAt: performance.now(),
      responseId: null,
    };
    this.running.set(runId, run);
    let next = 1;
    await this.pump(run, () => {
      const last = run.lastPage ?? run.concurrency;
      return next <= last ? next++ : null;
    });
    return this.finish(run);
  }

  /** Fetches only the pages that failed, then merges them in place. */
  async retryFailed(runId: string): Promise<FetchAllResult> {
    if (this.running.has(runId)) {
      throw new EngineError('pager.runExists', `A fetch-all with id ${runId} is already running.`);
    }
    const run = this.kept.get(runId);
    if (!run)
      throw new EngineError('pager.noRun', 'That fetch-all is no longer kept. Run it again.');
    this.kept.delete(runId);
    this.running.set(runId, run);
    const pending = [...run.failed.keys()].sort((a, b) => a - b);
    const retried = new Set(pending);
    run.failed.clear();
    run.stopped = false;
    run.cancelled = false;
    run.controller = new AbortController();
    run.startedAt = performance.now();
    let next = 1;
    // Then any page never asked for: when every first page failed, the total was unknown.
    const missing = () => {
      while (run.lastPage !== null && next <= run.lastPage) {
        const page = next++;
        if (!run.pages.has(page) && !retried.has(page)) return page;
      }
      return null;
    };
    await this.pump(run, () => pending.shift() ?? missing());
    return this.finish(run);
  }

  cancel(runId: string): boolean {
    const run = this.running.get(runId);
    if (!run || run.stopped) return false;
    run.cancelled = true;
    run.stopped = true;
    run.controller.abort();
    return true;
  }

  /** Keeps up to `concurrency` pages in flight until `take` has no more. */
  private pump(run: Run, take: () => number | null): Promise<void> {
    return new Promise((resolve) => {
      let active = 0;
      const fill = () => {
        while (!run.stopped && active < run.concurrency) {
          const page = take();
          if (page === null) break;
          active++;
          void this.fetchPage(run, page).finally(() => {
            active--;
            this.report(run);
            fill();
          });
        }
        if (active === 0) resolve();
      };
      fill();
    });
  }

  private async fetchPage(run: Run, page: number): Promise<void> {
    const spec: RequestSpec = {
      ...run.spec,
      query: [
        ...run.spec.query,
        { name: 'pageSize', value: String(run.pageSize), enabled: true },
        { name: 'pageNumber', value: String(page), enabled: true },
      ],
    };
    const release = await this.limiter.acquire(run.connection.id, run.controller.signal);
    if (!release) return;
    try {
      const exchange = await this.deps.executor.exchange(run.connection, spec, {
        signal: run.controller.signal,
        extraStatuses: PAGE_RETRY_STATUSES,
      });
      const { response } = exchange;
      const contentType = response.headers.find(([n]) => n === 'content-type')?.[1] ?? '';
      // Parsed once; the raw page and the wrapper are dropped, only the items stay.
      const parsed = parseBody(response.body.toString('utf8'), contentType);
      if (response.status !== 200) {
        const error = readTableauError(parsed);
        if (error?.code === '400006') return this.pastEnd(run, page);
        run.failed.set(
          page,
          error ? `${error.code} ${error.summary}: ${error.detail}` : `HTTP ${response.status}`,
        );
        return;
      }
      const list = findList(parsed);
      if (!list) {
        run.failed.set(page, 'The answer has no list of items.');
        return;
      }
      run.listPath ??= list.path;
      const pagination = readPagination(parsed);
      // Not paginated (e.g. Get Flow Runs): the one answer is the whole list.
      this.learnTotal(
        run,
        pagination?.totalAvailable ?? list.items.length,
        pagination ? run.pageSize : Infinity,
      );
      if (run.lastPage !== null && page > run.lastPage) return;
      run.pages.set(page, list.items);
    } catch (error) {
      if (run.cancelled) return;
      const message = error instanceof Error ? error.message : String(error);
      run.failed.set(page, message);
      // Without a session no later page can succeed.
      if (
        error instanceof EngineError &&
        (error.code === 'session.expired' || error.code === 'session.none')
      ) {
        run.stopped = true;
      }
    } finally {
      release();
    }
  }

  private learnTotal(run: Run, total: number, pageSize: number): void {
    if (run.firstTotal === null) run.firstTotal = total;
    else if (total !== run.totalAvailable && total !== run.firstTotal) {
      // Items were added or removed while we paged: say so (items may shift between pages).
      run.totalChanged = { from: run.firstTotal, to: total };
    }
    run.totalAvailable = total;
    run.lastPage = pageSize === Infinity ? 1 : pageCount(total, pageSize);
  }

  /** 400006: past the last page. Speculative pages beyond the known end are harmless; otherwise the list shrank. */
  private pastEnd(run: Run, page: number): void {
    if (run.lastPage === null || page > run.lastPage) return;
    run.stopped = true;
    const to = Math.min(run.totalAvailable ?? 0, (page - 1) * run.pageSize);
    if (run.firstTotal !== null && to !== run.firstTotal)
      run.totalChanged = { from: run.firstTotal, to };
  }

  private report(run: Run): void {
    const pagesDone = [...run.pages.keys()].filter(
      (p) => run.lastPage === null || p <= run.lastPage,
    ).length;
    const pagesTotal = run.lastPage ?? run.concurrency;
    const elapsed = performance.now() - run.startedAt;
    let items = 0;
    for (const list of run.pages.values()) items += list.length;
    this.deps.progress({
      runId: run.runId,
      pagesDone,
      pagesTotal,
      items,
      totalAvailable: run.totalAvailable ?? 0,
      etaMs:
        pagesDone > 0 && pagesTotal >= pagesDone
          ? Math.round((elapsed / pagesDone) * (pagesTotal - pagesDone))
          : null,
      failedPages: run.failed.size,
    });
  }

  /** Keeps a run for retrying, the most recent MAX_KEPT_RUNS only: each holds its pages. */
  private keep(run: Run): void {
    this.kept.set(run.runId, run);
    for (const runId of this.kept.keys()) {
      if (this.kept.size <= MAX_KEPT_RUNS) break;
      this.kept.delete(runId);
    }
  }

  private finish(run: Run): FetchAllResult {
    const order = [...run.pages.keys()]
      .filter((p) => run.lastPage === null || p <= run.lastPage)
      .sort((a, b) => a - b);
    const merged: unknown[] = [];
    for (const page of order)
      for (const item of run.pages.get(page) as unknown[]) merged.push(item);
    // Cleared first, so releasing the previous result does not forget this run.
    const previous = run.responseId;
    run.responseId = null;
    if (previous) this.deps.responses.release(previous);
    run.responseId = run.listPath ? this.deps.responses.putItems(merged, run.listPath) : null;
    run.stopped = true;
    this.running.delete(run.runId);
    // Nothing to retry: the merged list holds the items, the run need not.
    if (run.failed.size > 0) this.keep(run);
    return {
      runId: run.runId,
      responseId: run.responseId,
      listPath: run.listPath,
      items: merged.length,
      pages: order.length,
      totalAvailable: run.totalAvailable ?? 0,
      failedPages: [...run.failed]
        .sort(([a], [b]) => a - b)
        .map(([pageNumber, message]) => ({ pageNumber, message })),
      cancelled: run.cancelled,
      totalChanged: run.totalChanged,
      elapsedMs: Math.round(performance.now() - run.startedAt),
    };
  }
}
