import { parseFilter } from '../../shared/filter-syntax';
import type { RequestSpec } from '../../shared/request';

/** Tableau's largest page (tableau-api.md §4): above it the server answers 403014. */
export const MAX_PAGE_SIZE = 1000;

/**
 * Query values Tableau will refuse or that cannot do what they say, told before Send (the
 * user can still send on purpose): a page size above 1000 or below 1, and an `in:[]` filter
 * with nothing in its list.
 */
export function queryProblems(spec: RequestSpec): string[] {
  const problems: string[] = [];
  const value = (name: string) =>
    spec.query.find((q) => q.enabled && q.name.trim() === name)?.value.trim();
  const pageSize = value('pageSize');
  if (pageSize !== undefined && pageSize !== '' && !pageSize.includes('{{')) {
    const size = Number(pageSize);
    if (Number.isInteger(size) && size > MAX_PAGE_SIZE)
      problems.push(
        `Page size ${pageSize} is above Tableau’s maximum of ${MAX_PAGE_SIZE}: the server refuses it (403014). Use ${MAX_PAGE_SIZE} or less and page through, or use Fetch all.`,
      );
    else if (!Number.isInteger(size) || size < 1)
      problems.push(
        `Page size “${pageSize}” is not a whole number of at least 1: the server refuses it (400007).`,
      );
  }
  const filter = value('filter');
  for (const expression of filter ? (parseFilter(filter) ?? []) : []) {
    if (expression.operator !== 'in') continue;
    const items = expression.value.split(',').map((v) => v.trim());
    if (items.every((v) => v === ''))
      problems.push(
        `The filter ${expression.field}:in:[] lists no values, so it cannot match anything. Put values between the brackets, or remove it.`,
      );
  }
  return problems;
}
