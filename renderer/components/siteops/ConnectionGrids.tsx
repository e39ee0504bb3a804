import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef, type ReactNode } from 'react';
import { connectionKey } from '../../../shared/siteops/connection-view';
import type {
  ConnectionFields,
  ListedConnection,
  RotatedConnection,
} from '../../../shared/siteops/connections';

const ROW_HEIGHT = 26;

/** A virtualized grid: a sticky header and only the rows in view in the DOM. */
function VirtualGrid<T>({
  label,
  headers,
  template,
  rows,
  rowKey,
  rowClass,
  rowLabel,
  cells,
  rowHeight = ROW_HEIGHT,
}: {
  rowHeight?: number;
  label: string;
  headers: ReactNode[];
  template: string;
  rows: readonly T[];
  rowKey(row: T): string;
  rowClass?(row: T): string;
  rowLabel(row: T): string;
  cells(row: T): ReactNode[];
}) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 10,
    getItemKey: (i) => rowKey(rows[i]),
  });
  return (
    <div
      className="conn-grid"
      ref={scrollRef}
      role="grid"
      aria-label={label}
      aria-rowcount={rows.length + 1}
    >
      <div className="tr th-row" role="row" style={{ gridTemplateColumns: template }}>
        {headers.map((h, i) => (
          <div key={i} className="th" role="columnheader">
            {h}
          </div>
        ))}
      </div>
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }} role="rowgroup">
        {virtualizer.getVirtualItems().map((v) => {
          const row = rows[v.index];
          return (
            <div
              key={v.key}
              className={`tr ${rowClass?.(row) ?? ''}`}
              role="row"
              aria-label={rowLabel(row)}
              aria-rowindex={v.index + 2}
              style={{
                gridTemplateColumns: template,
                transform: `translateY(${v.start}px)`,
                height: rowHeight,
              }}
            >
              {cells(row).map((cell, i) => (
                <div key={i} className="td" role="gridcell">
                  {cell}
                </div>
              ))}
            </div>
          );
        })}
      </div>
      {rows.length === 0 && <p className="muted conn-grid-empty">No connections.</p>}
    </div>
  );
}

function Item({ itemType, itemName }: { itemType: string; itemName: string }) {
  return (
    <span title={itemName}>
      <span className={`tag item-type ${itemType}`}>
        {itemType === 'workbook' ? 'workbook' : 'data source'}
      </span>{' '}
      {itemName}
    </span>
  );
}

const LIST_TEMPLATE =
  '30px minmax(200px, 2fr) minmax(110px, 1fr) 100px minmax(180px, 2fr) 60px minmax(100px, 1fr) 104px';

/** Every listed connection, with a checkbox to pick it. */
export function ConnectionListGrid({
  rows,
  selected,
  onToggle,
}: {
  rows: readonly ListedConnection[];
  selected: ReadonlySet<string>;
  onToggle(key: string, on: boolean): void;
}) {
  return (
    <VirtualGrid<ListedConnection>
      label="Connections"
      template={LIST_TEMPLATE}
      headers={['', 'Item', 'Project', 'Type', 'Server address', 'Port', 'User name', 'Embedded']}
      rows={rows}
      rowKey={connectionKey}
      rowClass={(c) => (selected.has(connectionKey(c)) ? 'selected' : '')}
      rowLabel={(c) =>
        `${c.itemName} ${c.type} ${c.fields.serverAddress || '(no server)'} ${c.fields.userName}`
      }
      cells={(c) => {
        const key = connectionKey(c);
        return [
          <input
            key="pick"
            type="checkbox"
            aria-label={`Select ${c.itemName}: ${c.type} ${c.fields.serverAddress}`}
            checked={selected.has(key)}
            onChange={(e) => onToggle(key, e.target.checked)}
          />,
          <Item key="item" itemType={c.itemType} itemName={c.itemName} />,
          <span key="project" title={c.projectName}>
            {c.projectName}
          </span>,
          c.type,
          <span key="server" className="mono" title={c.fields.serverAddress}>
            {c.fields.serverAddress || <span className="muted">(none)</span>}
          </span>,
          <span key="port" className="mono">
            {c.fields.serverPort}
          </span>,
          <span key="user" title={c.fields.userName}>
            {c.fields.userName}
          </span>,
          c.fields.embedPassword ? 'embedded' : <span className="muted">not embedded</span>,
        ];
      }}
    />
  );
}

const FIELD_NAMES: Record<keyof ConnectionFields, string> = {
  serverAddress: 'server',
  serverPort: 'port',
  userName: 'user',
  embedPassword: 'embedded',
};

const shown = (f: ConnectionFields, field: keyof ConnectionFields) =>
  field === 'embedPassword' ? (f.embedPassword ? 'yes' : 'no') : f[field] || '(none)';

/** Each changed field as "field before → after"; the password only as "new". */
function changesText(c: RotatedConnection): string {
  const parts = (Object.keys(FIELD_NAMES) as (keyof ConnectionFields)[])
    .filter((f) => c.before[f] !== c.after[f])
    .map((f) => `${FIELD_NAMES[f]} ${shown(c.before, f)} → ${shown(c.after, f)}`);
  if (c.passwordChanged) parts.push('password new (hidden)');
  return parts.join(' · ');
}

function Changes({ c }: { c: RotatedConnection }) {
  const fields = (Object.keys(FIELD_NAMES) as (keyof ConnectionFields)[]).filter(
    (f) => c.before[f] !== c.after[f],
  );
  if (fields.length === 0 && !c.passwordChanged)
    return (
      <span className="muted">
        {c.before.serverAddress || '(no server)'}
        {c.before.userName && ` · ${c.before.userName}`}
      </span>
    );
  return (
    <span className="conn-changes" title={changesText(c)}>
      {fields.map((f) => (
        <span key={f} className="conn-change">
          <span className="muted">{FIELD_NAMES[f]}</span> <del>{shown(c.before, f)}</del> →{' '}
          <ins>{shown(c.after, f)}</ins>
        </span>
      ))}
      {c.passwordChanged && (
        <span className="conn-change">
          <span className="muted">password</span> <ins>new (hidden)</ins>
        </span>
      )}
      {c.state === 'failed' && <span className="bad-text">(not applied)</span>}
    </span>
  );
}

const CHANGE_TEMPLATE = 'minmax(180px, 1.2fr) 96px minmax(320px, 3fr) 92px minmax(160px, 1.3fr)';

const STATE_TEXT: Record<RotatedConnection['state'], string> = {
  planned: 'will change',
  updated: 'updated',
  failed: 'failed',
  skipped: 'not changed',
};

/** Per connection, before → after for each changed field, its state and what went wrong. */
export function ConnectionChangeGrid({
  label,
  rows,
}: {
  label: string;
  rows: readonly RotatedConnection[];
}) {
  return (
    <VirtualGrid<RotatedConnection>
      label={label}
      template={CHANGE_TEMPLATE}
      rowHeight={40}
      headers={['Item', 'Type', 'Change (before → after)', 'State', 'Why']}
      rows={rows}
      rowKey={connectionKey}
      rowClass={(c) => `state-${c.state}`}
      rowLabel={(c) => `${c.itemName} ${c.type} ${c.before.serverAddress}`}
      cells={(c) => [
        <Item key="item" itemType={c.itemType} itemName={c.itemName} />,
        c.type,
        <Changes key="changes" c={c} />,
        <span key="state" className={`conn-state ${c.state}`}>
          {STATE_TEXT[c.state]}
        </span>,
        <span
          key="why"
          className="conn-why"
          title={c.error ? `${c.error.code}: ${c.error.message}` : ''}
        >
          {c.error ? (c.state === 'failed' ? `${c.error.code}: ` : '') + c.error.message : ''}
        </span>,
      ]}
    />
  );
}
