import type { FetchAllOutcome, OperationState } from '../../shared/operations';
import { formatCount } from '../lib/format';

/** Fetch-all's own result line: items of the total, pages, and what is missing or changed. */
export function FetchAllSummary({
  state,
  outcome,
}: {
  state: OperationState;
  outcome: FetchAllOutcome;
}) {
  const { items, totalAvailable, pages, missing, totalChanged, limitReached } = outcome;
  return (
    <>
      {state === 'cancelled' ? 'Cancelled: kept ' : missing.items > 0 ? 'Partial: ' : 'All '}
      {formatCount(items)} of {formatCount(totalAvailable)} items · {formatCount(pages)} pages
      {missing.items > 0 && (
        <span
          className="tag bad"
          title={missing.pages.map((p) => `page ${p.pageNumber}: ${p.message}`).join('\n')}
        >
          {formatCount(missing.items)} items missing (
          {missing.pages.length === 1 ? 'page ' : 'pages '}
          {ranges(missing.pages.map((p) => p.pageNumber))})
        </span>
      )}
      {totalChanged && (
        <span className="tag warn">
          total changed from {formatCount(totalChanged.from)} to {formatCount(totalChanged.to)}{' '}
          while fetching
        </span>
      )}
      {limitReached && (
        <span className="tag warn" title={limitReached}>
          stopped at the fetch-all limit
        </span>
      )}
    </>
  );
}

/** 3, 4, 5, 9 → "3–5, 9". */
function ranges(pages: number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < pages.length; i++) {
    let j = i;
    while (j + 1 < pages.length && pages[j + 1] === pages[j] + 1) j++;
    parts.push(i === j ? String(pages[i]) : `${pages[i]}–${pages[j]}`);
    i = j;
  }
  return parts.join(', ');
}
