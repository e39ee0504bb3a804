/**
 * "Workbooks not viewed in N days", answered the way Tableau's APIs allow: the Metadata API
 * lists workbooks (with `updatedAt`) but has no view data; REST's Get Views for Site with
 * `includeUsageStatistics=true` gives each view's total view count since publishing, not a
 * last-view date. A candidate is a workbook not updated in `days` whose views have at most
 * `maxViews` views in all. Pure: both lists in, rows out.
 */

export interface StaleWorkbookOptions {
  days: number;
  maxViews: number;
  now: Date;
}

export interface StaleWorkbookRow {
  luid: string;
  name: string;
  projectName: string | null;
  owner: string | null;
  ownerEmail: string | null;
  updatedAt: string;
  daysSinceUpdate: number;
  /** Views (sheets and dashboards) REST lists for the workbook. */
  views: number;
  /** Their total view counts added up (REST `usage.totalViewCount`). */
  totalViewCount: number;
  /** "never viewed" when the total is 0. */
  verdict: 'never viewed' | 'rarely viewed';
}

type Json = Record<string, unknown>;
const DAY_MS = 86_400_000;

function text(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/** Total view count per workbook id, from REST view items (`{workbook:{id}, usage:{totalViewCount}}`). */
export function viewCountsByWorkbook(
  views: unknown[],
): Map<string, { views: number; total: number }> {
  const counts = new Map<string, { views: number; total: number }>();
  for (const raw of views) {
    const view = (raw ?? {}) as Json;
    const workbookId = text((view.workbook as Json | undefined)?.id);
    if (!workbookId) continue;
    const total = Number((view.usage as Json | undefined)?.totalViewCount ?? 0);
    const entry = counts.get(workbookId) ?? { views: 0, total: 0 };
    entry.views++;
    entry.total += Number.isFinite(total) ? total : 0;
    counts.set(workbookId, entry);
  }
  return counts;
}

/** The candidates, oldest update first. */
export function staleWorkbooks(
  workbooks: unknown[],
  views: unknown[],
  options: StaleWorkbookOptions,
): StaleWorkbookRow[] {
  const counts = viewCountsByWorkbook(views);
  const cutoff = options.now.getTime() - options.days * DAY_MS;
  const rows: StaleWorkbookRow[] = [];
  for (const raw of workbooks) {
    const wb = (raw ?? {}) as Json;
    const luid = text(wb.luid);
    const updatedAt = text(wb.updatedAt);
    if (!luid || !updatedAt) continue;
    const updated = Date.parse(updatedAt);
    if (!Number.isFinite(updated) || updated > cutoff) continue;
    const usage = counts.get(luid) ?? { views: 0, total: 0 };
    if (usage.total > options.maxViews) continue;
    const owner = (wb.owner ?? {}) as Json;
    rows.push({
      luid,
      name: text(wb.name) ?? '',
      projectName: text(wb.projectName),
      owner: text(owner.username),
      ownerEmail: text(owner.email),
      updatedAt,
      daysSinceUpdate: Math.floor((options.now.getTime() - updated) / DAY_MS),
      views: usage.views,
      totalViewCount: usage.total,
      verdict: usage.total === 0 ? 'never viewed' : 'rarely viewed',
    });
  }
  return rows.sort((a, b) => a.updatedAt.localeCompare(b.updatedAt));
}
