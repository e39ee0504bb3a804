import { useVirtualizer } from '@tanstack/react-virtual';
import { useMemo, useRef, useState } from 'react';
import {
  comparabilityWarning,
  diffCountsText,
  diffCsv,
  diffJson,
  diffRows,
  readSnapshotFile,
  type DiffGrouping,
  type DiffRow,
} from '../../../shared/siteops/audit-view';
import { diffAudits, diffLine, type PermissionsAudit } from '../../../shared/siteops/permissions';
import { saveText } from '../../lib/download';

const ROW_HEIGHT = 24;

interface Loaded {
  name: string;
  audit: PermissionsAudit;
}

interface Props {
  /** The audit on screen, if one has run: it can be the "after" side. */
  current: PermissionsAudit | null;
}

const when = (a: PermissionsAudit) => new Date(a.at).toLocaleString();

/**
 * Compares two audits: a snapshot file against another, or against the audit on screen. The
 * rules added, removed and changed, grouped by grantee or by item with counts, exportable.
 */
export function AuditComparePanel({ current }: Props) {
  const [before, setBefore] = useState<Loaded | null>(null);
  const [after, setAfter] = useState<Loaded | null>(null);
  const [afterSource, setAfterSource] = useState<'current' | 'file'>('current');
  const [problem, setProblem] = useState<string | null>(null);
  const [by, setBy] = useState<DiffGrouping>('grantee');

  const read = async (file: File | undefined, set: (loaded: Loaded) => void) => {
    if (!file) return;
    setProblem(null);
    try {
      set({ name: file.name, audit: readSnapshotFile(file.name, await file.text()) });
    } catch (error) {
      // What was loaded before stays: a wrong pick costs nothing.
      setProblem((error as Error).message);
    }
  };

  const a = before?.audit ?? null;
  const b = afterSource === 'current' ? current : (after?.audit ?? null);
  const bName =
    afterSource === 'current'
      ? current
        ? `the current audit (${when(current)})`
        : ''
      : after?.name;
  const diff = useMemo(() => (a && b ? diffAudits(a, b) : null), [a, b]);
  const rows = useMemo(() => (diff ? diffRows(diff, by) : []), [diff, by]);
  const warning = a && b ? comparabilityWarning(a, b) : null;

  return (
    <div className="audit-compare">
      <div className="audit-compare-files">
        <label>
          Before: a snapshot file{' '}
          <input
            type="file"
            accept=".json,application/json"
            aria-label="Before snapshot file"
            onChange={(e) => void read(e.target.files?.[0], setBefore)}
          />
        </label>
        <fieldset className="audit-after">
          <legend>After</legend>
          <label className="check">
            <input
              type="radio"
              name="audit-after"
              checked={afterSource === 'current'}
              disabled={!current}
              onChange={() => setAfterSource('current')}
            />{' '}
            The current audit{current ? ` (${when(current)})` : ' (run one first)'}
          </label>
          <label className="check">
            <input
              type="radio"
              name="audit-after"
              checked={afterSource === 'file'}
              onChange={() => setAfterSource('file')}
            />{' '}
            Another snapshot file
          </label>
          {afterSource === 'file' && (
            <input
              type="file"
              accept=".json,application/json"
              aria-label="After snapshot file"
              onChange={(e) => void read(e.target.files?.[0], setAfter)}
            />
          )}
        </fieldset>
      </div>
      {problem && (
        <p className="error-text" role="alert">
          {problem}
        </p>
      )}
      {!diff && !problem && (
        <p className="muted">
          Save a snapshot of an audit, change permissions, audit again, and compare: every rule
          added, removed or changed (Allow ↔ Deny) shows here.
        </p>
      )}
      {diff && a && b && (
        <>
          <p className="muted small-text">
            From {before?.name} ({when(a)}) to {bName}.
          </p>
          {warning && <p className="tag warn audit-warning">{warning}</p>}
          <div className="toolbar">
            <strong aria-label="Changes counts">{diffCountsText(diff.counts)}</strong>
            <span className="subtabs" role="tablist" aria-label="Group changes">
              {(['grantee', 'item'] as const).map((g) => (
                <button
                  key={g}
                  type="button"
                  role="tab"
                  className="subtab"
                  aria-selected={by === g}
                  onClick={() => setBy(g)}
                >
                  By {g}
                </button>
              ))}
            </span>
            <span className="spacer" />
            <button
              type="button"
              className="small"
              disabled={diff.changes.length === 0}
              onClick={() => saveText(diffCsv(diff), 'trestle-permissions-diff.csv', 'text/csv')}
            >
              Export changes CSV
            </button>
            <button
              type="button"
              className="small"
              disabled={diff.changes.length === 0}
              onClick={() =>
                saveText(diffJson(diff, a, b), 'trestle-permissions-diff.json', 'application/json')
              }
            >
              Export changes JSON
            </button>
          </div>
          {diff.changes.length === 0 ? (
            <p className="empty">No changes: the two audits have the same rules.</p>
          ) : (
            <DiffList rows={rows} />
          )}
        </>
      )}
    </div>
  );
}

function DiffList({ rows }: { rows: DiffRow[] }) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  return (
    <div className="audit-diff" ref={scrollRef} role="list" aria-label="Changes">
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {virtualizer.getVirtualItems().map((v) => {
          const row = rows[v.index];
          const style = { transform: `translateY(${v.start}px)`, height: ROW_HEIGHT };
          return row.kind === 'group' ? (
            <div key={v.key} className="diff-group" role="listitem" style={style}>
              <strong>{row.label}</strong>{' '}
              <span className="muted">{diffCountsText(row.counts)}</span>
            </div>
          ) : (
            <div
              key={v.key}
              className={`diff-change change-${row.change.change}`}
              role="listitem"
              style={style}
              title={diffLine(row.change)}
            >
              {diffLine(row.change)}
              {row.change.rule.projectPath ? (
                <span className="muted"> · in {row.change.rule.projectPath}</span>
              ) : null}
            </div>
          );
        })}
      </div>
    </div>
  );
}
