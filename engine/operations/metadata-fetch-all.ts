import type { Connection } from '../../shared/connection';
import {
  graphqlPayload,
  isNodeLimit,
  isRateExceeded,
  isWarningOnly,
  pagedQuery,
  pageRequest,
  readGraphqlErrors,
  readPage,
  type GraphqlPayload,
  type PagedQuery,
} from '../../shared/graphql';
import type { MetadataFetchAllOutcome } from '../../shared/operations';
import type { RequestSpec } from '../../shared/request';
import { readTableauError } from '../../shared/tableau-errors';
import { EngineError } from '../errors';
import type { RequestExecutor } from '../executor';
import { parseBody } from '../response-summary';
import type { ResponseStore } from '../response-store';
import { backoffMs, headerOf, parseRetryAfter, wait, type RetryPolicy } from '../retry-policy';
import type { ConnectionLimiter } from './connection-limiter';
import { CONNECTION_LIMIT, DEFAULT_FETCH_ALL_LIMITS, type FetchAllLimits } from './fetch-all';
import type { OperationContext, OperationWork } from './operations';

/** Tableau's largest Metadata API page (MAX_PAGE_SIZE_EXCEEDED above it). */
export const MAX_METADATA_PAGE = 1000;
/** The Metadata API's `first` when none is given ("The default is 100"). */
const TABLEAU_DEFAULT_FIRST = 100;
/** RATE_EXCEEDED waits per page before the page is given up (listed as missing, retryable). */
const MAX_RATE_WAITS = 12;

export interface MetadataFetchAllDeps {
  executor: RequestExecutor;
  responses: ResponseStore;
  limiter: ConnectionLimiter;
  retryPolicy: RetryPolicy;
  limits?: FetchAllLimits;
  /** Whether the connection field takes `offset` (from the introspected schema); unknown: Tableau's all do. */
  offsetAllowed?: (field: string) => boolean | null;
  onRound?: (outcome: MetadataFetchAllOutcome, cancelled: boolean, elapsedMs: number) => void;
}

type PageAnswer =
  | {
      kind: 'ok';
      nodes: unknown[];
      hasNextPage: boolean;
      endCursor: string | null;
      totalCount: number | null;
    }
  | { kind: 'nodeLimit' }
  | { kind: 'failed'; code: string; message: string; endsRun?: boolean };

interface Range {
  offset: number;
  size: number;
}

const count = (n: number) => n.toLocaleString('en-US');

/**
 * Metadata API fetch-all, as an operation (DESIGN.md §10): follows the query's one top-level
 * `…Connection`. The first page tells `totalCount`; where the field takes `offset` the rest is
 * asked for at once (bounded per connection), otherwise page after page by `endCursor`. On the
 * node limit a page is dropped (its data is partial), the page size halved and the page asked
 * again; RATE_EXCEEDED is waited out with backoff. Items are the ranges of nodes.
 */
export class MetadataFetchAllWork implements OperationWork {
  readonly kind = 'metadataFetchAll';
  readonly unit = 'pages';
  readonly title: string;
  private readonly payload: GraphqlPayload;
  private readonly paged: PagedQuery;
  private readonly firstPageSize: number;
  private pageSize: number;
  private readonly concurrency: number;
  /** Pages in flight now: one at a time once the server has said RATE_EXCEEDED. */
  private inFlightLimit: number;
  private readonly limits: FetchAllLimits;
  /** Nodes held, by the offset of their first node. */
  private readonly chunks = new Map<number, unknown[]>();
  private readonly failed = new Map<number, Range & { code: string; message: string }>();
  private paging: 'offset' | 'cursor' = 'cursor';
  private totalCount: number | null = null;
  /** Where cursor paging stands: the next offset and the cursor that leads to it. */
  private cursor: { position: number; after: string | null; done: boolean } = {
    position: 0,
    after: null,
    done: false,
  };
  private nodeLimitHits = 0;
  private rateLimitWaits = 0;
  private readonly warnings = new Set<string>();
  private stopped = false;
  private responseId: string | null = null;
  private released = false;
  private pagesFetched = 0;

  constructor(
    private readonly deps: MetadataFetchAllDeps,
    private readonly connection: Connection,
    private readonly spec: RequestSpec,
    private readonly options: { concurrency: number; pageSize?: number; paging: 'auto' | 'cursor' },
  ) {
    if (spec.body.kind !== 'graphql')
      throw new EngineError('metadata.notGraphql', 'Metadata fetch-all needs a GraphQL request.');
    const payload = graphqlPayload(spec.body);
    if ('problem' in payload) throw new EngineError(payload.problem.code, payload.problem.message);
    const paged = pagedQuery(payload);
    if ('problem' in paged) throw new EngineError(paged.problem.code, paged.problem.message);
    this.payload = payload;
    this.paged = paged;
    // Tableau's default `first` of 100 (which presets fill in) is not a choice: Fetch all then
    // asks for the largest page, ten times fewer requests; the node limit lowers it if need be.
    const chosen =
      paged.firstInQuery !== null && paged.firstInQuery !== TABLEAU_DEFAULT_FIRST
        ? paged.firstInQuery
        : null;
    this.firstPageSize = Math.min(
      MAX_METADATA_PAGE,
      options.pageSize ?? chosen ?? MAX_METADATA_PAGE,
    );
    this.pageSize = this.firstPageSize;
    this.concurrency = Math.max(1, Math.min(CONNECTION_LIMIT, options.concurrency));
    this.inFlightLimit = this.concurrency;
    this.limits = deps.limits ?? DEFAULT_FETCH_ALL_LIMITS;
    this.title = `Fetch all: ${paged.field}`;
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
    this.chunks.clear();
  }

  async run(ctx: OperationContext, round: 'first' | 'retry'): Promise<MetadataFetchAllOutcome> {
    const startedAt = performance.now();
    this.stopped = false;
    if (round === 'first') {
      const first = await this.fetchRange(ctx, { offset: 0, size: this.pageSize }, null);
      if (first.kind === 'failed') {
        // The query itself is refused (or the session is gone): nothing to page through.
        throw new EngineError(first.code, first.message);
      }
      this.report(ctx);
      const offsetAllowed = this.deps.offsetAllowed?.(this.paged.field) ?? true;
      this.paging =
        this.options.paging === 'auto' && offsetAllowed && this.totalCount !== null
          ? 'offset'
          : 'cursor';
    } else {
      // A retry starts at the first page size again: what cut the pages may have passed.
      this.pageSize = this.firstPageSize;
      this.failedToPending();
      this.pending = this.pending.flatMap((p) => {
        const parts: Range[] = [];
        for (let o = p.offset; o < p.offset + p.size; o += this.pageSize)
          parts.push({ offset: o, size: Math.min(this.pageSize, p.offset + p.size - o) });
        return parts;
      });
    }
    if (this.paging === 'offset') await this.pumpOffsets(ctx, round === 'first');
    else await this.followCursor(ctx);
    return this.finish(ctx, performance.now() - startedAt);
  }

  // ——— paging ———

  private pending: Range[] = [];

  private wanted(): number {
    const total = this.totalCount ?? 0;
    return Math.min(total, this.limits.maxItems);
  }

  private failedToPending(): void {
    const ranges = [...this.failed.values()].sort((a, b) => a.offset - b.offset);
    this.failed.clear();
    if (this.paging === 'offset')
      this.pending = ranges.map(({ offset, size }) => ({ offset, size }));
    else this.cursor.done = false;
  }

  /** Offsets: every range not held, `concurrency` at a time, split when the node limit cuts one. */
  private pumpOffsets(ctx: OperationContext, plan: boolean): Promise<void> {
    if (plan) {
      const held = this.chunks.get(0)?.length ?? 0;
      for (let offset = held; offset < this.wanted(); offset += this.pageSize)
        this.pending.push({ offset, size: Math.min(this.pageSize, this.wanted() - offset) });
    }
    this.report(ctx);
    return new Promise((resolve) => {
      let active = 0;
      const fill = () => {
        while (!this.stopped && !ctx.signal.aborted && active < this.inFlightLimit) {
          const range = this.pending.shift();
          if (!range) break;
          active++;
          void this.fetchRange(ctx, range, null).then((answer) => {
            active--;
            if (answer.kind === 'failed') {
              this.failed.set(range.offset, {
                ...range,
                code: answer.code,
                message: answer.message,
              });
              if (answer.endsRun) this.stopped = true;
            } else if (answer.kind === 'ok' && answer.nodes.length < answer.asked) {
              // Fewer than asked and not at the end (a capped page): ask for the rest.
              const got = answer.nodes.length;
              if (got > 0 && range.offset + got < this.wanted())
                this.pending.unshift({ offset: range.offset + got, size: answer.asked - got });
              else if (got === 0 && range.offset < this.wanted())
                this.failed.set(range.offset, {
                  ...range,
                  code: 'metadata.shortPage',
                  message: `The server answered no nodes at offset ${count(range.offset)} although totalCount is ${count(this.totalCount ?? 0)}: the list changed while paging.`,
                });
            }
            this.report(ctx);
            fill();
          });
        }
        if (active === 0) resolve();
      };
      fill();
    });
  }

  /** Cursors: one page after another from where the last round stopped. */
  private async followCursor(ctx: OperationContext): Promise<void> {
    if (this.pagesFetched === 0 || this.cursor.done) return;
    while (
      !ctx.signal.aborted &&
      !this.cursor.done &&
      this.cursor.position < this.limits.maxItems
    ) {
      const range = { offset: this.cursor.position, size: this.pageSize };
      const answer = await this.fetchRange(ctx, range, this.cursor.after);
      if (answer.kind === 'failed') {
        const size = Math.max(1, (this.totalCount ?? range.offset + this.pageSize) - range.offset);
        this.failed.set(range.offset, {
          offset: range.offset,
          size,
          code: answer.code,
          message: answer.message,
        });
        return;
      }
      this.report(ctx);
    }
  }

  /**
   * One range, with its node-limit splits: on NODE_LIMIT_EXCEEDED the page size is halved and
   * the smaller page asked again (from the same cursor or offset) until it fits. With offsets,
   * the rest of a split range goes back to the queue; `asked` is what this answer covers.
   */
  private async fetchRange(
    ctx: OperationContext,
    range: Range,
    after: string | null,
  ): Promise<PageAnswer & { asked: number }> {
    let size = Math.min(range.size, this.pageSize);
    for (;;) {
      const answer = await this.fetchPage(ctx, {
        first: size,
        after,
        offset: this.paging === 'offset' && range.offset > 0 ? range.offset : null,
      });
      if (answer.kind !== 'nodeLimit') {
        if (answer.kind === 'ok') {
          this.keep(range.offset, answer);
          if (this.paging === 'offset' && size < range.size)
            this.pending.unshift({ offset: range.offset + size, size: range.size - size });
        }
        return { ...answer, asked: size };
      }
      this.nodeLimitHits++;
      if (size <= 1)
        return {
          kind: 'failed',
          code: 'NODE_LIMIT_EXCEEDED',
          message:
            'Even one node of this query exceeds the server’s node limit: select fewer nested fields.',
          asked: size,
        };
      size = Math.max(1, Math.floor(size / 2));
      // Later pages start at the lower size too: the limit holds for every page alike.
      this.pageSize = Math.min(this.pageSize, size);
      this.pending = this.pending.flatMap((p) => {
        const parts: Range[] = [];
        for (let o = p.offset; o < p.offset + p.size; o += this.pageSize)
          parts.push({ offset: o, size: Math.min(this.pageSize, p.offset + p.size - o) });
        return parts;
      });
    }
  }

  private keep(offset: number, answer: Extract<PageAnswer, { kind: 'ok' }>): void {
    this.pagesFetched++;
    if (answer.totalCount !== null) this.totalCount = answer.totalCount;
    this.chunks.set(offset, answer.nodes);
    this.failed.delete(offset);
    if (this.paging === 'cursor' || offset === 0) {
      this.cursor = {
        position: offset + answer.nodes.length,
        after: answer.endCursor,
        done: !answer.hasNextPage || answer.nodes.length === 0,
      };
    }
  }

  /** One request; waits out RATE_EXCEEDED (and 429, by the executor) before answering. */
  private async fetchPage(
    ctx: OperationContext,
    page: { first: number; after: string | null; offset: number | null },
  ): Promise<PageAnswer> {
    const request = pageRequest(this.payload, page);
    const spec: RequestSpec = {
      ...this.spec,
      body: {
        kind: 'graphql',
        text: request.query,
        variables: request.variables ? JSON.stringify(request.variables) : '',
        operationName: this.payload.operation.name?.value,
      },
    };
    for (let waits = 0; ; waits++) {
      if (ctx.signal.aborted)
        return { kind: 'failed', code: 'operation.cancelled', message: 'Not fetched: cancelled.' };
      const release = await this.deps.limiter.acquire(this.connection.id, ctx.signal);
      if (!release)
        return { kind: 'failed', code: 'operation.cancelled', message: 'Not fetched: cancelled.' };
      let retryAfter: number | null = null;
      let answer: PageAnswer | null = null;
      try {
        const { response } = await this.deps.executor.exchange(this.connection, spec, {
          signal: ctx.signal,
          // A Metadata API query reads only: repeating it is harmless.
          idempotent: true,
          extraStatuses: [500, 502, 504],
        });
        const contentType = response.headers.find(([n]) => n === 'content-type')?.[1] ?? '';
        const parsed = parseBody(response.body.toString('utf8'), contentType);
        const errors = readGraphqlErrors(parsed) ?? [];
        if (response.status === 429 || errors.some(isRateExceeded)) {
          retryAfter = parseRetryAfter(headerOf(response, 'retry-after'));
        } else if (response.status !== 200) {
          const error = readTableauError(parsed);
          answer = error
            ? { kind: 'failed', code: error.code, message: `${error.summary}: ${error.detail}` }
            : {
                kind: 'failed',
                code: `http.${response.status}`,
                message: errors[0]?.message ?? `HTTP ${response.status}`,
              };
        } else if (errors.some(isNodeLimit)) {
          answer = { kind: 'nodeLimit' };
        } else {
          const failure = errors.find((e) => !isWarningOnly(e));
          for (const w of errors.filter(isWarningOnly))
            this.warnings.add(`${w.code ?? 'WARNING'}: ${w.message}`);
          const read = failure ? null : readPage(parsed, this.paged.responseKey);
          answer = failure
            ? { kind: 'failed', code: failure.code ?? 'GRAPHQL_ERROR', message: failure.message }
            : read
              ? { kind: 'ok', ...read }
              : {
                  kind: 'failed',
                  code: 'metadata.noNodes',
                  message: `The answer has no ${this.paged.field}.nodes.`,
                };
        }
      } catch (error) {
        if (ctx.signal.aborted)
          return {
            kind: 'failed',
            code: 'operation.cancelled',
            message: 'Not fetched: cancelled.',
          };
        const code = error instanceof EngineError ? error.code : 'request.failed';
        answer = {
          kind: 'failed',
          code,
          message: error instanceof Error ? error.message : String(error),
          endsRun: code === 'session.expired' || code === 'session.none',
        };
      } finally {
        release();
      }
      if (answer) return answer;
      if (waits >= MAX_RATE_WAITS)
        return {
          kind: 'failed',
          code: 'RATE_EXCEEDED',
          message: `Still throttled after ${MAX_RATE_WAITS} waits (RATE_EXCEEDED): retry later.`,
        };
      this.rateLimitWaits++;
      this.inFlightLimit = 1;
      ctx.progress({
        status: `Throttled by the server (RATE_EXCEEDED): waiting before page ${this.pagesFetched + 1}…`,
      });
      try {
        await wait(retryAfter ?? backoffMs(this.deps.retryPolicy, waits + 1), ctx.signal);
      } catch {
        return { kind: 'failed', code: 'operation.cancelled', message: 'Not fetched: cancelled.' };
      }
    }
  }

  // ——— reporting ———

  private held(): number {
    let n = 0;
    for (const nodes of this.chunks.values()) n += nodes.length;
    return n;
  }

  private report(ctx: OperationContext): void {
    const wanted = this.totalCount === null ? null : this.wanted();
    const estimate =
      wanted === null
        ? null
        : Math.max(
            this.pagesFetched,
            this.pagesFetched + Math.ceil(Math.max(0, wanted - this.held()) / this.pageSize),
          );
    ctx.progress({
      done: this.pagesFetched + this.failed.size,
      total: estimate,
      status:
        `${count(this.held())} of ${wanted === null ? '?' : count(this.totalCount ?? 0)} ${this.paged.field} nodes` +
        (this.pageSize < this.firstPageSize ? ` · node limit: ${this.pageSize} a page` : '') +
        (this.failed.size > 0 ? ` · ${this.failed.size} ranges failed` : ''),
    });
  }

  private label(range: Range): string {
    return `Items ${count(range.offset + 1)}–${count(range.offset + range.size)}`;
  }

  private finish(ctx: OperationContext, elapsedMs: number): MetadataFetchAllOutcome {
    const cancelled = ctx.signal.aborted;
    const wanted = this.totalCount === null ? null : this.wanted();
    // Ranges never asked for (cancelled, session ended) are missing too, and retryable.
    if (this.paging === 'offset') {
      for (const range of this.pending.splice(0))
        this.failed.set(range.offset, {
          ...range,
          code: cancelled ? 'operation.cancelled' : 'metadataFetchAll.notFetched',
          message: cancelled
            ? 'Not fetched: cancelled.'
            : 'Not fetched: the run stopped before this range.',
        });
    } else if (
      !this.cursor.done &&
      wanted !== null &&
      this.cursor.position < wanted &&
      this.failed.size === 0
    ) {
      this.failed.set(this.cursor.position, {
        offset: this.cursor.position,
        size: wanted - this.cursor.position,
        code: cancelled ? 'operation.cancelled' : 'metadataFetchAll.notFetched',
        message: cancelled ? 'Not fetched: cancelled.' : 'Not fetched: the run stopped here.',
      });
    }
    const offsets = [...this.chunks.keys()].sort((a, b) => a - b);
    const merged: unknown[] = [];
    for (const offset of offsets) for (const node of this.chunks.get(offset)!) merged.push(node);
    for (const offset of offsets)
      ctx.item({
        key: `items:${offset}`,
        label: this.label({ offset, size: this.chunks.get(offset)!.length }),
        state: 'ok',
      });
    const failed = [...this.failed.values()].sort((a, b) => a.offset - b.offset);
    for (const f of failed)
      ctx.item({
        key: `items:${f.offset}`,
        label: this.label(f),
        state: 'failed',
        code: f.code,
        message: f.message,
      });
    let limitReached: string | null = null;
    if (this.totalCount !== null && this.totalCount > this.limits.maxItems) {
      limitReached = `Fetch all stops at ${count(this.limits.maxItems)} nodes; the server reports ${count(this.totalCount)}. Narrow the query with a filter.`;
      ctx.item({
        key: 'limit',
        label: `Items ${count(this.limits.maxItems + 1)}–${count(this.totalCount)}`,
        state: 'skipped',
        message: limitReached,
      });
    }
    this.report(ctx);
    const previous = this.responseId;
    this.responseId = null;
    if (previous) this.deps.responses.release(previous);
    const listPath = `${this.paged.responseKey}.nodes`;
    this.responseId = this.deps.responses.putItems(merged, listPath);
    if (this.failed.size === 0) this.chunks.clear();
    const outcome: MetadataFetchAllOutcome = {
      kind: 'metadataFetchAll',
      responseId: this.responseId,
      listPath,
      field: this.paged.field,
      items: merged.length,
      pages: this.pagesFetched,
      paging: this.paging,
      firstPageSize: this.firstPageSize,
      pageSize: this.pageSize,
      totalCount: this.totalCount,
      nodeLimitHits: this.nodeLimitHits,
      rateLimitWaits: this.rateLimitWaits,
      missing: {
        items: wanted === null ? 0 : Math.max(0, wanted - merged.length),
        ranges: failed.map((f) => ({
          fromItem: f.offset + 1,
          toItem: f.offset + f.size,
          message: f.message,
        })),
      },
      warnings: [...this.warnings],
      limitReached,
    };
    this.deps.onRound?.(outcome, cancelled, Math.round(elapsedMs));
    return outcome;
  }
}
