/**
 * Flow-run tasks (3.10+: `/tasks/runFlow`), Create Cloud Flow Task (3.22, `/tasks/flows`,
 * `tasks_create_flow_task.xml`), Add Flow Task to Schedule and Get Flows for User. Publish
 * Flow lives with the other publish methods (`publish.ts`).
 */
import { randomUUID } from 'node:crypto';
import type { FlowTask } from '../data/model-governance';
import type { SiteContent } from '../data/site-content';
import type { Store } from '../data/store';
import { errors } from '../errors';
import { el, list, type Element } from '../format/element';
import { siteScope } from '../http/authenticate';
import { child, str } from '../http/request-body';
import { NO_CONTENT, ok, type RequestContext, type Route } from '../http/route';
import { requireItem } from './common';
import { flowRenderer, startFlowRun } from './flows';
import { paginatedList } from '../query/list-query';

function scheduleElement(store: Store, scheduleId: string): Element | undefined {
  const schedule = store.schedules.get(scheduleId);
  if (!schedule) return undefined;
  return el('schedule', {
    id: schedule.id,
    name: schedule.name,
    state: schedule.state,
    priority: schedule.priority,
    createdAt: schedule.createdAt,
    updatedAt: schedule.updatedAt,
    type: schedule.type,
    frequency: schedule.frequency,
    nextRunAt: schedule.nextRunAt,
  });
}

/** `<task><flowRun id priority consecutiveFailedCount type><schedule/><flow/>…` */
function flowTaskElement(store: Store, content: SiteContent, task: FlowTask): Element {
  const flow = content.flows.get(task.flowId);
  const schedule = scheduleElement(store, task.scheduleId);
  return el('task', {}, [
    el(
      'flowRun',
      {
        id: task.id,
        priority: task.priority,
        consecutiveFailedCount: task.consecutiveFailedCount,
        type: 'RunFlowTask',
      },
      [
        ...(schedule ? [schedule] : []),
        el('flow', { id: task.flowId, name: flow?.name }),
        el('flowRunSpec', { flowId: task.flowId }, [
          // Every generated flow has one output step (tasks_create_flow_task.xml shows one).
          list('flowOutputSteps', [el('flowOutputStep', { id: task.id, name: 'Output' })]),
          list('flowParameterSpecs', []),
        ]),
      ],
    ),
  ]);
}

function taskOf(ctx: RequestContext) {
  const scope = siteScope(ctx);
  return { ...scope, task: requireItem(scope.content.flowTasks, ctx.params.taskId, 'task') };
}

export const flowTaskRoutes: Route[] = [
  {
    method: 'GET',
    path: '/sites/:siteId/tasks/runFlow',
    auth: 'site',
    minVersion: '3.10',
    handler: (ctx) => {
      const { content } = siteScope(ctx);
      const tasks = content.flowTasks
        .all()
        .map((t) => flowTaskElement(ctx.state.store, content, t));
      return ok([list('tasks', tasks)]);
    },
  },
  {
    method: 'GET',
    path: '/sites/:siteId/tasks/runFlow/:taskId',
    auth: 'site',
    minVersion: '3.10',
    handler: (ctx) => {
      const { content, task } = taskOf(ctx);
      return ok([flowTaskElement(ctx.state.store, content, task)]);
    },
  },
  {
    method: 'POST',
    path: '/sites/:siteId/tasks/runFlow/:taskId/runNow',
    auth: 'site',
    minVersion: '3.10',
    handler: (ctx) => {
      const { content, task } = taskOf(ctx);
      return startFlowRun(ctx, content, requireItem(content.flows, task.flowId, 'flow'));
    },
  },
  {
    method: 'DELETE',
    path: '/sites/:siteId/tasks/runFlow/:taskId',
    auth: 'site',
    minVersion: '3.10',
    handler: (ctx) => {
      const { content, task } = taskOf(ctx);
      content.flowTasks.remove(task.id);
      return NO_CONTENT;
    },
  },
  {
    // Create Cloud Flow Task (3.22): `<task><flowRun><flow id/></flowRun><schedule …/></task>`.
    method: 'POST',
    path: '/sites/:siteId/tasks/flows',
    auth: 'site',
    minVersion: '3.22',
    handler: (ctx) => {
      const { content } = siteScope(ctx);
      // `<task><flowRun>` (tasks_create_flow_task.xml) or `<runFlow>` beside `<schedule>` (TSC).
      const body = child(ctx.body, 'task') ?? ctx.body;
      const flowRun = child(body, 'flowRun') ?? child(body, 'runFlow');
      const flowId = str(child(flowRun, 'flow'), 'id');
      if (!flowId) throw errors.malformedBody('A flow task needs <flowRun><flow id/></flowRun>.');
      const flow = requireItem(content.flows, flowId, 'flow');
      const scheduleId = str(child(body, 'schedule') ?? child(flowRun, 'schedule'), 'id');
      const schedule =
        (scheduleId && ctx.state.store.schedules.get(scheduleId)) ||
        ctx.state.store.schedules.all().find((s) => s.type === 'Flow');
      if (!schedule) throw errors.malformedBody('A flow task needs a schedule.');
      const task: FlowTask = {
        id: randomUUID(),
        flowId: flow.id,
        scheduleId: schedule.id,
        priority: 50,
        consecutiveFailedCount: 0,
      };
      content.flowTasks.add(task);
      return ok([flowTaskElement(ctx.state.store, content, task)], 201);
    },
  },
  {
    // Add Flow Task to Schedule (3.3): the answer is `<task><runFlow>` as schedule_add_flow.xml.
    method: 'PUT',
    path: '/sites/:siteId/schedules/:scheduleId/flows',
    auth: 'site',
    minVersion: '3.3',
    handler: (ctx) => {
      const { content } = siteScope(ctx);
      const schedule = requireItem(ctx.state.store.schedules, ctx.params.scheduleId, 'schedule');
      const task = child(ctx.body, 'task');
      const run = child(task, 'flowRun') ?? child(task, 'runFlow');
      const flowId = str(child(run, 'flow') ?? child(ctx.body, 'flow'), 'id');
      if (!flowId)
        throw errors.malformedBody('The request needs <task><flowRun><flow id/></flowRun></task>.');
      const flow = requireItem(content.flows, flowId, 'flow');
      content.flowTasks.add({
        id: randomUUID(),
        flowId: flow.id,
        scheduleId: schedule.id,
        priority: schedule.priority,
        consecutiveFailedCount: 0,
      });
      return ok([
        el('task', {}, [
          el('runFlow', {}, [el('schedule', { id: schedule.id }), el('flow', { id: flow.id })]),
        ]),
      ]);
    },
  },
  {
    method: 'GET',
    path: '/sites/:siteId/users/:userId/flows',
    auth: 'site',
    minVersion: '3.3',
    handler: (ctx) => {
      const { content } = siteScope(ctx);
      const user = requireItem(content.users, ctx.params.userId, 'user');
      const owned = content.flows.all().filter((f) => f.ownerId === user.id);
      return paginatedList(ctx.query, { items: owned }, {}, 'flows', flowRenderer(content));
    },
  },
];
