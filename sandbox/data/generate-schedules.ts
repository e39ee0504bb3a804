import { DAY_MS, isoSeconds } from './dates';
import type { ExtractTask, Schedule } from './model';
import type { Random } from './random';
import type { SiteContent } from './site-content';

/** Server schedules (Tableau Server only), shaped like the TSC schedule fixtures. */
export function generateSchedules(rng: Random, anchor: number): Schedule[] {
  const created = isoSeconds(anchor - 700 * DAY_MS);
  const next = (hours: number) => isoSeconds(anchor + DAY_MS + hours * 3_600_000);
  const base = (name: string, type: Schedule['type'], frequency: Schedule['frequency']) => ({
    id: rng.luid(),
    name,
    state: 'Active' as const,
    priority: 50,
    type,
    frequency,
    executionOrder: 'Parallel' as const,
    createdAt: created,
    updatedAt: created,
  });
  return [
    {
      ...base('Hourly Refresh', 'Extract', 'Hourly'),
      nextRunAt: next(1),
      start: '00:00:00',
      end: '23:00:00',
      intervals: [{ hours: '1' }],
    },
    {
      ...base('Nightly Extracts', 'Extract', 'Daily'),
      nextRunAt: next(2),
      start: '02:00:00',
      intervals: [{ hours: '24' }],
    },
    {
      ...base('Weekday Mornings', 'Extract', 'Weekly'),
      executionOrder: 'Serial',
      nextRunAt: next(6),
      start: '06:00:00',
      intervals: [
        { weekDay: 'Monday' },
        { weekDay: 'Tuesday' },
        { weekDay: 'Wednesday' },
        { weekDay: 'Thursday' },
        { weekDay: 'Friday' },
      ],
    },
    {
      ...base('Month Start', 'Extract', 'Monthly'),
      priority: 30,
      nextRunAt: next(24),
      start: '03:00:00',
      intervals: [{ monthDay: '1' }],
    },
    {
      ...base('Weekly Subscriptions', 'Subscription', 'Weekly'),
      nextRunAt: next(8),
      start: '08:00:00',
      intervals: [{ weekDay: 'Monday' }],
    },
    {
      ...base('Daily Flows', 'Flow', 'Daily'),
      state: 'Suspended',
      nextRunAt: next(4),
      start: '04:00:00',
      intervals: [{ hours: '24' }],
    },
  ];
}

/** Extract-refresh tasks for the site's extract content, on the Extract schedules. */
export function generateTasks(
  rng: Random,
  content: SiteContent,
  schedules: readonly Schedule[],
): void {
  const extractSchedules = schedules.filter((s) => s.type === 'Extract');
  const add = (kind: 'workbook' | 'datasource', id: string) => {
    const task: ExtractTask = {
      id: rng.luid(),
      scheduleId: rng.pick(extractSchedules).id,
      priority: 50,
      consecutiveFailedCount: rng.chance(0.1) ? rng.int(1, 4) : 0,
      type: rng.chance(0.8) ? 'RefreshExtractTask' : 'IncrementalRefresh',
      target: { kind, id },
    };
    content.tasks.add(task);
  };
  for (const ds of content.datasources.all())
    if (ds.hasExtracts && rng.chance(0.6)) add('datasource', ds.id);
  for (const wb of content.workbooks.all())
    if (wb.hasExtracts && rng.chance(0.3)) add('workbook', wb.id);
}
