import { useEffect, useState, type ReactNode } from 'react';
import type { OperationItem } from '../../shared/operations';
import { saveText } from '../lib/download';
import { formatBytes, formatCount, formatDuration } from '../lib/format';
import { doneSoFarText, timeLeftText } from '../lib/operation-text';
import type { OperationView } from '../state/tab-model';

interface Props {
  view: OperationView;
  /** What the work is called in labels, e.g. "Fetch-all". */
  label: string;
  /** The kind's own line for a finished operation (e.g. items fetched of the total). */
  summary?: ReactNode;
  onCancel(): void;
  onRetry(): void;
  onDismiss(): void;
  dismissLabel: string;
}

/**
 * Any long-running operation (DESIGN.md §10), whatever its kind: progress with time left and
 * Cancel while it runs; then its outcome, counts, Retry failed, and the items that did not
 * succeed, exportable as CSV.
 */
export function OperationBar({
  view,
  label,
  summary,
  onCancel,
  onRetry,
  onDismiss,
  dismissLabel,
}: Props) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (!view.running) return;
    const timer = window.setInterval(() => setNow(Date.now()), 250);
    return () => window.clearInterval(timer);
  }, [view.running]);

  if (view.running) {
    const p = view.progress?.progress;
    const counts = view.progress?.counts;
    const total = p?.total ?? null;
    const fraction = p && total ? Math.min(1, p.done / total) : 0;
    return (
      <div className="operation running" aria-label={label}>
        <progress
          aria-label={`${label} progress`}
          value={p?.done ?? 0}
          max={Math.max(1, total ?? 1)}
        />
        <span className="muted" aria-live="polite">
          {p && p.unit === 'bytes'
            ? // Uploads and downloads: sizes and a byte rate, not a count.
              `${formatBytes(p.done)}${total === null ? '' : ` of ${formatBytes(total)}`}${
                p.ratePerSecond ? ` · ${formatBytes(p.ratePerSecond)}/s` : ''
              } · ${p.status} · ${
                total !== null && p.done >= total
                  ? 'waiting for the server'
                  : p.etaMs !== null
                    ? `about ${formatDuration(p.etaMs)} left`
                    : 'estimating…'
              }${counts?.failed ? ` · ${counts.failed} failed` : ''}`
            : p
              ? `${formatCount(p.done)} of ${total === null ? '?' : formatCount(total)} ${p.unit} · ${p.status} · ${timeLeftText(
                  p,
                )}${counts?.failed ? ` · ${counts.failed} failed` : ''}`
              : 'Starting…'}{' '}
          · {doneSoFarText(fraction, now - view.startedAt)}
        </span>
        <button type="button" className="small" onClick={onCancel}>
          Cancel {label.toLowerCase()}
        </button>
      </div>
    );
  }
  if (view.error) {
    return (
      <div className="operation failed" role="alert">
        <span>
          {label} failed: {view.error}
        </span>
        <button type="button" className="small" onClick={onDismiss}>
          {dismissLabel}
        </button>
      </div>
    );
  }
  const s = view.snapshot;
  if (!s) return null;
  const unit = s.progress.unit;
  const problems = (s.items ?? []).filter((i) => i.state !== 'ok');
  return (
    <div className="operation done" aria-label={label}>
      <div className="operation-line">
        <span aria-label={`${label} result`}>
          {summary ?? `${s.state}: ${formatCount(s.counts.ok)} ${unit} ok`} ·{' '}
          {formatDuration(s.elapsedMs)}
        </span>
        {s.counts.failed > 0 && (
          <span className="tag bad">
            {formatCount(s.counts.failed)} {counted(s.counts.failed, unit)} failed
          </span>
        )}
        {s.counts.skipped > 0 && (
          <span className="tag warn">
            {formatCount(s.counts.skipped)}{' '}
            {counted(s.counts.skipped, unit === 'pages' ? 'page ranges' : unit)} skipped
          </span>
        )}
        {s.canRetry && (
          <button type="button" className="small" onClick={onRetry}>
            Retry failed {unit}
          </button>
        )}
        <span className="spacer" />
        <button type="button" className="small" onClick={onDismiss}>
          {dismissLabel}
        </button>
      </div>
      {problems.length > 0 && <ProblemItems items={problems} label={label} />}
    </div>
  );
}

/** "1 connection", "2 connections": an operation's unit is plural ('connections', 'page ranges'). */
function counted(n: number, unit: string): string {
  return n === 1 && unit.endsWith('s') ? unit.slice(0, -1) : unit;
}

/** The failed and skipped items, with Tableau's code and message, and a CSV of them. */
function ProblemItems({ items, label }: { items: OperationItem[]; label: string }) {
  const exportCsv = () => {
    const cell = (v: string | undefined) => `"${(v ?? '').replace(/"/g, '""')}"`;
    const rows = [
      'item,state,code,message',
      ...items.map((i) => [i.label, i.state, i.code, i.message].map(cell).join(',')),
    ];
    saveText(rows.join('\r\n'), `trestle-${label.toLowerCase()}-problems.csv`, 'text/csv');
  };
  return (
    <details className="operation-items">
      <summary>
        {formatCount(items.length)} not done — what and why
        <button type="button" className="small link" onClick={exportCsv}>
          Export CSV
        </button>
      </summary>
      <table aria-label={`${label} items not done`}>
        <thead>
          <tr>
            <th>Item</th>
            <th>State</th>
            <th>Code</th>
            <th>Message</th>
          </tr>
        </thead>
        <tbody>
          {items.slice(0, 500).map((i) => (
            <tr key={i.key}>
              <td>{i.label}</td>
              <td>{i.state}</td>
              <td>{i.code ?? ''}</td>
              <td>{i.message ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {items.length > 500 && (
        <p className="muted">
          The first 500 are shown; Export CSV has all {formatCount(items.length)}.
        </p>
      )}
    </details>
  );
}
