import { useEffect, useRef, useState } from 'react';

interface Props {
  columns: string[];
  hidden: Set<string>;
  onChange(hidden: Set<string>): void;
}

/** Which columns the table shows. */
export function ColumnChooser({ columns, hidden, onChange }: Props) {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent) => {
      if (!ref.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, [open]);
  const toggle = (column: string) => {
    const next = new Set(hidden);
    if (next.has(column)) next.delete(column);
    else next.add(column);
    onChange(next);
  };
  return (
    <div className="popover-host" ref={ref}>
      <button type="button" className="small" aria-expanded={open} onClick={() => setOpen(!open)}>
        Columns {columns.length - hidden.size}/{columns.length}
      </button>
      {open && (
        <div className="popover" role="group" aria-label="Columns">
          <div className="toolbar">
            <button type="button" className="small" onClick={() => onChange(new Set())}>
              Show all
            </button>
            <button
              type="button"
              className="small"
              onClick={() => onChange(new Set(columns.filter((c) => c !== 'id' && c !== 'name')))}
            >
              Only id, name
            </button>
          </div>
          {columns.map((column) => (
            <label key={column} className="check">
              <input
                type="checkbox"
                checked={!hidden.has(column)}
                onChange={() => toggle(column)}
              />{' '}
              <span className="mono">{column}</span>
            </label>
          ))}
        </div>
      )}
    </div>
  );
}
