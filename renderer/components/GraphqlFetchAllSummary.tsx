import type { MetadataFetchAllOutcome, OperationState } from '../../shared/operations';
import { formatCount } from '../lib/format';

/** Metadata fetch-all's result line: nodes of the total, how it paged, node-limit and throttling. */
export function GraphqlFetchAllSummary({
  state,
  outcome,
}: {
  state: OperationState;
  outcome: MetadataFetchAllOutcome;
}) {
  const { items, totalCount, pages, paging, missing } = outcome;
  return (
    <>
      {state === 'cancelled' ? 'Cancelled: kept ' : missing.items > 0 ? 'Partial: ' : 'All '}
      {formatCount(items)} of {totalCount === null ? '?' : formatCount(totalCount)} {outcome.field}{' '}
      nodes · {formatCount(pages)} pages by {paging}
      {outcome.nodeLimitHits > 0 && (
        <span
          className="tag warn"
          title="The server cut a page at its node limit (NODE_LIMIT_EXCEEDED): that page was asked again, smaller."
        >
          node limit: page size {outcome.firstPageSize} → {outcome.pageSize}
        </span>
      )}
      {outcome.rateLimitWaits > 0 && (
        <span className="tag warn" title="RATE_EXCEEDED: Trestle waited and asked again.">
          throttled {outcome.rateLimitWaits}×
        </span>
      )}
      {missing.items > 0 && (
        <span
          className="tag bad"
          title={missing.ranges
            .map((r) => `items ${r.fromItem}–${r.toItem}: ${r.message}`)
            .join('\n')}
        >
          {formatCount(missing.items)} nodes missing
        </span>
      )}
      {outcome.warnings.length > 0 && (
        <span className="tag warn" title={outcome.warnings.join('\n')}>
          {outcome.warnings.length} server warnings
        </span>
      )}
      {outcome.limitReached && (
        <span className="tag warn" title={outcome.limitReached}>
          stopped at the fetch-all limit
        </span>
      )}
    </>
  );
}
