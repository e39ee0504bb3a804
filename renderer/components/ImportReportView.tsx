import { useState } from 'react';
import type { ImportNote, ImportReport } from '../../shared/interop/report';

function Note({ note }: { note: ImportNote }) {
  return (
    <li>
      <span className={`interop-note-kind ${note.kind}`}>{note.kind}</span> {note.what} —{' '}
      <span className="muted">{note.why}</span>
    </li>
  );
}

/**
 * An import report as the Import dialog shows it before anything is saved: the counts, the
 * collection's notes, then each request with what was changed or not carried over (and, on
 * request, what was mapped).
 */
export function ImportReportView({ report }: { report: ImportReport }) {
  const [all, setAll] = useState(false);
  const c = report.counts;
  const share = c.requests ? ` (${Math.round((c.mapped / c.requests) * 1000) / 10}%)` : '';
  const shown = report.requests
    .map((r) => ({ ...r, notes: all ? r.notes : r.notes.filter((n) => n.kind !== 'mapped') }))
    .filter((r) => r.notes.length > 0);
  return (
    <>
      <p className="interop-summary" aria-label="Import summary">
        {report.source} “{report.name}”: {c.requests} requests in {c.folders} folders; {c.mapped}{' '}
        linked to catalog presets{share}, {c.plain} plain; {c.session} sign-in/out replaced by the
        connection’s session; {c.variables} variables; {c.changed} changes, {c.dropped} not carried
        over.
      </p>
      <label className="radio">
        <input type="checkbox" checked={all} onChange={(e) => setAll(e.target.checked)} /> Show what
        was mapped too
      </label>
      <div className="interop-report" role="region" aria-label="Import report" tabIndex={0}>
        {(all ? report.notes : report.notes.filter((n) => n.kind !== 'mapped')).length > 0 && (
          <ul>
            {(all ? report.notes : report.notes.filter((n) => n.kind !== 'mapped')).map((n, i) => (
              <Note key={i} note={n} />
            ))}
          </ul>
        )}
        {shown.map((r, i) => (
          <div key={i}>
            <strong>{[...r.folder, r.name].join(' / ')}</strong>{' '}
            <span className="muted">
              {r.method} {r.path}
            </span>
            <ul>
              {r.notes.map((n, j) => (
                <Note key={j} note={n} />
              ))}
            </ul>
          </div>
        ))}
        {shown.length === 0 && report.notes.length === 0 && (
          <p className="muted">Nothing was changed or left out.</p>
        )}
      </div>
    </>
  );
}
