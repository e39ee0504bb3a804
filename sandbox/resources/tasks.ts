import { randomUUID } from 'node:crypto';
import type { ExtractTask, Schedule } from '../data/model';
import { el, list, type Element } from '../format/element';
import { siteScope } from '../http/authenticate';
import { child, str } from '../http/request-body';
import { NO_CONTENT, ok, type Route } from '../http/route';
import { requireItem } from './common';
import { jobElement, newRefreshJob } from './job-element';
import { scheduleElement } from './schedules';

/** `<task><extractRefresh …><schedule/><workbook|datasource id/></extractRefresh></task>`. */
export function taskElement(schedules: Map<string, Element>, task: ExtractTask): Element {
  const children: Element[] = [];
  const schedule = task.inlineSchedule ?? schedules.get(task.scheduleId);
  if (schedule) children.push(schedule);
  children.push(el(task.target.kind, { id: task.target.id }));
  return el('task', {}, [
    el(
      'extractRefresh',
      {
        id: task.id,
        priority: task.priority,
        consecutiveFailedCount: task.consecutiveFailedCount,
        type: task.type,
      },
      children,
    ),
  ]);
}

export function scheduleIndex(all: readonly Schedule[]): Map<string, Element> {
  return new Map(all.map((s) => [s.id, scheduleElement(s, false)]));
}

/** Extract-refresh tasks (Server). Not paginated in the captures (`tasks_with_*.xml`). */
export const taskRoutes: Route[] = [
  {
    method: 'GET',
    path: '/sites/:siteId/tasks/extractRefreshes',
    auth: 'site',
    handler: (ctx) => {
      const { content } = siteScope(ctx);
      const schedules = scheduleIndex(ctx.state.store.schedules.all());
      return ok([
        list(
          'tasks',
          content.tasks.all().map((t) => taskElement(schedules, t)),
        ),
      ]);
    },
  },
  {
    method: 'GET',
    path: '/sites/:siteId/tasks/extractRefreshes/:taskId',
    auth: 'site',
    handler: (ctx) => {
      const { content } = siteScope(ctx);
      const task = requireItem(content.tasks, ctx.params.taskId, 'task');
      return ok([taskElement(scheduleIndex(ctx.state.store.schedules.all()), task)]);
    },
  },
  {
    method: 'DELETE',
    path: '/sites/:siteId/tasks/extractRefreshes/:taskId',
    auth: 'site',
    minVersion: '3.6',
    handler: (ctx) => {
      const { content } = siteScope(ctx);
      content.tasks.remove(requireItem(content.tasks, ctx.params.taskId, 'task').id);
      return NO_CONTENT;
    },
  },
  {
    method: 'POST',
    path: '/sites/:siteId/tasks/extractRefreshes/:taskId/runNow',
    auth: 'site',
    minVersion: '2.6',
    handler: (ctx) => {
      const { content } = siteScope(ctx);
      const task = requireItem(content.tasks, ctx.params.taskId, 'task');
      const target =
        task.target.kind === 'workbook'
          ? content.workbooks.get(task.target.id)
          : content.datasources.get(task.target.id);
      const now = ctx.state.clock();
      const job = newRefreshJob(
        ctx,
        content,
        { kind: task.target.kind, id: task.target.id, name: target?.name ?? '' },
        task.priority,
      );
      content.jobs.add(job);
      // `tasks_run_now_response.xml`: a bare job with id, mode and type.
      const element = jobElement(job, now, true);
      return ok([
        el('job', { id: job.id, mode: 'Asynchronous', type: 'RefreshExtract' }, element.children),
      ]);
    },
  },
  {
    method: 'GET',
    path: '/sites/:siteId/schedules/:scheduleId/extracts',
    auth: 'site',
    handler: (ctx) => {
      const { content } = siteScope(ctx);
      const schedule = requireItem(ctx.state.store.schedules, ctx.params.scheduleId, 'schedule');
      const tasks = content.tasks.all().filter((t) => t.scheduleId === schedule.id);
      return ok([
        list(
          'extracts',
          tasks.map((t) =>
            el(
              'extract',
              {
                id: t.id,
                priority: t.priority,
                type: t.type === 'IncrementalRefresh' ? 'IncrementalRefresh' : 'FullRefresh',
              },
              [el(t.target.kind, { id: t.target.id })],
            ),
          ),
        ),
      ]);
    },
  },
];

/** Add Data Source/Workbook to Schedule (`schedule_add_datasource.xml`): a new task. */
export const scheduleTaskRoutes: Route[] = (['workbook', 'datasource'] as const).map(
  (kind): Route => ({
    method: 'PUT',
    path: `/sites/:siteId/schedules/:scheduleId/${kind}s`,
    auth: 'site',
    handler: (ctx) => {
      const { content } = siteScope(ctx);
      const schedule = requireItem(ctx.state.store.schedules, ctx.params.scheduleId, 'schedule');
      const id =
        str(
          child(ctx.body, 'task')
            ? child(child(child(ctx.body, 'task'), 'extractRefresh'), kind)
            : child(ctx.body, kind),
          'id',
        ) ?? '';
      const item =
        kind === 'workbook'
          ? requireItem(content.workbooks, id, 'workbook')
          : requireItem(content.datasources, id, 'datasource');
      const task: ExtractTask = {
        id: randomUUID(),
        scheduleId: schedule.id,
        priority: schedule.priority,
        consecutiveFailedCount: 0,
        type: 'RefreshExtractTask',
        target: { kind, id: item.id },
      };
      content.tasks.add(task);
      return ok([
        el('task', {}, [
          el('extractRefresh', {}, [
            el('schedule', { id: schedule.id }),
            el(kind, { id: item.id }),
          ]),
        ]),
      ]);
    },
  }),
);
