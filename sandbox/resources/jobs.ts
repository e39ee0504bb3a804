import { isoSeconds } from '../data/dates';
import type { Job, JobType } from '../data/model';
import { el, type Element } from '../format/element';
import { siteScope } from '../http/authenticate';
import { ok, type Route } from '../http/route';
import type { FieldSpecs } from '../query/filter-sort';
import { paginatedList } from '../query/list-query';
import { requireItem } from './common';
import { jobElement, jobState, startJob } from './job-element';

/** Query Jobs' `jobType` (snake case, as `refresh_extracts` in `job_get.xml`). */
const BACKGROUND_TYPE: Record<JobType, string> = {
  RefreshExtract: 'refresh_extracts',
  PublishWorkbook: 'publish_workbook',
  PublishDatasource: 'publish_datasource',
  UpdateUploadedFile: 'update_uploaded_file',
  GroupImport: 'group_import',
  GroupSync: 'group_sync',
  UserImport: 'user_import',
  UserDelete: 'user_delete',
  RunFlow: 'run_flow',
  CreateExtract: 'create_extract',
  DeleteExtract: 'delete_extract',
  EncryptExtracts: 'encrypt_extracts',
  DecryptExtracts: 'decrypt_extracts',
  ReencryptExtracts: 'reencrypt_extracts',
  PublishFlow: 'publish_flow',
};

const SUBTITLE = {
  workbook: 'Workbook',
  datasource: 'Data Source',
  group: 'Group',
  flow: 'Flow',
} as const;

const title = (job: Job) => job.target?.name ?? job.type;
const subtitle = (job: Job) => (job.target ? SUBTITLE[job.target.kind] : '');

function backgroundJob(job: Job, now: number): Element {
  const state = jobState(job, now);
  return el('backgroundJob', {
    id: job.id,
    status: state.status,
    createdAt: isoSeconds(job.createdAt),
    startedAt: now >= job.startedAt ? isoSeconds(job.startedAt) : undefined,
    endedAt: state.completedAt !== undefined ? isoSeconds(state.completedAt) : undefined,
    priority: job.priority,
    jobType: BACKGROUND_TYPE[job.type],
    title: title(job),
    subtitle: subtitle(job),
  });
}

function jobFields(now: number): FieldSpecs<Job> {
  const ended = (j: Job) => {
    const c = jobState(j, now).completedAt;
    return c === undefined ? undefined : isoSeconds(c);
  };
  return {
    id: { type: 'string', get: (j) => j.id },
    status: { type: 'string', get: (j) => jobState(j, now).status },
    jobType: { type: 'string', get: (j) => BACKGROUND_TYPE[j.type] },
    priority: { type: 'number', get: (j) => j.priority },
    createdAt: { type: 'date', get: (j) => isoSeconds(j.createdAt) },
    startedAt: { type: 'date', get: (j) => isoSeconds(j.startedAt) },
    endedAt: { type: 'date', get: ended },
    completedAt: { type: 'date', get: ended },
    title: { type: 'string', get: title },
    subtitle: { type: 'string', get: subtitle },
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
      return startJob(ctx, content, 'RefreshExtract', {
        kind: 'workbook',
        id: wb.id,
        name: wb.name,
      });
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
      return startJob(ctx, content, 'RefreshExtract', {
        kind: 'datasource',
        id: ds.id,
        name: ds.name,
      });
    },
  },
];
