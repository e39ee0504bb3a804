import { randomUUID } from 'node:crypto';
import type {
  OperationItem,
  OperationOutcome,
  OperationProgress,
  OperationProgressEvent,
  OperationSnapshot,
  OperationState,
} from '../../shared/operations';
import { EngineError } from '../errors';

/** Finished operations kept for `operations:get`, `list` and "retry failed"; older ones go. */
export const MAX_KEPT_OPERATIONS = 20;
/**
 * While running, progress goes out when 1% more of the work is done, the status line changes,
 * or 100 ms have passed, whichever comes first. The final event always goes.
 */
const PROGRESS_INTERVAL_MS = 100;
const PROGRESS_STEP = 0.01;

/** What an operation's work sees: its cancel signal and the ways to report. */
export interface OperationContext {
  readonly signal: AbortSignal;
  /** Merges into the progress and emits (throttled). */
  progress(update: Partial<OperationProgress>): void;
  /** Records one item's result; a later result for the same key replaces it. */
  item(result: OperationItem): void;
  /** Items that failed in the previous round (for a retry), in the order they were recorded. */
  readonly failedKeys: readonly string[];
}

/** One kind's work. `run` is called for the first round and again, on a retry, for the failed items. */
export interface OperationWork {
  readonly kind: string;
  readonly connectionId: string;
  readonly title: string;
  /** The progress line's unit before anything is known ("pages", "rows"). */
  readonly unit: string;
  /**
   * Does the work (or, with `ctx.failedKeys` non-empty, only the failed part) and returns the
   * outcome so far. Throwing means the operation could not run: state `failed`.
   */
  run(ctx: OperationContext, round: 'first' | 'retry'): Promise<OperationOutcome | null>;
  /**
   * The outcome so far, while running: snapshots (`operations:get`) carry it until the real
   * one comes, so a view can show live state (the jobs being followed).
   */
  partialOutcome?(): OperationOutcome | null;
  /** Whether items that failed can be retried now (e.g. the merged result still exists). */
  canRetry?(): boolean;
  /** Called when the operation is forgotten (pushed out of the kept list). */
  dispose?(): void;
}

interface Record {
  operationId: string;
  work: OperationWork;
  state: OperationState;
  startedAt: Date;
  roundStartedAt: number;
  endedAt: Date | null;
  progress: OperationProgress;
  items: Map<string, OperationItem>;
  error: { code: string; message: string } | null;
  outcome: OperationOutcome | null;
  controller: AbortController;
  finished: Promise<void>;
  lastEmit: number;
  lastEmittedDone: number;
  lastEmittedStatus: string;
  emitTimer: NodeJS.Timeout | null;
  /** Items done when this round started: the rate counts this round's only. */
  roundBase: number;
}

/**
 * Every long-running piece of work, whatever its kind (DESIGN.md §10): ids, state, throttled
 * progress events, cancel, per-item results, retry of the failed items, a bounded memory.
 */
export class Operations {
  private readonly records = new Map<string, Record>();

  constructor(private readonly emit: (event: OperationProgressEvent) => void) {}

  /** Starts `work` at once and returns its first snapshot; `wait` gives the last. */
  start(work: OperationWork, operationId: string = randomUUID()): OperationSnapshot {
    const existing = this.records.get(operationId);
    if (existing?.state === 'running')
      throw new EngineError('operation.exists', `Operation ${operationId} is already running.`);
    if (existing) this.forget(existing);
    const record: Record = {
      operationId,
      work,
      state: 'running',
      startedAt: new Date(),
      roundStartedAt: performance.now(),
      endedAt: null,
      progress: {
        done: 0,
        total: null,
        unit: work.unit,
        bytes: null,
        ratePerSecond: null,
        etaMs: null,
        status: 'Starting…',
      },
      items: new Map(),
      error: null,
      outcome: null,
      controller: new AbortController(),
      finished: Promise.resolve(),
      lastEmit: 0,
      lastEmittedDone: -1,
      lastEmittedStatus: '',
      emitTimer: null,
      roundBase: 0,
    };
    this.records.set(operationId, record);
    this.runRound(record, 'first');
    this.trim();
    return this.snapshot(record, true);
  }

  /** Runs the failed items again; the rest of the result is kept. */
  retryFailed(operationId: string): OperationSnapshot {
    const record = this.record(operationId);
    if (record.state === 'running')
      throw new EngineError('operation.running', 'This operation is still running.');
    if (!this.canRetry(record))
      throw new EngineError(
        'operation.nothingToRetry',
        record.outcome === null && record.state !== 'failed'
          ? 'Nothing failed: there is nothing to retry.'
          : 'This result can no longer be retried (it was closed). Run it again.',
      );
    record.state = 'running';
    record.endedAt = null;
    record.error = null;
    record.controller = new AbortController();
    record.roundStartedAt = performance.now();
    this.runRound(record, 'retry');
    return this.snapshot(record, true);
  }

  cancel(operationId: string): boolean {
    const record = this.records.get(operationId);
    if (!record || record.state !== 'running' || record.controller.signal.aborted) return false;
    record.controller.abort();
    return true;
  }

  /** Resolves when the operation is no longer running. */
  async wait(operationId: string): Promise<OperationSnapshot> {
    const record = this.record(operationId);
    while (record.state === 'running') await record.finished;
    return this.snapshot(record, true);
  }

  get(operationId: string): OperationSnapshot {
    return this.snapshot(this.record(operationId), true);
  }

  /** Newest first, without per-item results. */
  list(): OperationSnapshot[] {
    return [...this.records.values()].reverse().map((r) => this.snapshot(r, false));
  }

  /** Cancels everything running (the host is closing). */
  cancelAll(): void {
    for (const record of this.records.values())
      if (record.state === 'running') record.controller.abort();
  }

  private record(operationId: string): Record {
    const record = this.records.get(operationId);
    if (!record)
      throw new EngineError(
        'operation.unknown',
        'That operation is not known (only the most recent are kept).',
      );
    return record;
  }

  private canRetry(record: Record): boolean {
    const failed = [...record.items.values()].some((i) => i.state === 'failed');
    if (record.state === 'failed') return record.work.canRetry?.() ?? false;
    return failed && (record.work.canRetry?.() ?? true);
  }

  private runRound(record: Record, round: 'first' | 'retry'): void {
    const failedKeys = [...record.items.values()]
      .filter((i) => i.state === 'failed')
      .map((i) => i.key);
    record.roundBase = record.progress.done - failedKeys.length;
    const ctx: OperationContext = {
      signal: record.controller.signal,
      failedKeys,
      progress: (update) => {
        record.progress = { ...record.progress, ...update };
        this.derive(record);
        this.scheduleEmit(record);
      },
      item: (result) => {
        record.items.set(result.key, result);
      },
    };
    record.finished = (async () => {
      try {
        record.outcome = await record.work.run(ctx, round);
        const failed = [...record.items.values()].some((i) => i.state === 'failed');
        record.state = record.controller.signal.aborted
          ? 'cancelled'
          : failed
            ? 'partial'
            : 'succeeded';
      } catch (error) {
        record.state = record.controller.signal.aborted ? 'cancelled' : 'failed';
        record.error =
          error instanceof EngineError
            ? { code: error.code, message: error.message }
            : { code: 'internal', message: error instanceof Error ? error.message : String(error) };
      }
      record.endedAt = new Date();
      record.progress = { ...record.progress, etaMs: null };
      this.emitNow(record);
      this.trim();
    })();
  }

  /** Rate and time left from the items done in this round. */
  private derive(record: Record): void {
    const { done, total } = record.progress;
    const elapsed = performance.now() - record.roundStartedAt;
    const thisRound = done - record.roundBase;
    if (thisRound > 0 && elapsed > 0) {
      const rate = (thisRound / elapsed) * 1000;
      record.progress.ratePerSecond = Math.round(rate * 10) / 10;
      record.progress.etaMs =
        total !== null && total >= done ? Math.round(((total - done) / rate) * 1000) : null;
    }
  }

  private scheduleEmit(record: Record): void {
    const since = performance.now() - record.lastEmit;
    const { done, total } = record.progress;
    const step = Math.max(1, Math.floor((total ?? 0) * PROGRESS_STEP));
    // A new status line is a new phase ("Committing the upload…"): it is shown, not skipped.
    const phase = record.progress.status !== record.lastEmittedStatus;
    if (phase || since >= PROGRESS_INTERVAL_MS || done - record.lastEmittedDone >= step)
      return this.emitNow(record);
    record.emitTimer ??= setTimeout(() => {
      record.emitTimer = null;
      if (record.state === 'running') this.emitNow(record);
    }, PROGRESS_INTERVAL_MS - since);
  }

  private emitNow(record: Record): void {
    if (record.emitTimer) clearTimeout(record.emitTimer);
    record.emitTimer = null;
    record.lastEmit = performance.now();
    record.lastEmittedDone = record.progress.done;
    record.lastEmittedStatus = record.progress.status;
    this.emit({
      operationId: record.operationId,
      kind: record.work.kind,
      state: record.state,
      progress: record.progress,
      counts: counts(record),
    });
  }

  /** Keeps the running ones and the most recent finished ones. */
  private trim(): void {
    const finished = [...this.records.values()].filter((r) => r.state !== 'running');
    for (const record of finished.slice(0, Math.max(0, finished.length - MAX_KEPT_OPERATIONS)))
      this.forget(record);
  }

  private forget(record: Record): void {
    this.records.delete(record.operationId);
    record.work.dispose?.();
  }

  private snapshot(record: Record, withItems: boolean): OperationSnapshot {
    const end = record.endedAt?.getTime() ?? Date.now();
    return {
      operationId: record.operationId,
      kind: record.work.kind,
      connectionId: record.work.connectionId,
      title: record.work.title,
      state: record.state,
      startedAt: record.startedAt.toISOString(),
      endedAt: record.endedAt?.toISOString() ?? null,
      elapsedMs: end - record.startedAt.getTime(),
      progress: record.progress,
      counts: counts(record),
      canRetry: record.state !== 'running' && this.canRetry(record),
      error: record.error,
      outcome:
        record.state === 'running'
          ? (record.work.partialOutcome?.() ?? record.outcome)
          : record.outcome,
      items: withItems ? [...record.items.values()] : null,
    };
  }
}

function counts(record: Record): OperationSnapshot['counts'] {
  const c = { ok: 0, failed: 0, skipped: 0 };
  for (const item of record.items.values()) c[item.state]++;
  return c;
}
