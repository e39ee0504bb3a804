import { useEffect, useRef, useState } from 'react';
import type { ExportView } from '../../shared/ipc/contract';
import { formatCount } from '../lib/format';

export type ExportFormat = 'json' | 'csv';

/** The menu's width (see `.export-menu .popover`). */
const MENU_WIDTH = 320;

interface Props {
  /** What the table shows now; the buttons export exactly that. */
  view: ExportView;
  /** Rows in the view (the filter's matches, or the whole list). */
  rows: number;
  /** Items in the whole list, as the server returned it. */
  listTotal: number;
  /** `view` undefined: everything, every field, in the server's order. */
  onExport(format: ExportFormat, view: ExportView | undefined): void;
}

/**
 * Export CSV / JSON take the table's view — its sort, filter and visible columns — and say
 * so; everything in the server's order is an explicit choice in the menu beside them.
 */
export function ExportMenu({ view, rows, listTotal, onExport }: Props) {
  const [open, setOpen] = useState(false);
  /** The menu opens towards the room it has: leftwards from the right edge, else rightwards. */
  const [alignLeft, setAlignLeft] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent) => {
      if (!ref.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, [open]);

  const what = [
    `${formatCount(rows)} ${rows === 1 ? 'row' : 'rows'}`,
    `${view.columns.length} ${view.columns.length === 1 ? 'column' : 'columns'}`,
    view.sort ? `sorted by ${view.sort.key}` : 'in the server’s order',
    view.filter?.text.trim() ? `filtered by “${view.filter.text.trim()}”` : null,
  ]
    .filter(Boolean)
    .join(', ');
  const everything = (format: ExportFormat) => {
    setOpen(false);
    onExport(format, undefined);
  };
  return (
    <div className="popover-host export-menu" ref={ref}>
      <button
        type="button"
        className="small"
        onClick={() => onExport('csv', view)}
        title={`Export what the table shows as CSV: ${what}`}
      >
        Export CSV
      </button>
      <button
        type="button"
        className="small"
        onClick={() => onExport('json', view)}
        title={`Export what the table shows as JSON: ${what}`}
      >
        Export JSON
      </button>
      <button
        type="button"
        className="small"
        aria-label="More export choices"
        aria-expanded={open}
        onClick={() => {
          // The response pane clips what overflows it: open rightwards when leftwards has no room.
          const box = ref.current?.getBoundingClientRect();
          const pane = ref.current?.closest('.response')?.getBoundingClientRect();
          setAlignLeft(Boolean(box && pane && box.right - MENU_WIDTH < pane.left));
          setOpen(!open);
        }}
      >
        ▾
      </button>
      {open && (
        <div
          className={`popover${alignLeft ? ' align-left' : ''}`}
          role="menu"
          aria-label="Export choices"
        >
          <p className="muted small-text">Export CSV and JSON take the table as shown: {what}.</p>
          <button type="button" role="menuitem" className="small" onClick={() => everything('csv')}>
            Everything as CSV ({formatCount(listTotal)} rows, every field, server order)
          </button>
          <button
            type="button"
            role="menuitem"
            className="small"
            onClick={() => everything('json')}
          >
            Everything as JSON ({formatCount(listTotal)} items as received)
          </button>
        </div>
      )}
    </div>
  );
}
