import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef, type KeyboardEvent } from 'react';
import {
  itemTypeLabel,
  type AuditSort,
  type AuditSortColumn,
} from '../../../shared/siteops/audit-view';
import type { AuditRule } from '../../../shared/siteops/permissions';

const ROW_HEIGHT = 26;
const TEMPLATE =
  'minmax(160px, 1.4fr) 190px minmax(120px, 1fr) minmax(170px, 1.2fr) 130px 60px 112px';

const COLUMNS: { column: AuditSortColumn; label: string }[] = [
  { column: 'itemName', label: 'Item' },
  { column: 'itemType', label: 'Type' },
  { column: 'projectPath', label: 'Project path' },
  { column: 'granteeName', label: 'Grantee' },
  { column: 'capability', label: 'Capability' },
  { column: 'mode', label: 'Mode' },
  { column: 'source', label: 'From' },
];

/** Where a rule comes from, as the table says it. */
const SOURCE_TEXT: Record<AuditRule['source'], string> = {
  item: 'the item',
  'locked project': 'locked project',
  'project default': 'project default',
};

interface Props {
  rules: readonly AuditRule[];
  sort: AuditSort | null;
  onSort(sort: AuditSort | null): void;
  /** The rule picked (its item is the one effective permissions are shown for). */
  selected: AuditRule | null;
  onSelect(rule: AuditRule): void;
}

/**
 * The audit's rules as a virtualized grid: tens of thousands of rows, only those on screen in
 * the DOM. A header click sorts by that column, again reverses, a third time goes back to the
 * audit's own order (item by item, as the server listed them).
 */
export function AuditRulesTable({ rules, sort, onSort, selected, onSelect }: Props) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rules.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const cycle = (column: AuditSortColumn) =>
    onSort(
      sort?.column !== column
        ? { column, descending: false }
        : !sort.descending
          ? { column, descending: true }
          : null,
    );
  const onKey = (event: KeyboardEvent, rule: AuditRule) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      onSelect(rule);
    }
  };
  return (
    <div
      className="audit-table"
      ref={scrollRef}
      role="grid"
      aria-label="Permission rules"
      aria-rowcount={rules.length + 1}
    >
      <div className="tr th-row" role="row" style={{ gridTemplateColumns: TEMPLATE }}>
        {COLUMNS.map(({ column, label }) => (
          <div
            key={column}
            className="th"
            role="columnheader"
            aria-sort={
              sort?.column === column ? (sort.descending ? 'descending' : 'ascending') : 'none'
            }
          >
            <button type="button" className="link" onClick={() => cycle(column)}>
              {label}
              {sort?.column === column ? (sort.descending ? ' ▾' : ' ▴') : ''}
            </button>
          </div>
        ))}
      </div>
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }} role="rowgroup">
        {virtualizer.getVirtualItems().map((v) => {
          const rule = rules[v.index];
          const isSelected = rule === selected;
          return (
            <div
              key={v.key}
              className={`tr${isSelected ? ' selected' : ''}`}
              role="row"
              aria-rowindex={v.index + 2}
              aria-selected={isSelected}
              tabIndex={0}
              onClick={() => onSelect(rule)}
              onKeyDown={(e) => onKey(e, rule)}
              style={{
                gridTemplateColumns: TEMPLATE,
                transform: `translateY(${v.start}px)`,
                height: ROW_HEIGHT,
              }}
            >
              <div className="td" role="gridcell" title={rule.itemName}>
                {rule.itemName}
              </div>
              <div className="td" role="gridcell">
                {itemTypeLabel(rule.itemType)}
              </div>
              <div className="td" role="gridcell" title={rule.projectPath}>
                {rule.projectPath}
              </div>
              <div className="td" role="gridcell" title={`${rule.granteeType} ${rule.granteeName}`}>
                <span className={`tag grantee-${rule.granteeType}`}>{rule.granteeType}</span>{' '}
                {rule.granteeName}
              </div>
              <div className="td" role="gridcell">
                {rule.capability}
              </div>
              <div className={`td mode-${rule.mode.toLowerCase()}`} role="gridcell">
                {rule.mode}
              </div>
              <div className="td" role="gridcell">
                {SOURCE_TEXT[rule.source]}
              </div>
            </div>
          );
        })}
      </div>
      {rules.length === 0 && <p className="empty">No rule matches.</p>}
    </div>
  );
}
