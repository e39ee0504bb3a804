import { randomUUID } from 'node:crypto';
import type { Schedule, ScheduleInterval } from '../data/model';
import { errors } from '../errors';
import { el, list, type Element } from '../format/element';
import { child, many, required, str } from '../http/request-body';
import { NO_CONTENT, ok, type RequestContext, type Route } from '../http/route';
import type { FieldSpecs } from '../query/filter-sort';
import { paginatedList } from '../query/list-query';
import { nowIso, requireItem } from './common';

const TYPES = new Set(['Extract', 'Subscription', 'Flow', 'DataAcceleration']);
const FREQUENCIES = new Set(['Hourly', 'Daily', 'Weekly', 'Monthly']);

/** `schedule_get*.xml`; `frequencyDetails` appears on a single schedule and on create/update. */
export function scheduleElement(s: Schedule, details: boolean): Element {
  const children: Element[] = [];
  if (details) {
    children.push(
      el('frequencyDetails', { start: s.start, end: s.end }, [
        list(
          'intervals',
          s.intervals.map((i) => el('interval', { ...i })),
        ),
      ]),
    );
  }
  return el(
    'schedule',
    {
      id: s.id,
      name: s.name,
      state: s.state,
      priority: s.priority,
      createdAt: s.createdAt,
      updatedAt: s.updatedAt,
      type: s.type,
      frequency: s.frequency,
      nextRunAt: s.nextRunAt,
      executionOrder: s.executionOrder,
    },
    children,
  );
}

const SCHEDULE_FIELDS: FieldSpecs<Schedule> = {
  id: { type: 'string', get: (s) => s.id },
  name: { type: 'string', get: (s) => s.name },
  type: { type: 'string', get: (s) => s.type },
  state: { type: 'string', get: (s) => s.state },
  frequency: { type: 'string', get: (s) => s.frequency },
  priority: { type: 'number', get: (s) => s.priority },
  createdAt: { type: 'date', get: (s) => s.createdAt },
  updatedAt: { type: 'date', get: (s) => s.updatedAt },
  nextRunAt: { type: 'date', get: (s) => s.nextRunAt },
};

function requireServerAdmin(ctx: RequestContext): void {
  const session = ctx.session;
  const user = session && ctx.state.store.content(session.siteId).users.get(session.userId);
  if (user?.siteRole !== 'ServerAdministrator') {
    throw errors.forbidden('Server schedules are available to server administrators only.');
  }
}

function readIntervals(body: Record<string, unknown>): {
  start?: string;
  end?: string;
  intervals?: ScheduleInterval[];
} {
  const details = child(body, 'frequencyDetails');
  if (!details) return {};
  const intervals = many(child(details, 'intervals'), 'interval').map((i) => ({
    hours: str(i, 'hours'),
    minutes: str(i, 'minutes'),
    weekDay: str(i, 'weekDay'),
    monthDay: str(i, 'monthDay'),
  }));
  return { start: str(details, 'start'), end: str(details, 'end'), intervals };
}

function applySchedule(s: Schedule, body: Record<string, unknown>, all: readonly Schedule[]): void {
  const name = str(body, 'name');
  if (name !== undefined) {
    if (all.some((o) => o.id !== s.id && o.name.toLowerCase() === name.toLowerCase())) {
      // Code for a duplicate schedule name is not documented; 409 with Tableau's body shape.
      throw errors.conflict('409021', 'Conflict', `A schedule named '${name}' already exists.`);
    }
    s.name = name;
  }
  const priority = str(body, 'priority');
  if (priority !== undefined) {
    const p = Number(priority);
    if (!Number.isInteger(p) || p < 1 || p > 100)
      throw errors.badRequest('The priority must be an integer from 1 to 100.');
    s.priority = p;
  }
  const type = str(body, 'type');
  if (type !== undefined) {
    if (!TYPES.has(type)) throw errors.badRequest(`The schedule type '${type}' is not valid.`);
    s.type = type as Schedule['type'];
  }
  const frequency = str(body, 'frequency');
  if (frequency !== undefined) {
    if (!FREQUENCIES.has(frequency))
      throw errors.badRequest(`The frequency '${frequency}' is not valid.`);
    s.frequency = frequency as Schedule['frequency'];
  }
  const state = str(body, 'state');
  if (state === 'Active' || state === 'Suspended') s.state = state;
  const order = str(body, 'executionOrder');
  if (order === 'Parallel' || order === 'Serial') s.executionOrder = order;
  const details = readIntervals(body);
  s.start = details.start ?? s.start;
  s.end = details.end ?? s.end;
  s.intervals = details.intervals ?? s.intervals;
  s.updatedAt = nowIso();
}

/** Server schedules: Tableau Server only (`/api/{v}/schedules`, no site in the path). */
export const scheduleRoutes: Route[] = [
  {
    method: 'GET',
    path: '/schedules',
    auth: 'token',
    handler: (ctx) => {
      requireServerAdmin(ctx);
      const schedules = ctx.state.store.schedules;
      return paginatedList(
        ctx.query,
        { items: schedules.all(), cache: { collection: schedules, key: 'schedules' } },
        SCHEDULE_FIELDS,
        'schedules',
        (s) => scheduleElement(s, false),
      );
    },
  },
  {
    method: 'GET',
    path: '/schedules/:scheduleId',
    auth: 'token',
    minVersion: '3.8',
    handler: (ctx) => {
      requireServerAdmin(ctx);
      return ok([
        scheduleElement(
          requireItem(ctx.state.store.schedules, ctx.params.scheduleId, 'schedule'),
          true,
        ),
      ]);
    },
  },
  {
    method: 'POST',
    path: '/schedules',
    auth: 'token',
    handler: (ctx) => {
      requireServerAdmin(ctx);
      const body = required(ctx.body, 'schedule');
      if (!str(body, 'name') || !str(body, 'type') || !str(body, 'frequency')) {
        throw errors.malformedBody("A schedule needs 'name', 'type' and 'frequency'.");
      }
      const now = nowIso();
      const schedule: Schedule = {
        id: randomUUID(),
        name: '',
        state: 'Active',
        priority: 50,
        type: 'Extract',
        frequency: 'Daily',
        executionOrder: 'Parallel',
        createdAt: now,
        updatedAt: now,
        nextRunAt: new Date(Date.now() + 86_400_000).toISOString().slice(0, 19) + 'Z',
        start: '00:00:00',
        intervals: [],
      };
      applySchedule(schedule, body, ctx.state.store.schedules.all());
      ctx.state.store.schedules.add(schedule);
      return ok([scheduleElement(schedule, true)], 201);
    },
  },
  {
    method: 'PUT',
    path: '/schedules/:scheduleId',
    auth: 'token',
    handler: (ctx) => {
      requireServerAdmin(ctx);
      const schedule = requireItem(ctx.state.store.schedules, ctx.params.scheduleId, 'schedule');
      applySchedule(schedule, required(ctx.body, 'schedule'), ctx.state.store.schedules.all());
      ctx.state.store.schedules.touch();
      return ok([scheduleElement(schedule, true)]);
    },
  },
  {
    method: 'DELETE',
    path: '/schedules/:scheduleId',
    auth: 'token',
    handler: (ctx) => {
      requireServerAdmin(ctx);
      const schedule = requireItem(ctx.state.store.schedules, ctx.params.scheduleId, 'schedule');
      ctx.state.store.schedules.remove(schedule.id);
      for (const site of ctx.state.store.sites.all()) {
        const tasks = ctx.state.store.content(site.id).tasks;
        for (const t of tasks.all().filter((t) => t.scheduleId === schedule.id)) tasks.remove(t.id);
      }
      return NO_CONTENT;
    },
  },
];
