import { useState } from 'react';
import type { Connection } from '../../shared/connection';
import type { HistoryEntry } from '../../shared/documents';
import { httpMethodSchema } from '../../shared/request';
import { formatDuration } from '../lib/format';
import {
  entryPath,
  filterHistory,
  NO_FILTER,
  type HistoryFilter,
  type StatusFilter,
} from '../lib/history-filter';

interface Props {
  entries: HistoryEntry[];
  connections: Connection[];
  onOpen(entry: HistoryEntry): void;
  onClear(): void;
}

const STATUS_LABELS: Record<StatusFilter, string> = {
  all: 'Any status',
  '2xx': '2xx',
  '3xx': '3xx',
  '4xx': '4xx',
  '5xx': '5xx',
  failed: 'No answer',
};

function formatWhen(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? iso
    : date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
}

/**
 * Sent requests as an audit trail: newest first, each with the path as it was resolved, its
 * connection, date and time, status and duration; searchable and filterable. Opening one
 * restores the request exactly, with the response it got then.
 */
export function HistoryPanel({ entries, connections, onOpen, onClear }: Props) {
  const [filter, setFilter] = useState<HistoryFilter>(NO_FILTER);
  const shown = filterHistory(entries, filter);
  const set = (patch: Partial<HistoryFilter>) => setFilter((f) => ({ ...f, ...patch }));
  // Connections named in history, including ones deleted since.
  const names = new Map(entries.map((e) => [e.connectionId, e.connectionName]));
  for (const c of connections) names.set(c.id, c.name);
  return (
    <div className="history">
      <div className="history-filters" role="search" aria-label="Filter history">
        <input
          type="search"
          aria-label="Search history"
          placeholder="Search paths, ids, query, connection…"
          value={filter.text}
          onChange={(e) => set({ text: e.target.value })}
        />
        <select
          aria-label="Filter by method"
          value={filter.method}
          onChange={(e) => set({ method: e.target.value as HistoryFilter['method'] })}
        >
          <option value="all">Any method</option>
          {httpMethodSchema.options.map((m) => (
            <option key={m}>{m}</option>
          ))}
        </select>
        <select
          aria-label="Filter by status"
          value={filter.status}
          onChange={(e) => set({ status: e.target.value as StatusFilter })}
        >
          {Object.entries(STATUS_LABELS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
        <select
          aria-label="Filter by connection"
          value={filter.connectionId}
          onChange={(e) => set({ connectionId: e.target.value })}
        >
          <option value="all">Any connection</option>
          {[...names].map(([id, name]) => (
            <option key={id} value={id}>
              {name}
            </option>
          ))}
        </select>
      </div>
      <div className="toolbar">
        <span className="muted" aria-label="History count">
          {shown.length === entries.length
            ? `${entries.length} sent`
            : `${shown.length} of ${entries.length} sent`}
        </span>
        <span className="spacer" />
        <button type="button" onClick={onClear} disabled={entries.length === 0}>
          Clear history
        </button>
      </div>
      <div className="scroll">
        {entries.length === 0 ? (
          <p className="empty">
            Requests you send appear here, newest first, with the URL they went to. Open one to send
            it again exactly as it was, or to see the response it got then (bodies up to 256 KB are
            kept).
          </p>
        ) : shown.length === 0 ? (
          <p className="empty">No request in history matches these filters.</p>
        ) : (
          <ul className="list" aria-label="History">
            {shown.map((entry) => {
              const path = entryPath(entry);
              return (
                <li key={entry.id}>
                  <button
                    type="button"
                    className="link history-entry"
                    onClick={() => onOpen(entry)}
                    title={entry.resolved?.url ?? path}
                  >
                    <span className="history-line">
                      <span className={`method method-${entry.spec.method.toLowerCase()}`}>
                        {entry.spec.method}
                      </span>
                      <span className="preset-name mono" aria-label="Resolved path">
                        {path}
                      </span>
                    </span>
                    <span className="history-line muted small-text">
                      <span
                        className={`code ${entry.status >= 400 || entry.status === 0 ? 'bad' : 'ok'}`}
                      >
                        {entry.status || 'ERR'}
                      </span>
                      <span>{entry.connectionName}</span>
                      <span>{formatDuration(entry.totalMs)}</span>
                      <time dateTime={entry.at}>{formatWhen(entry.at)}</time>
                    </span>
                  </button>
                </li>
              );
            })}
          </ul>
        )}
      </div>
    </div>
  );
}
