import type { Connection } from '../../shared/connection';
import type { FetchAllOutcome } from '../../shared/operations';
import type { RequestSpec } from '../../shared/request';
import { readTableauError } from '../../shared/tableau-errors';
import { findList, pageCount, readPagination } from '../../shared/tableau-list';
import { EngineError } from '../errors';
import type { RequestExecutor } from '../executor';
import { parseBody } from '../response-summary';
import type { ResponseStore } from '../response-store';
import type { ConnectionLimiter } from './connection-limiter';
import type { OperationContext, OperationWork } from './operations';

/** Tableau's largest page (403014 above it; tableau-api.md §4). */
export const MAX_PAGE_SIZE = 1000;
/** Pages in flight per connection across all operations. */
export const CONNECTION_LIMIT = 10;
/** A failed page is retried by the executor for these statuses too (GETs only). */
const PAGE_RETRY_STATUSES = [500, 502, 504] as const;

/**
 * Where fetch-all stops, whatever the server claims: the merged list lives in memory, and a
 * server (or a proxy) that reports 10⁹ items must not take the machine down with it.
 */
export interface FetchAllLimits {
  maxPages: number;
  maxItems: number;
}
export const DEFAULT_FETCH_ALL_LIMITS: FetchAllLimits = { maxPages: 10_000, maxItems: 1_000_000 };

export interface FetchAllDeps {
  executor: RequestExecutor;
  responses: ResponseStore;
  limiter: ConnectionLimiter;
  limits?: FetchAllLimits;
  /** Called once per finished round (first or retry) with the outcome, e.g. for history. */
  onRound?: (outcome: FetchAllOutcome, cancelled: boolean, elapsedMs: number) => void;
}

/** Why no further page can succeed: the session is gone. */
function endsTheRun(error: unknown): boolean {
  return (
    error instanceof EngineError &&
    (error.code === 'session.expired' || error.code === 'session.none')
  );
}

/**
 * Fetch-all over Tableau's pageNumber/pageSize pagination, as an operation: the first round
 * asks for pages 1…concurrency at once (a page past the end answers 400006, harmless), then the
 * rest with bounded concurrency; items are kept once, merged in page order, in the response
 * store. Each page is an item of the operation; a retry fetches only the pages that failed and
 * any page never asked for.
 */
export class FetchAllWork implements OperationWork {
  readonly kind = 'fetchAll';
  readonly unit = 'pages';
  readonly title: string;
  private readonly spec: RequestSpec;
  private readonly pageSize: number;
  private readonly concurrency: number;
  private readonly limits: FetchAllLimits;
  private readonly pages = new Map<number, unknown[]>();
  private readonly failed = new Map<number, { code?: string; message: string }>();
  private listPath: string | null = null;
  private firstTotal: number | null = null;
  private totalAvailable: number | null = null;
  /** Last page to fetch, once a page has told the total (and after the limits). */
  private lastPage: number | null = null;
  /** The last page the server has, when the limits cut it short. */
  private serverLastPage: number | null = null;
  private totalChanged: { from: number; to: number } | null = null;
  /** Set by 400006 within the known range, cancel, or an ended session: schedule nothing more. */
  private stopped = false;
  private responseId: string | null = null;
  private released = false;

  constructor(
    private readonly deps: FetchAllDeps,
    private readonly connection: Connection,
    spec: RequestSpec,
    options: { concurrency: number; pageSize?: number },
  ) {
    const fromSpec = Number(spec.query.find((q) => q.enabled && q.name === 'pageSize')?.value);
    const pageSize =
      options.pageSize ?? (Number.isInteger(fromSpec) && fromSpec > 0 ? fromSpec : MAX_PAGE_SIZE);
    this.pageSize = Math.min(MAX_PAGE_SIZE, pageSize);
    this.concurrency = Math.max(1, Math.min(CONNECTION_LIMIT, options.concurrency));
    this.spec = {
      ...spec,
      query: spec.query.filter((q) => q.name !== 'pageNumber' && q.name !== 'pageSize'),
    };
    this.limits = deps.limits ?? DEFAULT_FETCH_ALL_LIMITS;
    this.title = `Fetch all: ${spec.method} ${spec.path}`;
    // A released result cannot be retried into: its pages need not wait any more.
    deps.responses.onRelease((id) => {
      if (id === this.responseId) this.dispose();
    });
  }

  get connectionId(): string {
    return this.connection.id;
  }

  canRetry(): boolean {
    return !this.released;
  }

  dispose(): void {
    this.released = true;
    this.pages.clear();
  }

  async run(ctx: OperationContext, round: 'first' | 'retry'): Promise<FetchAllOutcome> {
    this.stopped = false;
    const startedAt = performance.now();
    let take: () => number | null;
    if (round === 'first') {
      let next = 1;
      take = () => {
        const last = this.lastPage ?? this.concurrency;
        return next <= last ? next++ : null;
      };
    } else {
      const pending = [...this.failed.keys()].sort((a, b) => a - b);
      const retried = new Set(pending);
      this.failed.clear();
      let next = 1;
      // Then any page never asked for: when every first page failed, the total was unknown.
      const missing = () => {
        while (this.lastPage !== null && next <= this.lastPage) {
          const page = next++;
          if (!this.pages.has(page) && !retried.has(page)) return page;
        }
        return null;
      };
      take = () => pending.shift() ?? missing();
    }
    await this.pump(ctx, take);
    return this.finish(ctx, performance.now() - startedAt);
  }

  /** Keeps up to `concurrency` pages in flight until `take` has no more. */
  private pump(ctx: OperationContext, take: () => number | null): Promise<void> {
    return new Promise((resolve) => {
      let active = 0;
      const fill = () => {
        while (!this.stopped && !ctx.signal.aborted && active < this.concurrency) {
          const page = take();
          if (page === null) break;
          active++;
          void this.fetchPage(ctx, page).finally(() => {
            active--;
            this.report(ctx);
            fill();
          });
        }
        if (active === 0) resolve();
      };
      fill();
    });
  }

  private async fetchPage(ctx: OperationContext, page: number): Promise<void> {
    const spec: RequestSpec = {
      ...this.spec,
      query: [
        ...this.spec.query,
        { name: 'pageSize', value: String(this.pageSize), enabled: true },
        { name: 'pageNumber', value: String(page), enabled: true },
      ],
    };
    const release = await this.deps.limiter.acquire(this.connection.id, ctx.signal);
    if (!release) return;
    try {
      const exchange = await this.deps.executor.exchange(this.connection, spec, {
        signal: ctx.signal,
        extraStatuses: PAGE_RETRY_STATUSES,
      });
      const { response } = exchange;
      const contentType = response.headers.find(([n]) => n === 'content-type')?.[1] ?? '';
      // Parsed once; the raw page and the wrapper are dropped, only the items stay.
      const parsed = parseBody(response.body.toString('utf8'), contentType);
      if (response.status !== 200) {
        const error = readTableauError(parsed);
        if (error?.code === '400006') return this.pastEnd(page);
        this.failed.set(
          page,
          error
            ? { code: error.code, message: `${error.summary}: ${error.detail}` }
            : { code: `http.${response.status}`, message: `HTTP ${response.status}` },
        );
        return;
      }
      const list = findList(parsed);
      if (!list) {
        this.failed.set(page, {
          code: 'fetchAll.noList',
          message: 'The answer has no list of items.',
        });
        return;
      }
      this.listPath ??= list.path;
      const pagination = readPagination(parsed);
      // Not paginated (e.g. Get Flow Runs): the one answer is the whole list.
      this.learnTotal(
        pagination?.totalAvailable ?? list.items.length,
        pagination ? this.pageSize : Infinity,
      );
      if (this.lastPage !== null && page > this.lastPage) return;
      this.pages.set(page, list.items);
      this.failed.delete(page);
    } catch (error) {
      if (ctx.signal.aborted) return;
      this.failed.set(page, {
        code: error instanceof EngineError ? error.code : undefined,
        message: error instanceof Error ? error.message : String(error),
      });
      // Without a session no later page can succeed: the rest are listed as missing.
      if (endsTheRun(error)) this.stopped = true;
    } finally {
      release();
    }
  }

  private learnTotal(total: number, pageSize: number): void {
    if (this.firstTotal === null) this.firstTotal = total;
    else if (total !== this.totalAvailable && total !== this.firstTotal) {
      // Items were added or removed while we paged: say so (items may shift between pages).
      this.totalChanged = { from: this.firstTotal, to: total };
    }
    this.totalAvailable = total;
    const serverLast = pageSize === Infinity ? 1 : pageCount(total, pageSize);
    this.serverLastPage = serverLast;
    const byItems = Math.max(1, Math.floor(this.limits.maxItems / this.pageSize));
    this.lastPage = Math.min(serverLast, this.limits.maxPages, byItems);
  }

  /** 400006: past the last page. Speculative pages beyond the known end are harmless; otherwise the list shrank. */
  private pastEnd(page: number): void {
    if (this.lastPage === null || page > this.lastPage) return;
    this.stopped = true;
    const to = Math.min(this.totalAvailable ?? 0, (page - 1) * this.pageSize);
    if (this.firstTotal !== null && to !== this.firstTotal)
      this.totalChanged = { from: this.firstTotal, to };
    // The list ends here: pages after it are not missing, they do not exist.
    this.lastPage = page - 1;
    this.serverLastPage = page - 1;
    for (const p of this.failed.keys()) if (p >= page) this.failed.delete(p);
  }

  private itemsHeld(): number {
    let items = 0;
    for (const [page, list] of this.pages)
      if (this.lastPage === null || page <= this.lastPage) items += list.length;
    return items;
  }

  private report(ctx: OperationContext): void {
    const done = [...this.pages.keys()].filter(
      (p) => this.lastPage === null || p <= this.lastPage,
    ).length;
    const total = this.lastPage ?? this.concurrency;
    const items = this.itemsHeld();
    ctx.progress({
      done: done + this.failed.size,
      total,
      status:
        `${items.toLocaleString('en-US')} of ${(this.totalAvailable ?? 0).toLocaleString('en-US')} items` +
        (this.failed.size > 0 ? ` · ${this.failed.size} pages failed` : ''),
    });
  }

  private pageLabel(page: number): string {
    const from = (page - 1) * this.pageSize + 1;
    const to = Math.min(
      page * this.pageSize,
      Math.max(from, this.totalAvailable ?? page * this.pageSize),
    );
    return `Page ${page} (items ${from.toLocaleString('en-US')}–${to.toLocaleString('en-US')})`;
  }

  private finish(ctx: OperationContext, elapsedMs: number): FetchAllOutcome {
    const cancelled = ctx.signal.aborted;
    // Every page within the known range that is neither held nor failed was never fetched
    // (the session ended, or the run was cancelled): it is missing too, and retryable.
    if (this.lastPage !== null) {
      for (let page = 1; page <= this.lastPage; page++) {
        if (this.pages.has(page) || this.failed.has(page)) continue;
        this.failed.set(page, {
          code: cancelled ? 'operation.cancelled' : 'fetchAll.notFetched',
          message: cancelled
            ? 'Not fetched: cancelled.'
            : 'Not fetched: the run stopped before this page.',
        });
      }
    }
    const order = [...this.pages.keys()]
      .filter((p) => this.lastPage === null || p <= this.lastPage)
      .sort((a, b) => a - b);
    const merged: unknown[] = [];
    for (const page of order)
      for (const item of this.pages.get(page) as unknown[]) merged.push(item);

    for (const page of order)
      ctx.item({ key: `page:${page}`, label: this.pageLabel(page), state: 'ok' });
    const missingPages = [...this.failed].sort(([a], [b]) => a - b);
    for (const [page, failure] of missingPages)
      ctx.item({
        key: `page:${page}`,
        label: this.pageLabel(page),
        state: 'failed',
        code: failure.code,
        message: failure.message,
      });

    let limitReached: string | null = null;
    if (
      this.lastPage !== null &&
      this.serverLastPage !== null &&
      this.serverLastPage > this.lastPage
    ) {
      limitReached =
        `Fetch all stops at ${this.lastPage.toLocaleString('en-US')} pages of ${this.pageSize} ` +
        `(at most ${this.limits.maxItems.toLocaleString('en-US')} items, ${this.limits.maxPages.toLocaleString('en-US')} pages); ` +
        `the server reports ${(this.totalAvailable ?? 0).toLocaleString('en-US')}. Narrow the request with a filter, or page through it.`;
      ctx.item({
        key: 'limit',
        label: `Pages ${(this.lastPage + 1).toLocaleString('en-US')}–${this.serverLastPage.toLocaleString('en-US')}`,
        state: 'skipped',
        message: limitReached,
      });
    }

    this.report(ctx);
    // Cleared first, so releasing the previous result does not dispose this work.
    const previous = this.responseId;
    this.responseId = null;
    if (previous) this.deps.responses.release(previous);
    this.responseId = this.listPath ? this.deps.responses.putItems(merged, this.listPath) : null;
    // Nothing to retry: the merged list holds the items, the work need not.
    if (this.failed.size === 0) this.pages.clear();

    const expected =
      this.totalAvailable === null
        ? null
        : Math.min(this.totalAvailable, (this.lastPage ?? 0) * this.pageSize);
    const outcome: FetchAllOutcome = {
      kind: 'fetchAll',
      responseId: this.responseId,
      listPath: this.listPath,
      items: merged.length,
      pages: order.length,
      pageSize: this.pageSize,
      totalAvailable: this.totalAvailable ?? 0,
      missing: {
        items: expected === null ? 0 : Math.max(0, expected - merged.length),
        pages: missingPages.map(([pageNumber, failure]) => ({
          pageNumber,
          fromItem: (pageNumber - 1) * this.pageSize + 1,
          toItem: Math.min(pageNumber * this.pageSize, expected ?? pageNumber * this.pageSize),
          message: failure.message,
        })),
      },
      totalChanged: this.totalChanged,
      limitReached,
    };
    this.deps.onRound?.(outcome, cancelled, Math.round(elapsedMs));
    return outcome;
  }
}
