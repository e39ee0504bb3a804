import type { HistoryEntry } from '../../shared/documents';
import { formatDuration, formatTimeOfDay } from '../lib/format';

interface Props {
  entries: HistoryEntry[];
  onOpen(entry: HistoryEntry): void;
  onClear(): void;
}

/** Sent requests, newest first, with status and time; click one to reopen it, with its response, in a tab. */
export function HistoryPanel({ entries, onOpen, onClear }: Props) {
  const sorted = [...entries].sort((a, b) => b.at.localeCompare(a.at));
  return (
    <div className="history">
      <div className="toolbar">
        <span className="muted">{sorted.length} sent</span>
        <span className="spacer" />
        <button type="button" onClick={onClear} disabled={sorted.length === 0}>
          Clear history
        </button>
      </div>
      <div className="scroll">
        {sorted.length === 0 ? (
          <p className="empty">
            Requests you send appear here, newest first. Open one to see the response it got then
            (bodies up to 256 KB are kept) or to send it again.
          </p>
        ) : (
          <ul className="list" aria-label="History">
            {sorted.map((entry) => (
              <li key={entry.id}>
                <button
                  type="button"
                  className="link history-entry"
                  onClick={() => onOpen(entry)}
                  title={`${entry.connectionName} · ${entry.at}`}
                >
                  <span className={`method method-${entry.spec.method.toLowerCase()}`}>
                    {entry.spec.method}
                  </span>
                  <span className="preset-name mono">
                    {entry.spec.path.replace('/api/{api-version}/sites/{site-id}', '…')}
                  </span>
                  <span
                    className={`code ${entry.status >= 400 || entry.status === 0 ? 'bad' : 'ok'}`}
                  >
                    {entry.status || 'ERR'}
                  </span>
                  <span className="muted small-text">
                    {formatDuration(entry.totalMs)} · {formatTimeOfDay(entry.at)}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
