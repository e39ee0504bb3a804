/**
 * Tableau Cloud's per-site REST limits, as an optional fault (`cloudRateLimits: 1`,
 * `--cloud-rate-limits`). Budgets from Tableau's "Tableau Cloud site capacity" page as
 * summarised in tableau-api.md §11 (approximate): extract refresh starts 60 an hour,
 * publishes 600 an hour, job status and cancel 20,000 a day, Get Users 3,000 a minute,
 * Remove User 1,600 a minute, and 40,000 calls per user per site per hour overall. Past a
 * budget the answer is 429000 with Retry-After until the window ends.
 */
import { TableauError } from '../errors';
import type { FaultInjector } from './faults';
import type { RequestContext, Route } from './route';

interface Budget {
  /** Tableau's name for the limited operation, quoted in the error detail. */
  name: string;
  limit: number;
  windowMs: number;
  matches: (route: Route) => boolean;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const BUDGETS: Budget[] = [
  {
    name: 'api.rest.refresh_extracts',
    limit: 60,
    windowMs: HOUR,
    matches: (r) =>
      r.method === 'POST' &&
      (/\/(workbooks|datasources)\/:[^/]+\/refresh$/.test(r.path) ||
        /\/tasks\/extractRefreshes\/:taskId\/runNow$/.test(r.path)),
  },
  {
    name: 'api.rest.publish',
    limit: 600,
    windowMs: HOUR,
    matches: (r) =>
      r.method === 'POST' &&
      /^\/sites\/:siteId\/(workbooks|datasources|flows|fileUploads)$/.test(r.path),
  },
  {
    name: 'api.rest.jobs',
    limit: 20_000,
    windowMs: DAY,
    matches: (r) => /^\/sites\/:siteId\/jobs\/:jobId$/.test(r.path),
  },
  {
    name: 'api.rest.get_users',
    limit: 3_000,
    windowMs: MINUTE,
    matches: (r) => r.method === 'GET' && r.path === '/sites/:siteId/users',
  },
  {
    name: 'api.rest.remove_user',
    limit: 1_600,
    windowMs: MINUTE,
    matches: (r) => r.method === 'DELETE' && r.path === '/sites/:siteId/users/:userId',
  },
];

const OVERALL: Budget = {
  name: 'api.rest',
  limit: 40_000,
  windowMs: HOUR,
  matches: () => true,
};

/** Counts per `${budget}|${site}|${user}` in fixed windows of the budget's length. */
class Counters {
  private readonly windows = new Map<string, { start: number; count: number }>();

  /** Seconds until the window ends when this call is over budget, otherwise undefined. */
  take(key: string, budget: Budget, now: number): number | undefined {
    const start = Math.floor(now / budget.windowMs) * budget.windowMs;
    let window = this.windows.get(key);
    if (!window || window.start !== start) {
      window = { start, count: 0 };
      this.windows.set(key, window);
    }
    window.count++;
    if (window.count <= budget.limit) return undefined;
    return Math.max(1, Math.ceil((start + budget.windowMs - now) / 1000));
  }
}

function throttled(budget: Budget, retryAfter: number): TableauError {
  const minutes = Math.ceil(retryAfter / 60);
  const wait = retryAfter >= 60 ? `${minutes} minutes` : `${retryAfter} seconds`;
  return new TableauError(
    '429000',
    'Too Many Requests',
    `Too many requests for '${budget.name}'. Please retry after ${wait}.`,
    { 'Retry-After': String(retryAfter) },
  );
}

/** Wraps each route so that, while the fault is on, calls past a Cloud budget answer 429000. */
export function withCloudLimits(routes: Route[], faults: FaultInjector): Route[] {
  const counters = new Counters();
  return routes.map((route) => {
    const budgets = [...BUDGETS.filter((b) => b.matches(route)), OVERALL];
    return {
      ...route,
      handler: (ctx: RequestContext) => {
        if (faults.current.cloudRateLimits === 1 && ctx.session) {
          const now = ctx.state.clock();
          for (const budget of budgets) {
            const scope =
              budget === OVERALL
                ? `${ctx.session.siteId}|${ctx.session.userId}`
                : ctx.session.siteId;
            const retryAfter = counters.take(`${budget.name}|${scope}`, budget, now);
            if (retryAfter !== undefined) throw throttled(budget, retryAfter);
          }
        }
        return route.handler(ctx);
      },
    };
  });
}
