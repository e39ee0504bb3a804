import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { ExportView } from '../../shared/ipc/contract';
import {
  cellText,
  DEFAULT_TABLE_STATE,
  identifyingColumn,
  isNested,
  readColumn,
  tableColumns,
  type TableState,
} from '../../shared/table-view';
import { copyText } from '../lib/download';
import { formatCount } from '../lib/format';
import { useItemWindows } from '../state/use-item-windows';
import { CellDetail } from './CellDetail';
import { CellActions } from './CellActions';
import { ColumnChooser } from './ColumnChooser';
import { ExportMenu, type ExportFormat } from './ExportMenu';
import { ForEachRowButton } from './ForEachRowButton';
import { QuickFilterBox } from './QuickFilterBox';

const ROW_HEIGHT = 24;
/** Six digits of row number (100,000 rows) and the cell padding; more with a row's tick box. */
const NUMBER_WIDTH = 64;
const PICKABLE_NUMBER_WIDTH = 86;
/** About one character of the table's 12px font, to tell when a cell's text is cut. */
const CHAR_WIDTH = 6.4;
/** The filter goes to main once typing pauses this long. */
const FILTER_DELAY_MS = 150;
const SCROLL_SAVE_DELAY_MS = 300;

interface Props {
  responseId: string;
  total: number;
  onNotice(message: string): void;
  /** The tab's table state (kept with the tab); absent: the defaults. */
  state?: TableState;
  onState?(patch: Partial<TableState>): void;
  onExport?(format: ExportFormat, view: ExportView | undefined): void;
  /** Set: rows can be ticked, and For each row sends one request per row (issue 14). */
  connectionId?: string;
}

function widthFor(column: string, sample: unknown[]): number {
  const lengths = sample.slice(0, 50).map((item) => cellText(readColumn(item, column)).length);
  const typical = lengths.length
    ? lengths.sort((a, b) => a - b)[Math.floor(lengths.length * 0.8)]
    : 8;
  // Room for the name and a sort arrow, so the arrow shows on a narrow column too.
  return Math.round(Math.min(360, Math.max(72, Math.max(column.length + 2, typical) * 7.4 + 18)));
}

/**
 * A Tableau list as a virtualized table fed by `response:slice` windows: only the rows on
 * screen exist in the DOM, and only a bounded number of windows stay in memory. Sorting and
 * the quick filter happen in main, for any size; the windows then come in that view. Its
 * state (sort, filter, columns, scroll) belongs to the tab and comes back with it.
 */
export function ResponseTable({
  responseId,
  total,
  onNotice,
  state,
  onState,
  onExport,
  connectionId,
}: Props) {
  // Without a tab to keep it (tests, embedded uses), the table keeps its own state.
  const [ownState, setOwnState] = useState<TableState>(state ?? DEFAULT_TABLE_STATE);
  const table = state ?? ownState;
  const change = (patch: Partial<TableState>) =>
    onState ? onState(patch) : setOwnState((s) => ({ ...s, ...patch }));
  const onStateRef = useRef(change);
  onStateRef.current = change;
  const { sort, frozen } = table;
  const hidden = useMemo(() => new Set(table.hidden), [table.hidden]);

  const [filterText, setFilterText] = useState(table.filter);
  const [appliedFilter, setAppliedFilter] = useState(table.filter);
  useEffect(() => {
    if (filterText === appliedFilter) return;
    const timer = window.setTimeout(() => {
      setAppliedFilter(filterText);
      onStateRef.current({ filter: filterText });
    }, FILTER_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [filterText, appliedFilter]);

  const scrollRef = useRef<HTMLDivElement>(null);
  const [selected, setSelected] = useState<{ row: number; column: string } | null>(null);
  /** Rows ticked for For each row, by their place in the view (cleared when the view changes). */
  const [picked, setPicked] = useState<Map<number, unknown>>(new Map());
  const pick = (index: number, item: unknown, on: boolean) =>
    setPicked((current) => {
      const next = new Map(current);
      if (on) next.set(index, item);
      else next.delete(index);
      return next;
    });

  // The columns are read from the list as received (its first window) and do not move with
  // the view; until they are known the filter waits, since bare words look in visible columns.
  const [allColumns, setAllColumns] = useState<string[]>([]);
  const visibleColumns = allColumns.filter((c) => !hidden.has(c));
  const pinned = frozen ? identifyingColumn(visibleColumns) : null;
  const columns = pinned ? [pinned, ...visibleColumns.filter((c) => c !== pinned)] : visibleColumns;
  const columnsKey = columns.join('\n');
  const quickFilter = useMemo(
    () =>
      appliedFilter.trim() && columnsKey
        ? { text: appliedFilter, columns: columnsKey.split('\n') }
        : null,
    [appliedFilter, columnsKey],
  );
  const windows = useItemWindows(responseId, total, sort, quickFilter);
  useEffect(() => setPicked(new Map()), [sort, quickFilter]);
  const { ensure, row, firstWindow, sorting, error, loaded } = windows;
  const viewTotal = quickFilter ? windows.total : total;
  useEffect(() => {
    if (firstWindow && allColumns.length === 0) setAllColumns(tableColumns(firstWindow));
  }, [firstWindow, allColumns.length]);

  const widths = useMemo(
    () => Object.fromEntries(allColumns.map((c) => [c, widthFor(c, firstWindow ?? [])])),
    [allColumns, firstWindow],
  );
  const numberWidth = connectionId ? PICKABLE_NUMBER_WIDTH : NUMBER_WIDTH;
  const template = `${numberWidth}px ${columns.map((c) => `${widths[c]}px`).join(' ')}`;
  const totalWidth = numberWidth + columns.reduce((sum, c) => sum + widths[c], 0);

  const virtualizer = useVirtualizer({
    count: viewTotal,
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

  // Scroll position: put back once the rows are there, kept (quietly) as the user scrolls.
  const restored = useRef(false);
  const scrollPosition = useRef({ top: table.scrollTop, left: table.scrollLeft });
  const saved = useRef({ top: table.scrollTop, left: table.scrollLeft });
  // Once the tab's own view (its sort and filter) has its rows, not an earlier one.
  const viewReady = loaded && columns.length > 0 && (!appliedFilter.trim() || quickFilter !== null);
  useEffect(() => {
    const el = scrollRef.current;
    if (restored.current || !el || !viewReady) return;
    restored.current = true;
    if (table.scrollFor !== responseId) return;
    el.scrollTop = table.scrollTop;
    el.scrollLeft = table.scrollLeft;
  }, [viewReady, table.scrollTop, table.scrollLeft, table.scrollFor, responseId]);
  const responseIdRef = useRef(responseId);
  responseIdRef.current = responseId;
  const saveTimer = useRef<number | null>(null);
  const saveScroll = useRef(() => {
    saveTimer.current = null;
    const { top, left } = scrollPosition.current;
    if (top === saved.current.top && left === saved.current.left) return;
    saved.current = { top, left };
    onStateRef.current({ scrollTop: top, scrollLeft: left, scrollFor: responseIdRef.current });
  });
  const onScroll = () => {
    const el = scrollRef.current;
    if (!el || !restored.current) return;
    scrollPosition.current = { top: el.scrollTop, left: el.scrollLeft };
    if (saveTimer.current !== null) window.clearTimeout(saveTimer.current);
    saveTimer.current = window.setTimeout(saveScroll.current, SCROLL_SAVE_DELAY_MS);
  };
  useEffect(
    () => () => {
      // Leaving the tab: keep where the table was.
      if (saveTimer.current !== null) window.clearTimeout(saveTimer.current);
      saveScroll.current();
    },
    [],
  );

  /** Ascending, then descending, then back to the order Tableau returned. */
  const toggleSort = (column: string) => {
    change({
      sort:
        sort?.key !== column
          ? { key: column, direction: 'asc' }
          : sort.direction === 'asc'
            ? { key: column, direction: 'desc' }
            : null,
    });
    // Row numbers now point at other items.
    setSelected(null);
  };

  const selectedItem = selected ? row(selected.row) : undefined;
  const selectedValue =
    selected && selectedItem !== undefined ? readColumn(selectedItem, selected.column) : undefined;

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
  const exportView: ExportView = {
    ...(sort ? { sort } : {}),
    ...(quickFilter ? { filter: quickFilter } : {}),
    columns: columns.length ? columns : allColumns,
  };
  const frozenCandidate = identifyingColumn(visibleColumns);
  return (
    <div className="table-wrap">
      <div className="toolbar table-toolbar">
        <span className="muted" aria-label="Item count">
          {formatCount(total)} {total === 1 ? 'item' : 'items'}
        </span>
        <QuickFilterBox
          value={filterText}
          onChange={setFilterText}
          matches={quickFilter && loaded ? viewTotal : null}
          total={total}
        />
        {sort && (
          <span className="muted" aria-label="Table order" aria-live="polite">
            sorted by {sort.key} {sort.direction === 'asc' ? 'ascending' : 'descending'}
            {sorting && ' · sorting…'}
          </span>
        )}
        <span className="spacer" />
        {frozenCandidate && (
          <label
            className="check small-text"
            title={`Keep ${frozenCandidate} in view while scrolling sideways`}
          >
            <input
              type="checkbox"
              checked={frozen}
              onChange={(e) => change({ frozen: e.target.checked })}
            />{' '}
            Freeze {frozenCandidate}
          </label>
        )}
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
        <ColumnChooser
          columns={allColumns}
          hidden={hidden}
          onChange={(next) => change({ hidden: [...next] })}
        />
        {connectionId && (
          <ForEachRowButton
            connectionId={connectionId}
            responseId={responseId}
            total={total}
            selected={picked.size ? [...picked.values()] : null}
            columns={allColumns}
          />
        )}
        {onExport && (
          <ExportMenu view={exportView} rows={viewTotal} listTotal={total} onExport={onExport} />
        )}
      </div>
      {selected && isNested(selectedValue) && (
        <CellDetail
          column={selected.column}
          row={selected.row}
          value={selectedValue}
          onCopy={(json) =>
            void copyText(json).then(() =>
              onNotice(`Copied ${selected.column} of row ${selected.row + 1} as JSON.`),
            )
          }
          onClose={() => setSelected(null)}
        />
      )}
      <div
        className="response-table"
        ref={scrollRef}
        data-testid="response-table"
        role="grid"
        aria-label="Response items"
        aria-rowcount={viewTotal + 1}
        aria-colcount={columns.length + 1}
        aria-busy={sorting}
        tabIndex={0}
        onKeyDown={onKeyDown}
        onScroll={onScroll}
        // The frozen column sits just right of the row numbers.
        style={{ ['--number-width' as string]: `${numberWidth}px` }}
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
                className={`th${column === pinned ? ' frozen' : ''}`}
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
                  <span className="th-name">{column}</span>
                  {sort?.key === column && (
                    <span className="sort-arrow">{sort.direction === 'asc' ? ' ▲' : ' ▼'}</span>
                  )}
                </button>
              </div>
            ))}
          </div>
        </div>
        {quickFilter && loaded && viewTotal === 0 && (
          <p className="empty table-no-match" role="status">
            No row matches “{appliedFilter.trim()}”. Words are looked for in the visible columns;
            column:value in that column only.
          </p>
        )}
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
                  const value = item === undefined ? undefined : readColumn(item, column);
                  const text = cellText(value);
                  const isSelected =
                    selected?.row === virtualRow.index && selected.column === column;
                  const cut = text.length * CHAR_WIDTH > widths[column] - 16;
                  return (
                    <div
                      key={column}
                      className={`td${isSelected ? ' selected' : ''}${column === pinned ? ' frozen' : ''}${isNested(value) ? ' nested' : ''}`}
                      role="gridcell"
                      aria-selected={isSelected}
                      title={cut ? text : undefined}
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
