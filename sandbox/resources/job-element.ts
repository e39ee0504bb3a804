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
        ? [textEl('notes', `Refresh ${state.status.toLowerCase()}.`)]
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
  const job: Job = {
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
