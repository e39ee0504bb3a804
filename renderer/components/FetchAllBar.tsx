import { useEffect, useState } from 'react';
import { formatCount, formatDuration } from '../lib/format';
import type { FetchAllState } from '../state/tab-model';

interface Props {
  state: FetchAllState;
  onCancel(): void;
  onRetry(): void;
  onDismiss(): void;
}

/** Fetch-all progress (pages, items, time left) and then its outcome. */
export function FetchAllBar({ state, onCancel, onRetry, onDismiss }: Props) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (!state.running) return;
    const timer = window.setInterval(() => setNow(Date.now()), 250);
    return () => window.clearInterval(timer);
  }, [state.running]);

  if (state.running) {
    const p = state.progress;
    const fraction = p && p.pagesTotal > 0 ? p.pagesDone / p.pagesTotal : 0;
    return (
      <div className="fetch-all running" aria-label="Fetch all">
        <progress
          aria-label="Fetch-all progress"
          value={p?.pagesDone ?? 0}
          max={Math.max(1, p?.pagesTotal ?? 1)}
        />
        <span className="muted" aria-live="polite">
          {p
            ? `${formatCount(p.pagesDone)} of ${formatCount(p.pagesTotal)} pages · ${formatCount(p.items)} of ${formatCount(p.totalAvailable)} items · ${
                p.etaMs !== null ? `about ${formatDuration(p.etaMs)} left` : 'estimating…'
              }${p.failedPages ? ` · ${p.failedPages} failed` : ''}`
            : 'Starting…'}{' '}
          ({formatDuration(now - state.startedAt)}, {Math.round(fraction * 100)}%)
        </span>
        <button type="button" className="small" onClick={onCancel}>
          Cancel fetch-all
        </button>
      </div>
    );
  }
  if (state.error) {
    return (
      <div className="fetch-all failed" role="alert">
        <span>Fetch all failed: {state.error}</span>
        <button type="button" className="small" onClick={onDismiss}>
          Back to the page
        </button>
      </div>
    );
  }
  const r = state.result;
  if (!r) return null;
  return (
    <div className="fetch-all done" aria-label="Fetch all">
      <span aria-label="Fetch-all result">
        {r.cancelled ? 'Cancelled: kept ' : 'All '}
        {formatCount(r.items)} of {formatCount(r.totalAvailable)} items · {formatCount(r.pages)}{' '}
        pages · {formatDuration(r.elapsedMs)}
      </span>
      {r.totalChanged && (
        <span className="tag warn">
          total changed from {formatCount(r.totalChanged.from)} to {formatCount(r.totalChanged.to)}{' '}
          while fetching
        </span>
      )}
      {r.failedPages.length > 0 && (
        <>
          <span
            className="tag bad"
            title={r.failedPages.map((f) => `page ${f.pageNumber}: ${f.message}`).join('\n')}
          >
            {r.failedPages.length} pages failed
          </span>
          <button type="button" className="small" onClick={onRetry}>
            Retry failed pages
          </button>
        </>
      )}
      <span className="spacer" />
      <button type="button" className="small" onClick={onDismiss}>
        Back to the page
      </button>
    </div>
  );
}
