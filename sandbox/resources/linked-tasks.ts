/** Linked tasks (3.15+): `linked_tasks_get.xml`, `linked_tasks_run_now.xml`. */
import { randomUUID } from 'node:crypto';
import { isoSeconds } from '../data/dates';
import type { LinkedTask } from '../data/model-extras';
import type { SiteContent } from '../data/site-content';
import { el, list, type Element } from '../format/element';
import { siteScope } from '../http/authenticate';
import { ok, type RequestContext, type Route } from '../http/route';
import { paginatedList } from '../query/list-query';
import { requireItem } from './common';
import { startFlowRun } from './flows';

/**
 * A linked task with its schedule and steps. The list repeats `<linkedTasks>` per item (as
 * the capture); a single one is `<linkedTask>` (3.29 XSD, `tsResponse/linkedTask`).
 */
function linkedTaskElement(
  ctx: RequestContext,
  content: SiteContent,
  task: LinkedTask,
  name: string,
): Element {
  const schedule = ctx.state.store.schedules.get(task.scheduleId);
  const children: Element[] = [];
  if (schedule) {
    children.push(
      el('schedule', {
        id: schedule.id,
        name: schedule.name,
        state: schedule.state,
        priority: schedule.priority,
        createdAt: schedule.createdAt,
        updatedAt: schedule.updatedAt,
        type: schedule.type,
        frequency: schedule.frequency,
        nextRunAt: schedule.nextRunAt,
      }),
    );
  }
  const steps = task.steps.map((step) => {
    const flow = content.flows.get(step.flowId);
    return el(
      'linkedTaskSteps',
      {
        id: step.id,
        stepNumber: step.stepNumber,
        stopDownstreamTasksOnFailure: step.stopDownstreamTasksOnFailure,
      },
      [
        el('task', {}, [
          el(
            'flowRun',
            { id: step.taskId, priority: 50, consecutiveFailedCount: 0, type: 'runFlow' },
            [el('flow', { id: step.flowId, name: flow?.name })],
          ),
        ]),
      ],
    );
  });
  children.push(list('linkedTaskSteps', steps));
  return el(name, { id: task.id, numSteps: task.steps.length }, children);
}

const base = '/sites/:siteId/tasks/linked';

export const linkedTaskRoutes: Route[] = [
  {
    method: 'GET',
    path: base,
    auth: 'site',
    minVersion: '3.15',
    handler: (ctx) => {
      const { content } = siteScope(ctx);
      return paginatedList(
        ctx.query,
        { items: content.linkedTasks.all() },
        {},
        'linkedTasks',
        (t) => linkedTaskElement(ctx, content, t, 'linkedTasks'),
      );
    },
  },
  {
    method: 'GET',
    path: `${base}/:linkedTaskId`,
    auth: 'site',
    minVersion: '3.15',
    handler: (ctx) => {
      const { content } = siteScope(ctx);
      const task = requireItem(content.linkedTasks, ctx.params.linkedTaskId, 'linkedTask');
      return ok([linkedTaskElement(ctx, content, task, 'linkedTask')]);
    },
  },
  {
    method: 'POST',
    path: `${base}/:linkedTaskId/runNow`,
    auth: 'site',
    minVersion: '3.15',
    handler: (ctx) => {
      const { content } = siteScope(ctx);
      const task = requireItem(content.linkedTasks, ctx.params.linkedTaskId, 'linkedTask');
      // Each step's flow gets a run; the linked task job tracks the chain.
      for (const step of task.steps) {
        const flow = content.flows.get(step.flowId);
        if (flow) startFlowRun(ctx, content, flow);
      }
      return ok([
        el('linkedTaskJob', {
          id: randomUUID(),
          linkedTaskId: task.id,
          status: 'InProgress',
          createdAt: isoSeconds(ctx.state.clock()),
        }),
      ]);
    },
  },
];
