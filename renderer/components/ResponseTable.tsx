import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { copyText } from '../lib/download';
import { columnsOf, readColumn } from '../lib/flatten';
import { cellText, formatCount } from '../lib/format';
import { useItemWindows, type ItemSort } from '../state/use-item-windows';
import { CellActions } from './CellActions';
import { ColumnChooser } from './ColumnChooser';
import { ForEachRowButton } from './ForEachRowButton';

const ROW_HEIGHT = 24;
const NUMBER_WIDTH = 56;

interface Props {
  responseId: string;
  total: number;
  onNotice(message: string): void;
  /** Set: rows can be ticked, and For each row sends one request per row (issue 14). */
  connectionId?: string;
}

function widthFor(column: string, sample: unknown[]): number {
  const lengths = sample.slice(0, 50).map((item) => cellText(readColumn(item, column)).length);
  const typical = lengths.length
    ? lengths.sort((a, b) => a - b)[Math.floor(lengths.length * 0.8)]
    : 8;
  return Math.round(Math.min(360, Math.max(64, Math.max(column.length, typical) * 7.4 + 18)));
}

/**
 * A Tableau list as a virtualized table fed by `response:slice` windows: only the rows on
 * screen exist in the DOM, and only a bounded number of windows stay in memory. Sorting by a
 * column happens in main, for any size; the windows then come in the sorted order.
 */
export function ResponseTable({ responseId, total, onNotice, connectionId }: Props) {
  const [sort, setSort] = useState<ItemSort | null>(null);
  const { ensure, row, firstWindow, sorting, error } = useItemWindows(responseId, total, sort);
  const scrollRef = useRef<HTMLDivElement>(null);
  const [hidden, setHidden] = useState<Set<string>>(new Set());
  const [selected, setSelected] = useState<{ row: number; column: string } | null>(null);
  /** Rows ticked for For each row, by their place in the view (cleared when the order changes). */
  const [picked, setPicked] = useState<Map<number, unknown>>(new Map());
  const pick = (index: number, item: unknown, on: boolean) =>
    setPicked((current) => {
      const next = new Map(current);
      if (on) next.set(index, item);
      else next.delete(index);
      return next;
    });
  useEffect(() => setPicked(new Map()), [sort]);

  const allColumns = useMemo(() => (firstWindow ? columnsOf(firstWindow) : []), [firstWindow]);
  const columns = allColumns.filter((c) => !hidden.has(c));
  const widths = useMemo(
    () => Object.fromEntries(allColumns.map((c) => [c, widthFor(c, firstWindow ?? [])])),
    [allColumns, firstWindow],
  );
  const template = `${NUMBER_WIDTH}px ${columns.map((c) => `${widths[c]}px`).join(' ')}`;
  const totalWidth = NUMBER_WIDTH + columns.reduce((sum, c) => sum + widths[c], 0);

  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const virtualRows = virtualizer.getVirtualItems();
  const firstIndex = virtualRows[0]?.index ?? 0;
  const lastIndex = virtualRows[virtualRows.length - 1]?.index ?? 0;
  useEffect(() => {
    ensure(firstIndex, lastIndex);
  }, [ensure, firstIndex, lastIndex]);

  /** Ascending, then descending, then back to the order Tableau returned. */
  const toggleSort = (column: string) => {
    setSort(
      sort?.key !== column
        ? { key: column, direction: 'asc' }
        : sort.direction === 'asc'
          ? { key: column, direction: 'desc' }
          : null,
    );
    // Row numbers now point at other items.
    setSelected(null);
  };

  const copySelected = async (whole: boolean) => {
    if (!selected) return;
    const item = row(selected.row);
    if (item === undefined) {
      onNotice(`Row ${selected.row + 1} is not loaded; scroll to it and copy again.`);
      return;
    }
    await copyText(
      whole ? JSON.stringify(item, null, 2) : cellText(readColumn(item, selected.column)),
    );
    onNotice(
      whole
        ? `Copied row ${selected.row + 1} as JSON.`
        : `Copied ${selected.column} of row ${selected.row + 1}.`,
    );
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'c' && selected) {
      event.preventDefault();
      void copySelected(event.shiftKey);
    }
  };

  // Tableau answers zero matches with an empty container (`"users":{}`, totalAvailable 0):
  // there is nothing to read, so the empty state, never an error.
  if (total === 0) {
    return (
      <p className="empty" role="status">
        The list is empty: no items match. Check the filter, or the site you are signed in to.
      </p>
    );
  }
  if (error)
    return (
      <p className="empty" role="alert">
        Could not read the items: {error}
      </p>
    );
  return (
    <div className="table-wrap">
      <div className="toolbar table-toolbar">
        <span className="muted" aria-label="Item count">
          {formatCount(total)} {total === 1 ? 'item' : 'items'}
        </span>
        {sort && (
          <span className="muted" aria-label="Table order" aria-live="polite">
            sorted by {sort.key} {sort.direction === 'asc' ? 'ascending' : 'descending'}
            {sorting && ' · sorting…'}
          </span>
        )}
        <span className="spacer" />
        <button
          type="button"
          className="small"
          disabled={!selected}
          onClick={() => void copySelected(false)}
          title="Ctrl+C"
        >
          Copy cell
        </button>
        <button
          type="button"
          className="small"
          disabled={!selected}
          onClick={() => void copySelected(true)}
          title="Ctrl+Shift+C"
        >
          Copy row
        </button>
        {selected && (
          <CellActions
            column={selected.column}
            onNotice={onNotice}
            value={() => {
              const item = row(selected.row);
              return item === undefined ? null : cellText(readColumn(item, selected.column));
            }}
          />
        )}
        {connectionId && (
          <ForEachRowButton
            connectionId={connectionId}
            responseId={responseId}
            total={total}
            selected={picked.size ? [...picked.values()] : null}
            columns={allColumns}
          />
        )}
        <ColumnChooser columns={allColumns} hidden={hidden} onChange={setHidden} />
      </div>
      <div
        className="response-table"
        ref={scrollRef}
        data-testid="response-table"
        role="grid"
        aria-label="Response items"
        aria-rowcount={total + 1}
        aria-colcount={columns.length + 1}
        aria-busy={sorting}
        tabIndex={0}
        onKeyDown={onKeyDown}
      >
        <div className="thead" role="rowgroup" style={{ width: totalWidth }}>
          <div
            className="tr"
            role="row"
            aria-rowindex={1}
            style={{ gridTemplateColumns: template }}
          >
            <div className="th num" role="columnheader">
              #
            </div>
            {columns.map((column) => (
              <div
                key={column}
                className="th"
                role="columnheader"
                aria-sort={
                  sort?.key === column
                    ? sort.direction === 'asc'
                      ? 'ascending'
                      : 'descending'
                    : 'none'
                }
              >
                <button
                  type="button"
                  className="link"
                  onClick={() => toggleSort(column)}
                  title={`Sort by ${column}`}
                >
                  {column}
                  {sort?.key === column ? (sort.direction === 'asc' ? ' ▲' : ' ▼') : ''}
                </button>
              </div>
            ))}
          </div>
        </div>
        <div
          className="tbody"
          role="rowgroup"
          style={{ height: virtualizer.getTotalSize(), width: totalWidth }}
        >
          {virtualRows.map((virtualRow) => {
            const item = row(virtualRow.index);
            return (
              <div
                key={virtualRow.key}
                className={`tr${item === undefined ? ' loading' : ''}`}
                role="row"
                aria-rowindex={virtualRow.index + 2}
                style={{
                  gridTemplateColumns: template,
                  transform: `translateY(${virtualRow.start}px)`,
                  height: ROW_HEIGHT,
                }}
              >
                <div className="td num" role="rowheader">
                  {connectionId && item !== undefined && (
                    <input
                      type="checkbox"
                      className="row-pick"
                      aria-label={`Select row ${virtualRow.index + 1}`}
                      checked={picked.has(virtualRow.index)}
                      onChange={(e) => pick(virtualRow.index, item, e.target.checked)}
                    />
                  )}
                  {virtualRow.index + 1}
                </div>
                {columns.map((column) => {
                  const text = item === undefined ? '' : cellText(readColumn(item, column));
                  const isSelected =
                    selected?.row === virtualRow.index && selected.column === column;
                  return (
                    <div
                      key={column}
                      className={`td${isSelected ? ' selected' : ''}`}
                      role="gridcell"
                      aria-selected={isSelected}
                      title={text.length > 40 ? text : undefined}
                      onClick={() => setSelected({ row: virtualRow.index, column })}
                    >
                      {text}
                    </div>
                  );
                })}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
