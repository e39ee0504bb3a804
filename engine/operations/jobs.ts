import type { Connection } from '../../shared/connection';
import {
  JOB_END_STATES,
  jobsFilter,
  readJob,
  type FollowedJob,
  type JobsFollowOutcome,
  type JobsQuery,
  type Refreshable,
  type JobsFollowStart,
  type JobStatus,
  blankJob,
} from '../../shared/siteops/jobs';
import type { RequestExecutor } from '../executor';
import type { OperationContext, OperationWork } from './operations';
import { CallError, SiteCalls } from './site-calls';

/** Waits `ms`, or less when the signal aborts. */
export function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

function errorOf(error: unknown): { code: string; message: string } {
  if (error instanceof CallError)
    return {
      code: error.code,
      message: error.explanation ? `${error.message} ${error.explanation}` : error.message,
    };
  return { code: 'internal', message: error instanceof Error ? error.message : String(error) };
}

/** Query Jobs (newest first), filtered by status, type and creation time as Tableau's filter does. */
export async function listJobs(
  calls: SiteCalls,
  options: { [K in keyof JobsQuery]?: string } = {},
): Promise<Record<string, unknown>[]> {
  const filter = jobsFilter(options);
  return calls.listAll('/jobs', filter ? { filter } : {});
}

/** The site's workbooks and data sources, for "Refresh extracts…" (those with extracts first). */
export async function listRefreshable(calls: SiteCalls): Promise<Refreshable[]> {
  const [workbooks, datasources] = await Promise.all([
    // Query Workbooks says whether a workbook has extracts only with every field asked for.
    calls.listAll('/workbooks', { fields: '_all_' }),
    calls.listAll('/datasources'),
  ]);
  const read = (type: Refreshable['type']) => (item: Record<string, unknown>) => ({
    type,
    id: String(item.id ?? ''),
    name: String(item.name ?? ''),
    project: String((item.project as { name?: string } | undefined)?.name ?? ''),
    hasExtracts: item.hasExtracts === true || item.hasExtracts === 'true',
  });
  return [...workbooks.map(read('workbook')), ...datasources.map(read('datasource'))].sort(
    (a, b) => Number(b.hasExtracts) - Number(a.hasExtracts) || a.name.localeCompare(b.name),
  );
}

/**
 * A refresh refused for a refresh budget (Tableau Cloud: about 60 started through REST an
 * hour per site; 429000 naming `…refresh_extracts`, with Retry-After past what the executor
 * waits out): the item's failure in plain words, Tableau's own sentence kept as detail.
 */
function refreshLimitError(
  error: unknown,
  cloud: boolean,
): { code: string; message: string } | null {
  if (!(error instanceof CallError) || (error.code !== '429000' && error.status !== 429))
    return null;
  if (!/refresh/i.test(error.message)) return null;
  const where = cloud ? 'Tableau Cloud’s limit' : 'The server’s limit';
  return {
    code: 'jobs.refreshLimit',
    message: `${where} on extract refreshes started through the REST API for this site was reached, so this refresh was not started. Retry it once the limit resets. (Tableau: ${error.message})`,
  };
}

/** Whether a connection is a Tableau Cloud pod (its server is under online.tableau.com). */
export function isCloudServer(serverUrl: string): boolean {
  try {
    return /(^|\.)online\.tableau\.com$/i.test(new URL(serverUrl).hostname);
  } catch {
    return false;
  }
}

/** Cancel Job: a job that already ended is left as it was (Tableau answers with it unchanged). */
export async function cancelJob(calls: SiteCalls, jobId: string): Promise<FollowedJob> {
  const { body } = await calls.call('PUT', `/jobs/${encodeURIComponent(jobId)}`);
  const job = readJob(body);
  return job ? { ...job, error: null, polls: 0 } : blankJob(jobId);
}

/**
 * Follows jobs until each ends (DESIGN.md §10): optional refreshes started first with bounded
 * concurrency (the executor waits out 429 and Retry-After; a refused refresh, e.g. a Tableau
 * Cloud refresh limit, is that item's explained failure), then Query Job for each job still
 * running, waiting longer between polls (×1.5 up to the cap) while nothing changes. One item per
 * job: ok when it succeeded, failed when it failed, was cancelled or could not be read.
 * Cancelling the operation stops following; the jobs go on on the server.
 */
export class JobsFollowWork implements OperationWork {
  readonly kind = 'jobsFollow';
  readonly unit = 'jobs';
  readonly title: string;
  private readonly jobs = new Map<string, FollowedJob>();
  private readonly refreshErrors = new Map<string, FollowedJob>();

  constructor(
    private readonly deps: {
      executor: RequestExecutor;
      connection: Connection;
      /** Whether the connection is a Tableau Cloud pod (else told from its server address). */
      cloud?: boolean;
    },
    private readonly start: JobsFollowStart,
  ) {
    const n = start.refresh?.ids.length ?? start.jobIds.length;
    this.title = start.refresh
      ? `Refresh ${n} ${start.refresh.type === 'workbook' ? 'workbook' : 'data source'}${n === 1 ? '' : 's'}`
      : `Follow ${n} job${n === 1 ? '' : 's'}`;
  }

  get connectionId(): string {
    return this.deps.connection.id;
  }

  async run(ctx: OperationContext, round: 'first' | 'retry'): Promise<JobsFollowOutcome> {
    const calls = new SiteCalls(this.deps.executor, this.deps.connection, ctx.signal);
    const retry = new Set(ctx.failedKeys);
    if (round === 'first') for (const id of this.start.jobIds) this.jobs.set(id, blankJob(id));
    const refreshIds = (this.start.refresh?.ids ?? []).filter(
      (id) => round === 'first' || retry.has(`refresh:${id}`),
    );
    // A retry follows again the jobs that could not be read; finished failures stay as they are.
    const follow = new Set(
      [...this.jobs.values()]
        .filter((j) => round === 'first' || (retry.has(`job:${j.id}`) && j.error !== null))
        .map((j) => j.id),
    );
    const total = () => this.jobs.size + this.refreshErrors.size;
    ctx.progress({ total: total() + refreshIds.length, status: 'Starting…' });

    if (this.start.refresh && refreshIds.length > 0) {
      const type = this.start.refresh.type;
      let next = 0;
      // Once a refresh limit is hit, the rest would be refused too: they are not sent.
      let limited: { code: string; message: string } | null = null;
      const cloud = this.deps.cloud ?? isCloudServer(this.deps.connection.serverUrl);
      await Promise.all(
        Array.from({ length: Math.min(this.start.concurrency, refreshIds.length) }, async () => {
          while (!ctx.signal.aborted && next < refreshIds.length) {
            const id = refreshIds[next++];
            const label = `${type === 'workbook' ? 'Workbook' : 'Data source'} ${id}`;
            if (limited) {
              const e = {
                code: limited.code,
                message: `Not started: the site’s refresh limit was reached earlier in this run. ${limited.message}`,
              };
              this.refreshErrors.set(id, {
                ...blankJob(id),
                target: { kind: type, id, name: '' },
                error: e,
              });
              ctx.item({ key: `refresh:${id}`, label, state: 'failed', ...e });
              continue;
            }
            try {
              const { body } = await calls.call('POST', `/${type}s/${id}/refresh`, {});
              const job = readJob(body);
              if (!job) throw new CallError('jobs.noJob', 'The refresh answered without a job.');
              this.refreshErrors.delete(id);
              this.jobs.set(job.id, { ...job, error: null, polls: 0 });
              follow.add(job.id);
              ctx.item({ key: `refresh:${id}`, label, state: 'ok' });
            } catch (error) {
              const limit = refreshLimitError(error, cloud);
              if (limit) limited ??= limit;
              const e = limit ?? errorOf(error);
              this.refreshErrors.set(id, {
                ...blankJob(id),
                target: { kind: type, id, name: '' },
                error: e,
              });
              ctx.item({ key: `refresh:${id}`, label, state: 'failed', ...e });
            }
            ctx.progress({ status: `Started ${this.jobs.size} job(s)…` });
          }
        }),
      );
    }

    const began = Date.now();
    let interval = this.start.intervalMs;
    let timedOut = false;
    while (follow.size > 0 && !ctx.signal.aborted) {
      let changed = false;
      for (const id of [...follow]) {
        if (ctx.signal.aborted) break;
        const before = this.jobs.get(id) ?? blankJob(id);
        let now: FollowedJob;
        try {
          const { body } = await calls.call('GET', `/jobs/${encodeURIComponent(id)}`);
          const job = readJob(body);
          if (!job) throw new CallError('jobs.noJob', 'Query Job answered without a job.');
          now = { ...job, error: null, polls: before.polls + 1 };
        } catch (error) {
          // A job that cannot be read is that job's failure, not the whole operation's.
          now = { ...before, error: errorOf(error), polls: before.polls + 1 };
        }
        if (now.status !== before.status || now.progress !== before.progress) changed = true;
        this.jobs.set(id, now);
        if (now.error || JOB_END_STATES.has(now.status as JobStatus)) {
          follow.delete(id);
          ctx.item(this.itemOf(now));
        }
      }
      const running = [...this.jobs.values()].filter((j) => follow.has(j.id));
      ctx.progress({
        done: total() - follow.size,
        total: total(),
        status: running.length
          ? running
              .slice(0, 3)
              .map((j) => `${j.target?.name ?? j.id}: ${j.status} ${j.progress}%`)
              .join(' · ')
          : 'Every job ended.',
      });
      if (follow.size === 0 || ctx.signal.aborted) break;
      if (this.start.timeoutMs !== undefined && Date.now() - began >= this.start.timeoutMs) {
        timedOut = true;
        for (const id of follow)
          ctx.item({
            key: `job:${id}`,
            label: this.labelOf(this.jobs.get(id) ?? blankJob(id)),
            state: 'skipped',
            code: 'jobs.timeout',
            message: `Still ${this.jobs.get(id)?.status ?? 'running'} when following stopped; it goes on on the server.`,
          });
        break;
      }
      // Back off while nothing moves; poll sooner again once something does.
      interval = changed
        ? this.start.intervalMs
        : Math.min(this.start.maxIntervalMs, Math.round(interval * 1.5));
      await pause(interval, ctx.signal);
    }
    return {
      kind: 'jobsFollow',
      jobs: [...this.refreshErrors.values(), ...this.jobs.values()],
      timedOut,
    };
  }

  /** The jobs so far, while following (DESIGN.md §10: live status for the Jobs view). */
  partialOutcome(): JobsFollowOutcome {
    return {
      kind: 'jobsFollow',
      jobs: [...this.refreshErrors.values(), ...this.jobs.values()],
      timedOut: false,
    };
  }

  private labelOf(job: FollowedJob): string {
    return `${job.type || 'Job'} ${job.target ? `“${job.target.name}”` : job.id}`;
  }

  private itemOf(job: FollowedJob) {
    const key = `job:${job.id}`;
    const label = this.labelOf(job);
    if (job.error) return { key, label, state: 'failed' as const, ...job.error };
    if (job.status === 'Success') return { key, label, state: 'ok' as const };
    return {
      key,
      label,
      state: 'failed' as const,
      code: job.status === 'Cancelled' ? 'jobs.cancelled' : 'jobs.failed',
      message: `${job.status}${job.notes.length ? `: ${job.notes.join(' ')}` : ''}`,
    };
  }
}
