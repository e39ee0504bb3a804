import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';
import type { UserRowResult } from '../../shared/bulk/users-ops';

const ROW_HEIGHT = 26;
const TEMPLATE = '52px 180px 86px 90px minmax(200px, 1fr) minmax(200px, 1fr)';

function notes(row: UserRowResult): string {
  return [
    ...row.problems,
    ...(row.error
      ? [
          `${row.error.code} ${row.error.message}${row.error.explanation ? ` — ${row.error.explanation}` : ''}`,
        ]
      : []),
    ...row.warnings.map((w) => `⚠ ${w}`),
  ].join(' ');
}

/**
 * The rows of a users import, its dry run or an undo: line, user, action, state, changes and
 * what is wrong or worth knowing. Virtualized, so a 100,000-row file scrolls as smoothly as ten.
 */
export function UsersPlanTable({ rows, label }: { rows: UserRowResult[]; label: string }) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
  });
  return (
    <div
      className="bulk-table"
      ref={scrollRef}
      role="grid"
      aria-label={label}
      aria-rowcount={rows.length + 1}
    >
      <div className="tr th-row" role="row" style={{ gridTemplateColumns: TEMPLATE }}>
        {['Line', 'User', 'Action', 'State', 'Changes', 'Problems and warnings'].map((h) => (
          <div key={h} className="th" role="columnheader">
            {h}
          </div>
        ))}
      </div>
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }} role="rowgroup">
        {virtualizer.getVirtualItems().map((v) => {
          const row = rows[v.index];
          const text = notes(row);
          return (
            <div
              key={v.key}
              className={`tr action-${row.action} state-${row.state}`}
              role="row"
              aria-rowindex={v.index + 2}
              style={{
                gridTemplateColumns: TEMPLATE,
                transform: `translateY(${v.start}px)`,
                height: ROW_HEIGHT,
              }}
            >
              <div className="td num" role="gridcell">
                {row.line > 0 ? row.line : ''}
              </div>
              <div className="td" role="gridcell" title={row.name}>
                {row.name}
              </div>
              <div className="td" role="gridcell">
                <span className={`tag action ${row.action}`}>{row.action}</span>
              </div>
              <div className="td" role="gridcell">
                {row.state}
              </div>
              <div className="td" role="gridcell" title={row.changes}>
                {row.changes}
              </div>
              <div
                className={`td${row.problems.length || row.error ? ' bad-text' : ''}`}
                role="gridcell"
                title={text}
              >
                {text}
              </div>
            </div>
          );
        })}
      </div>
    </div>
  );
}
