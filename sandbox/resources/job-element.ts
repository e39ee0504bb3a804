import { randomUUID } from 'node:crypto';
import { isoSeconds } from '../data/dates';
import type { Job, JobType } from '../data/model';
import type { SiteContent } from '../data/site-content';
import { el, textEl, type Element } from '../format/element';
import { ok, type RequestContext, type Reply } from '../http/route';
import { userImportNotes } from './user-import-job';

export type JobStatus = 'Pending' | 'InProgress' | 'Success' | 'Failed' | 'Cancelled';

export interface JobState {
  status: JobStatus;
  progress: number;
  completedAt?: number;
  /** 0 success, 1 failed, 2 cancelled (TSC `JobItem.FinishCode`). */
  finishCode?: number;
}

/** Where a job stands at `now`: it runs from startedAt and ends at finishesAt. */
export function jobState(job: Job, now: number): JobState {
  if (job.cancelledAt !== undefined && job.cancelledAt < job.finishesAt) {
    return { status: 'Cancelled', progress: 100, completedAt: job.cancelledAt, finishCode: 2 };
  }
  if (now >= job.finishesAt) {
    return job.failed
      ? { status: 'Failed', progress: 100, completedAt: job.finishesAt, finishCode: 1 }
      : { status: 'Success', progress: 100, completedAt: job.finishesAt, finishCode: 0 };
  }
  if (now < job.startedAt) return { status: 'Pending', progress: 0 };
  const progress = Math.floor(((now - job.startedAt) / (job.finishesAt - job.startedAt)) * 100);
  return { status: 'InProgress', progress: Math.min(99, Math.max(0, progress)) };
}

/** The type-specific child: `extractRefreshJob` or `updateUploadedFileJob` (job fixtures). */
function jobDetail(job: Job, state: JobState, initial: boolean): Element[] {
  const target = job.target;
  if (!target) return [];
  const item = el(target.kind, { id: target.id, name: target.name });
  if (job.type === 'RefreshExtract') {
    // No <statusNotes>: the 3.29 XSD allows only user-import note types there.
    const notes =
      state.completedAt !== undefined && !initial
        ? [
            textEl(
              'notes',
              state.status === 'Failed' && job.notes
                ? job.notes
                : `Refresh ${state.status.toLowerCase()}.`,
            ),
          ]
        : [];
    return [el('extractRefreshJob', {}, [...notes, item])];
  }
  if (job.type === 'RunFlow') {
    return [el('runFlowJobType', { flowRunId: job.flowRunId }, [item])];
  }
  if (job.type === 'UpdateUploadedFile') {
    return [
      el('updateUploadedFileJob', {}, [item, textEl('connectionLuid', job.connectionId ?? '')]),
    ];
  }
  return [];
}

/** A finished user import's notes (`statusNotes` comes first in the XSD's `jobType`). */
function statusNotes(job: Job, done: boolean): Element[] {
  if (!done || !job.userImport) return [];
  return [
    el(
      'statusNotes',
      {},
      userImportNotes(job).map((n) =>
        el('statusNote', { type: n.type, value: n.value, text: n.text }),
      ),
    ),
  ];
}

/** Captures of new publish and user-import jobs show finishCode 1 before they run. */
const FINISH_CODE_ON_CREATE = new Set<JobType>([
  'PublishWorkbook',
  'PublishDatasource',
  'UserImport',
]);

/**
 * `<job>` as Tableau writes it. A new job (`initial`) carries only its creation; a polled one
 * adds startedAt once running, and completedAt, updatedAt and finishCode once done
 * (`job_get_by_id_inprogress.xml` has no finishCode).
 */
export function jobElement(job: Job, now: number, initial = false): Element {
  const state = jobState(job, now);
  const done = !initial && state.completedAt !== undefined;
  return el(
    'job',
    {
      id: job.id,
      mode: 'Asynchronous',
      type: job.type,
      progress: initial ? 0 : state.progress,
      createdAt: isoSeconds(job.createdAt),
      startedAt: !initial && now >= job.startedAt ? isoSeconds(job.startedAt) : undefined,
      updatedAt: done ? isoSeconds(state.completedAt as number) : undefined,
      completedAt: done ? isoSeconds(state.completedAt as number) : undefined,
      finishCode: initial
        ? FINISH_CODE_ON_CREATE.has(job.type)
          ? 1
          : undefined
        : state.finishCode,
    },
    [...statusNotes(job, done), ...jobDetail(job, state, initial)],
  );
}

/** When a job ends (early if it was cancelled). */
function endOf(job: Job): number {
  return job.cancelledAt !== undefined && job.cancelledAt < job.finishesAt
    ? job.cancelledAt
    : job.finishesAt;
}

/**
 * When a new extract refresh runs: after its own short wait (a tenth of its duration), at the
 * first moment one of the site's backgrounders (`backgrounders`, 2 unless set) is free for the
 * whole run; until then it is Pending. A job cancelled early frees its backgrounder then, but
 * refreshes already queued keep the start they were given.
 */
export function refreshSlot(
  content: SiteContent,
  now: number,
  duration: number,
  backgrounders: number,
): { startedAt: number; finishesAt: number } {
  const wait = Math.floor(duration * 0.1);
  const run = duration - wait;
  const busy = content.jobs
    .all()
    .filter((j) => j.type === 'RefreshExtract' && endOf(j) > now)
    .map((j) => ({ start: j.startedAt, end: endOf(j) }));
  const earliest = now + wait;
  const candidates = [earliest, ...busy.map((b) => b.end).filter((e) => e > earliest)].sort(
    (a, b) => a - b,
  );
  const running = (t: number) => busy.filter((b) => b.start <= t && t < b.end).length;
  for (const t of candidates) {
    // Free at t, and no queued job starting during the run takes the last backgrounder.
    const points = [t, ...busy.map((b) => b.start).filter((s) => s > t && s < t + run)];
    if (points.every((p) => running(p) < backgrounders))
      return { startedAt: t, finishesAt: t + run };
  }
  const last = Math.max(earliest, ...busy.map((b) => b.end));
  return { startedAt: last, finishesAt: last + run };
}

/**
 * Why a refresh of this item fails, as Tableau's job notes word it: the sandbox's items marked
 * `refreshFails` (see `generate-site.ts`) cannot reach their database.
 */
export function refreshFailure(content: SiteContent, target: Job['target']): string | undefined {
  if (!target || (target.kind !== 'workbook' && target.kind !== 'datasource')) return undefined;
  const item =
    target.kind === 'workbook'
      ? content.workbooks.get(target.id)
      : content.datasources.get(target.id);
  if (!item?.refreshFails) return undefined;
  const server = item.connections.find((c) => c.serverAddress)?.serverAddress;
  return server
    ? `Unable to connect to the server "${server}". Check that the server is running and that you have access privileges to the requested database.`
    : 'Unable to connect to the file: the file or the directory it is in could not be found.';
}

/** A new extract refresh job: queued behind the site's backgrounders, failing where it must. */
export function newRefreshJob(
  ctx: RequestContext,
  content: SiteContent,
  target: Job['target'],
  priority = 50,
): Job {
  const now = ctx.state.clock();
  const notes = refreshFailure(content, target);
  return {
    id: randomUUID(),
    type: 'RefreshExtract',
    target,
    createdAt: now,
    ...refreshSlot(content, now, ctx.state.jobDurationMs, ctx.state.backgrounders),
    priority,
    ...(notes ? { failed: true, notes } : {}),
  };
}

/** Starts a job and answers 202 Accepted with it (`workbook_refresh.xml`). */
export function startJob(
  ctx: RequestContext,
  content: SiteContent,
  type: JobType,
  target?: Job['target'],
  extra: Partial<Job> = {},
): Reply {
  const now = ctx.state.clock();
  const duration = ctx.state.jobDurationMs;
  const job: Job =
    type === 'RefreshExtract' && Object.keys(extra).length === 0
      ? newRefreshJob(ctx, content, target)
      : {
          id: randomUUID(),
          type,
          target,
          createdAt: now,
          startedAt: now + Math.floor(duration * 0.1),
          finishesAt: now + duration,
          priority: 50,
          ...extra,
        };
  content.jobs.add(job);
  return ok([jobElement(job, now, true)], 202);
}
