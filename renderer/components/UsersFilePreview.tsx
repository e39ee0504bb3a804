import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState } from 'react';
import type { UsersFileRow } from '../../shared/bulk/users-ops';
import { call } from '../api';
import { formatCount } from '../lib/format';

const ROW_HEIGHT = 26;
/** Rows asked of main at a time. */
const PAGE = 200;
const TEMPLATE = '64px 180px 120px minmax(140px, 1fr) 140px 120px minmax(200px, 1.4fr)';

function notes(row: UsersFileRow): string {
  return [...row.problems, ...row.warnings.map((w) => `⚠ ${w}`)].join(' ');
}

/**
 * A users file as main read it (issue 14): every row, virtualized, fetched from main a page at
 * a time as it scrolls into view, so a 100,000-row file costs the renderer what is on screen.
 * "Problems only" shows the rows that will never be sent, with their line in the file.
 */
export function UsersFilePreview({
  fileId,
  rows,
  invalid,
}: {
  fileId: string;
  rows: number;
  invalid: number;
}) {
  const [only, setOnly] = useState<'all' | 'problems'>('all');
  const [pages, setPages] = useState<Map<number, UsersFileRow[]>>(new Map());
  const asked = useRef(new Set<number>());
  const scrollRef = useRef<HTMLDivElement>(null);
  const count = only === 'problems' ? invalid : rows;

  // A new file or view starts over; answers for an older one are dropped.
  const generation = useRef(0);
  useEffect(() => {
    generation.current++;
    asked.current = new Set();
    setPages(new Map());
    scrollRef.current?.scrollTo({ top: 0 });
  }, [fileId, only]);

  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 20,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items.at(-1)?.index ?? 0;

  useEffect(() => {
    if (count === 0) return;
    const mine = generation.current;
    for (let page = Math.floor(first / PAGE); page <= Math.floor(last / PAGE); page++) {
      if (asked.current.has(page)) continue;
      asked.current.add(page);
      call('bulk:usersFileRows', fileId, { offset: page * PAGE, limit: PAGE, only }).then(
        (slice) => {
          if (generation.current === mine) setPages((p) => new Map(p).set(page, slice.rows));
        },
        () => {
          if (generation.current === mine) asked.current.delete(page);
        },
      );
    }
  }, [fileId, only, first, last, count]);

  return (
    <div className="bulk-preview users-file-preview">
      <div className="bulk-preview-bar">
        <span className="muted">
          {only === 'problems'
            ? `${formatCount(invalid)} rows with problems (never sent)`
            : `${formatCount(rows)} rows, as read in Trestle’s main process`}
        </span>
        <label className="check">
          <input
            type="checkbox"
            checked={only === 'problems'}
            disabled={invalid === 0}
            onChange={(e) => setOnly(e.target.checked ? 'problems' : 'all')}
          />{' '}
          Problems only
        </label>
      </div>
      <div
        className="bulk-table"
        ref={scrollRef}
        role="grid"
        aria-label="File preview"
        aria-rowcount={count + 1}
      >
        <div className="tr th-row" role="row" style={{ gridTemplateColumns: TEMPLATE }}>
          {[
            'Line',
            'User',
            'Site role',
            'Email',
            'Full name',
            'Groups',
            'Problems and warnings',
          ].map((h) => (
            <div key={h} className="th" role="columnheader">
              {h}
            </div>
          ))}
        </div>
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }} role="rowgroup">
          {items.map((v) => {
            const row = pages.get(Math.floor(v.index / PAGE))?.[v.index % PAGE];
            const text = row ? notes(row) : '';
            return (
              <div
                key={v.key}
                className={`tr${row?.problems.length ? ' action-invalid' : ''}`}
                role="row"
                aria-rowindex={v.index + 2}
                style={{
                  gridTemplateColumns: TEMPLATE,
                  transform: `translateY(${v.start}px)`,
                  height: ROW_HEIGHT,
                }}
              >
                {row ? (
                  <>
                    <div className="td num" role="gridcell">
                      {row.line}
                    </div>
                    <div className="td" role="gridcell" title={row.name}>
                      {row.name}
                    </div>
                    <div className="td" role="gridcell">
                      {row.siteRole ?? ''}
                    </div>
                    <div className="td" role="gridcell" title={row.email ?? ''}>
                      {row.email ?? ''}
                    </div>
                    <div className="td" role="gridcell" title={row.fullName ?? ''}>
                      {row.fullName ?? ''}
                    </div>
                    <div className="td" role="gridcell" title={row.groups?.join(', ') ?? ''}>
                      {row.groups?.join(', ') ?? ''}
                    </div>
                    <div
                      className={`td${row.problems.length ? ' bad-text' : ''}`}
                      role="gridcell"
                      title={text}
                    >
                      {text}
                    </div>
                  </>
                ) : (
                  <div className="td muted" role="gridcell">
                    …
                  </div>
                )}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
