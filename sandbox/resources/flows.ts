/**
 * Flows (3.3+): list, get, update, delete, connections, download and run, plus flow runs
 * (3.10). Shapes follow `flow_get*.xml`, `flow_update.xml`, `flow_refresh.xml` (Run Flow Now),
 * `flow_populate_connections.xml` and `flow_runs_get*.xml`.
 */
import { randomUUID } from 'node:crypto';
import { isoSeconds } from '../data/dates';
import type { Flow, FlowRun } from '../data/model-extras';
import type { SiteContent } from '../data/site-content';
import { errors } from '../errors';
import { el, list, type Element } from '../format/element';
import { MIME, zipArchive } from '../format/file-bytes';
import { siteScope } from '../http/authenticate';
import { child, required, str } from '../http/request-body';
import { file, NO_CONTENT, ok, type Reply, type RequestContext, type Route } from '../http/route';
import type { FieldMode } from '../query/fields';
import type { FieldSpecs } from '../query/filter-sort';
import { paginatedList } from '../query/list-query';
import { notFound, nowIso, ownerElement, requireItem, tagsElement } from './common';
import { jobState, startJob } from './job-element';
import { deletePermissionsOf } from './permissions-store';
import { publishedFile, publishedFileName } from './published-files';

export function flowRenderer(content: SiteContent) {
  return (flow: Flow, mode: FieldMode): Element => {
    const project = content.projects.get(flow.projectId);
    return el(
      'flow',
      {
        id: flow.id,
        name: flow.name,
        description: flow.description,
        webpageUrl: `https://tableau.sandbox.local/#/flows/${flow.id}`,
        fileType: flow.fileType,
        createdAt: flow.createdAt,
        updatedAt: flow.updatedAt,
      },
      [
        el('project', { id: flow.projectId, name: project?.name }),
        ownerElement(content, flow.ownerId, mode),
        tagsElement(flow.tags),
      ],
    );
  };
}

const FIELDS = (content: SiteContent): FieldSpecs<Flow> => ({
  id: { type: 'string', get: (f) => f.id },
  luid: { type: 'string', get: (f) => f.id },
  name: { type: 'string', get: (f) => f.name },
  createdAt: { type: 'date', get: (f) => f.createdAt },
  updatedAt: { type: 'date', get: (f) => f.updatedAt },
  projectId: { type: 'string', get: (f) => f.projectId, sort: false },
  projectName: { type: 'string', get: (f) => content.projects.get(f.projectId)?.name },
  ownerName: { type: 'string', get: (f) => content.users.get(f.ownerId)?.name },
  ownerEmail: { type: 'string', get: (f) => content.users.get(f.ownerId)?.email },
  tags: { type: 'tags', get: (f) => f.tags },
});

/** `<flowRun>` / `<flowRuns>` (the list repeats the plural name, as `flow_runs_get.xml`). */
function flowRunElement(ctx: RequestContext, content: SiteContent, run: FlowRun, name: string) {
  const job = content.jobs.get(run.jobId);
  const state = job ? jobState(job, ctx.state.clock()) : undefined;
  return el(name, {
    id: run.id,
    flowId: run.flowId,
    status: state?.status ?? 'Success',
    startedAt: job ? isoSeconds(job.startedAt) : undefined,
    // A running flow has an empty completedAt (`flow_runs_get_by_id_inprogress.xml`).
    completedAt: state?.completedAt !== undefined ? isoSeconds(state.completedAt) : '',
    progress: state?.progress ?? 100,
    backgroundJobId: run.jobId,
  });
}

/** Starts a run of the flow: a RunFlow job (202, `flow_refresh.xml`) and its flow run. */
export function startFlowRun(ctx: RequestContext, content: SiteContent, flow: Flow): Reply {
  const runId = randomUUID();
  const reply = startJob(
    ctx,
    content,
    'RunFlow',
    { kind: 'flow', id: flow.id, name: flow.name },
    { flowRunId: runId },
  );
  const jobId = String(reply.elements[0].attrs?.id);
  content.flowRuns.add({ id: runId, flowId: flow.id, jobId });
  return reply;
}

function flowOf(ctx: RequestContext) {
  const scope = siteScope(ctx);
  return { ...scope, flow: requireItem(scope.content.flows, ctx.params.flowId, 'flow') };
}

const route = (
  method: Route['method'],
  path: string,
  minVersion: string,
  handler: Route['handler'],
): Route => ({ method, path: `/sites/:siteId/flows${path}`, auth: 'site', minVersion, handler });

export const flowRoutes: Route[] = [
  // Flow runs come first: `/flows/runs` must not be read as a flow id.
  route('GET', '/runs', '3.10', (ctx) => {
    const { content } = siteScope(ctx);
    // Get Flow Runs has no <pagination> (tableau-api.md §4).
    return ok([
      list(
        'flowRuns',
        content.flowRuns.all().map((r) => flowRunElement(ctx, content, r, 'flowRuns')),
      ),
    ]);
  }),
  route('GET', '/runs/:flowRunId', '3.10', (ctx) => {
    const { content } = siteScope(ctx);
    const run = requireItem(content.flowRuns, ctx.params.flowRunId, 'flowRun');
    return ok([flowRunElement(ctx, content, run, 'flowRun')]);
  }),
  route('PUT', '/runs/:flowRunId', '3.10', (ctx) => {
    const { content } = siteScope(ctx);
    const run = requireItem(content.flowRuns, ctx.params.flowRunId, 'flowRun');
    const job = content.jobs.get(run.jobId);
    const now = ctx.state.clock();
    if (job && jobState(job, now).completedAt === undefined) job.cancelledAt = now;
    return NO_CONTENT;
  }),
  route('GET', '', '3.3', (ctx) => {
    const { content } = siteScope(ctx);
    return paginatedList(
      ctx.query,
      { items: content.flows.all(), cache: { collection: content.flows, key: 'flows' } },
      FIELDS(content),
      'flows',
      flowRenderer(content),
    );
  }),
  route('GET', '/:flowId', '3.3', (ctx) => {
    const { content, flow } = flowOf(ctx);
    return ok([flowRenderer(content)(flow, 'default')]);
  }),
  route('PUT', '/:flowId', '3.3', (ctx) => {
    const { content, flow } = flowOf(ctx);
    const body = required(ctx.body, 'flow');
    const name = str(body, 'name');
    const description = str(body, 'description');
    const projectId = str(child(body, 'project'), 'id');
    const ownerId = str(child(body, 'owner'), 'id');
    if (name !== undefined && !name.trim()) throw errors.badRequest('A flow name cannot be empty.');
    if (projectId) flow.projectId = requireItem(content.projects, projectId, 'project').id;
    if (ownerId) flow.ownerId = requireItem(content.users, ownerId, 'user').id;
    if (name !== undefined) flow.name = name;
    if (description !== undefined) flow.description = description;
    flow.updatedAt = nowIso();
    content.flows.touch();
    return ok([flowRenderer(content)(flow, 'default')]);
  }),
  route('DELETE', '/:flowId', '3.3', (ctx) => {
    const { content, flow } = flowOf(ctx);
    content.flows.remove(flow.id);
    deletePermissionsOf(content, 'flow', flow.id);
    return NO_CONTENT;
  }),
  route('GET', '/:flowId/connections', '3.3', (ctx) => {
    const { flow } = flowOf(ctx);
    return ok([
      list(
        'connections',
        flow.connections.map((c) =>
          el('connection', {
            id: c.id,
            type: c.type,
            embedPassword: c.embedPassword,
            serverAddress: c.serverAddress,
            serverPort: c.serverPort || undefined,
            userName: c.userName,
          }),
        ),
      ),
    ]);
  }),
  route('PUT', '/:flowId/connections/:connectionId', '3.3', (ctx) => {
    const { flow } = flowOf(ctx);
    const connection = flow.connections.find((c) => c.id === ctx.params.connectionId.toLowerCase());
    if (!connection) throw notFound('connection', ctx.params.connectionId);
    const body = required(ctx.body, 'connection');
    connection.serverAddress = str(body, 'serverAddress') ?? connection.serverAddress;
    connection.serverPort = str(body, 'serverPort') ?? connection.serverPort;
    connection.userName = str(body, 'userName') ?? connection.userName;
    const embed = str(body, 'embedPassword');
    if (embed !== undefined) connection.embedPassword = embed === 'true';
    return ok([
      el('connection', {
        id: connection.id,
        type: connection.type,
        embedPassword: connection.embedPassword,
        serverAddress: connection.serverAddress,
        serverPort: connection.serverPort || undefined,
        userName: connection.userName,
      }),
    ]);
  }),
  route('GET', '/:flowId/content', '3.3', (ctx) => {
    const { content, flow } = flowOf(ctx);
    const published = publishedFile(content, 'flow', flow.id);
    if (published)
      return file(published.file, MIME.zip, publishedFileName(flow.name, published.extension));
    const doc = JSON.stringify({
      name: flow.name,
      nodes: {},
      connections: flow.connections.map((c) => c.type),
    });
    const bytes = zipArchive([{ name: 'flow', data: doc }]);
    return file(bytes, MIME.zip, `${flow.name.replace(/[\\/:*?"<>|]+/g, '_')}.${flow.fileType}`);
  }),
  route('POST', '/:flowId/run', '3.3', (ctx) => {
    const { content, flow } = flowOf(ctx);
    const mode = ctx.query.get('runMode') ?? str(child(ctx.body, 'flowRunSpec'), 'runMode');
    if (mode && mode !== 'full' && mode !== 'incremental') {
      throw errors.badRequest(`Invalid runMode '${mode}': use full or incremental.`);
    }
    return startFlowRun(ctx, content, flow);
  }),
];
