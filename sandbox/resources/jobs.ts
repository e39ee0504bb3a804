import { randomUUID } from 'node:crypto';
import { isoSeconds } from '../data/dates';
import type { Job } from '../data/model';
import type { SiteContent } from '../data/site-content';
import { el, textEl, type Element } from '../format/element';
import { siteScope } from '../http/authenticate';
import { ok, type RequestContext, type Route } from '../http/route';
import type { FieldSpecs } from '../query/filter-sort';
import { paginatedList } from '../query/list-query';
import { requireItem } from './common';

type JobStatus = 'Pending' | 'InProgress' | 'Success' | 'Failed' | 'Cancelled';

interface JobState {
  status: JobStatus;
  progress: number;
  completedAt?: number;
  /** 0 success, 1 failed, 2 cancelled (TSC `JobItem.FinishCode`). */
  finishCode?: number;
}

/** Where a job stands at `now`: it runs from startedAt and succeeds at finishesAt. */
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

/** `<job>` as in `job_get_by_id*.xml`; finishCode and completedAt only once it is done. */
export function jobElement(job: Job, now: number, initial = false): Element {
  const state = jobState(job, now);
  const started = now >= job.startedAt;
  const children: Element[] = [];
  if (job.type !== 'RefreshExtract') {
    return el('job', publishAttrs(job, now, state, initial));
  }
  // No <statusNotes>: the 3.29 XSD allows only user-import note types there.
  children.push(
    el('extractRefreshJob', {}, [
      ...(state.completedAt !== undefined && !initial
        ? [textEl('notes', `Refresh ${state.status.toLowerCase()}.`)]
        : []),
      el(job.target.kind, { id: job.target.id, name: job.target.name }),
    ]),
  );
  return el(
    'job',
    {
      id: job.id,
      mode: 'Asynchronous',
      type: job.type,
      progress: state.progress,
      createdAt: isoSeconds(job.createdAt),
      startedAt: started && !initial ? isoSeconds(job.startedAt) : undefined,
      updatedAt: initial ? undefined : isoSeconds(Math.min(now, state.completedAt ?? now)),
      completedAt: state.completedAt !== undefined ? isoSeconds(state.completedAt) : undefined,
      finishCode: state.finishCode,
    },
    children,
  );
}

/**
 * A publish job: the captures of a new one (`workbook_publish_async.xml`) show progress 0
 * and finishCode 1 before completion; later polls follow the refresh-job shape.
 */
function publishAttrs(job: Job, now: number, state: JobState, initial: boolean): Element['attrs'] {
  return {
    id: job.id,
    mode: 'Asynchronous',
    type: job.type,
    progress: state.progress,
    createdAt: isoSeconds(job.createdAt),
    startedAt: !initial && now >= job.startedAt ? isoSeconds(job.startedAt) : undefined,
    completedAt:
      !initial && state.completedAt !== undefined ? isoSeconds(state.completedAt) : undefined,
    finishCode: initial ? 1 : state.finishCode,
  };
}

/** Starts a refresh job: 202 Accepted with the job (`workbook_refresh.xml`). */
export function startRefresh(
  ctx: RequestContext,
  content: SiteContent,
  kind: 'workbook' | 'datasource',
  id: string,
  name: string,
  type: Job['type'] = 'RefreshExtract',
) {
  const now = ctx.state.clock();
  const duration = ctx.state.jobDurationMs;
  const job: Job = {
    id: randomUUID(),
    type,
    target: { kind, id, name },
    createdAt: now,
    startedAt: now + Math.floor(duration * 0.1),
    finishesAt: now + duration,
    priority: 50,
  };
  content.jobs.add(job);
  return ok([jobElement(job, now, true)], 202);
}

function backgroundJob(job: Job, now: number): Element {
  const state = jobState(job, now);
  return el('backgroundJob', {
    id: job.id,
    status: state.status,
    createdAt: isoSeconds(job.createdAt),
    startedAt: now >= job.startedAt ? isoSeconds(job.startedAt) : undefined,
    endedAt: state.completedAt !== undefined ? isoSeconds(state.completedAt) : undefined,
    priority: job.priority,
    jobType: job.type === 'RefreshExtract' ? 'refresh_extracts' : 'publish',
    title: job.target.name,
    subtitle: job.target.kind === 'workbook' ? 'Workbook' : 'Data Source',
  });
}

function jobFields(now: number): FieldSpecs<Job> {
  return {
    id: { type: 'string', get: (j) => j.id },
    status: { type: 'string', get: (j) => jobState(j, now).status },
    jobType: {
      type: 'string',
      get: (j) => (j.type === 'RefreshExtract' ? 'refresh_extracts' : 'publish'),
    },
    priority: { type: 'number', get: (j) => j.priority },
    createdAt: { type: 'date', get: (j) => isoSeconds(j.createdAt) },
    startedAt: { type: 'date', get: (j) => isoSeconds(j.startedAt) },
    endedAt: {
      type: 'date',
      get: (j) => {
        const c = jobState(j, now).completedAt;
        return c === undefined ? undefined : isoSeconds(c);
      },
    },
    completedAt: {
      type: 'date',
      get: (j) => {
        const c = jobState(j, now).completedAt;
        return c === undefined ? undefined : isoSeconds(c);
      },
    },
    title: { type: 'string', get: (j) => j.target.name },
    subtitle: {
      type: 'string',
      get: (j) => (j.target.kind === 'workbook' ? 'Workbook' : 'Data Source'),
    },
  };
}

export const jobRoutes: Route[] = [
  {
    method: 'GET',
    path: '/sites/:siteId/jobs',
    auth: 'site',
    minVersion: '3.1',
    handler: (ctx) => {
      const { content } = siteScope(ctx);
      const now = ctx.state.clock();
      // Newest first; status changes with time, so results are not cached.
      const jobs = [...content.jobs.all()].sort((a, b) => b.createdAt - a.createdAt);
      return paginatedList(ctx.query, { items: jobs }, jobFields(now), 'backgroundJobs', (j) =>
        backgroundJob(j, now),
      );
    },
  },
  {
    method: 'GET',
    path: '/sites/:siteId/jobs/:jobId',
    auth: 'site',
    handler: (ctx) => {
      const { content } = siteScope(ctx);
      const job = requireItem(content.jobs, ctx.params.jobId, 'job');
      return ok([jobElement(job, ctx.state.clock())]);
    },
  },
  {
    method: 'PUT',
    path: '/sites/:siteId/jobs/:jobId',
    auth: 'site',
    minVersion: '3.1',
    handler: (ctx) => {
      const { content } = siteScope(ctx);
      const job = requireItem(content.jobs, ctx.params.jobId, 'job');
      const now = ctx.state.clock();
      // Cancelling a finished job changes nothing; a running one ends with finishCode 2.
      if (jobState(job, now).completedAt === undefined) job.cancelledAt = now;
      return ok([jobElement(job, now)]);
    },
  },
  {
    method: 'POST',
    path: '/sites/:siteId/workbooks/:workbookId/refresh',
    auth: 'site',
    minVersion: '2.8',
    handler: (ctx) => {
      const { content } = siteScope(ctx);
      const wb = requireItem(content.workbooks, ctx.params.workbookId, 'workbook');
      return startRefresh(ctx, content, 'workbook', wb.id, wb.name);
    },
  },
  {
    method: 'POST',
    path: '/sites/:siteId/datasources/:datasourceId/refresh',
    auth: 'site',
    minVersion: '2.8',
    handler: (ctx) => {
      const { content } = siteScope(ctx);
      const ds = requireItem(content.datasources, ctx.params.datasourceId, 'datasource');
      return startRefresh(ctx, content, 'datasource', ds.id, ds.name);
    },
  },
];
