import { useEffect, useState } from 'react';
import {
  COMMON_FILTER_FIELDS,
  FILTER_OPERATORS,
  formatFilter,
  formatSort,
  parseFilter,
  parseSort,
  type FilterExpression,
  type FilterOperator,
  type SortExpression,
} from '../../shared/filter-syntax';

const OPERATOR_HINTS: Record<FilterOperator, string> = {
  eq: 'equals',
  gt: 'greater than',
  gte: 'greater or equal',
  lt: 'less than',
  lte: 'less or equal',
  in: 'in list',
  has: 'contains',
  cieq: 'equals (any case)',
};

/**
 * Keeps builder rows (which may be half-filled) in step with the query value they write;
 * every change to a row writes the formatted value back through `onChange`.
 */
function useRows<T>(
  text: string,
  parse: (t: string) => T[] | null,
  format: (rows: T[]) => string,
  onChange: (value: string) => void,
) {
  const [rows, setRows] = useState<T[]>(() => parse(text) ?? []);
  useEffect(() => {
    setRows((current) => (format(current) === text ? current : (parse(text) ?? current)));
  }, [text, parse, format]);
  const write = (next: T[]) => {
    setRows(next);
    onChange(format(next));
  };
  return {
    rows,
    valid: parse(text) !== null,
    /** A new, empty row: not written until it is filled in. */
    add: (row: T) => setRows([...rows, row]),
    set: (i: number, patch: Partial<T>) =>
      write(rows.map((r, j) => (j === i ? { ...r, ...patch } : r))),
    remove: (i: number) => write(rows.filter((_, j) => j !== i)),
  };
}

export function FilterBuilder({
  value,
  onChange,
}: {
  value: string;
  onChange(value: string): void;
}) {
  const { rows, valid, add, set, remove } = useRows<FilterExpression>(
    value,
    parseFilter,
    formatFilter,
    onChange,
  );
  return (
    <fieldset className="builder">
      <legend>Filter</legend>
      {!valid && value && (
        <p className="muted small-text">
          The filter is not in field:operator:value form; edit it in the table below.
        </p>
      )}
      {rows.map((row, i) => (
        <div className="builder-row" key={i}>
          <input
            aria-label={`Filter ${i + 1} field`}
            list="filter-fields"
            value={row.field}
            placeholder="field"
            onChange={(e) => set(i, { field: e.target.value })}
          />
          <select
            aria-label={`Filter ${i + 1} operator`}
            value={row.operator}
            onChange={(e) => set(i, { operator: e.target.value as FilterOperator })}
          >
            {FILTER_OPERATORS.map((op) => (
              <option key={op} value={op} title={OPERATOR_HINTS[op]}>
                {op}
              </option>
            ))}
          </select>
          <input
            aria-label={`Filter ${i + 1} value`}
            value={row.value}
            placeholder={
              row.operator === 'in'
                ? 'a,b,c'
                : /At$|Login$/.test(row.field)
                  ? '2024-01-01T00:00:00Z'
                  : 'value'
            }
            onChange={(e) => set(i, { value: e.target.value })}
          />
          <button
            type="button"
            className="icon"
            aria-label={`Remove filter ${i + 1}`}
            onClick={() => remove(i)}
          >
            ×
          </button>
        </div>
      ))}
      <button
        type="button"
        className="small"
        onClick={() => add({ field: '', operator: 'eq', value: '' })}
        disabled={!valid && Boolean(value)}
      >
        Add filter
      </button>
      <datalist id="filter-fields">
        {COMMON_FILTER_FIELDS.map((f) => (
          <option key={f} value={f} />
        ))}
      </datalist>
    </fieldset>
  );
}

export function SortBuilder({ value, onChange }: { value: string; onChange(value: string): void }) {
  const { rows, valid, add, set, remove } = useRows<SortExpression>(
    value,
    parseSort,
    formatSort,
    onChange,
  );
  return (
    <fieldset className="builder">
      <legend>Sort</legend>
      {!valid && value && (
        <p className="muted small-text">
          The sort is not in field:asc|desc form; edit it in the table below.
        </p>
      )}
      {rows.map((row, i) => (
        <div className="builder-row" key={i}>
          <input
            aria-label={`Sort ${i + 1} field`}
            list="filter-fields"
            value={row.field}
            placeholder="field"
            onChange={(e) => set(i, { field: e.target.value })}
          />
          <select
            aria-label={`Sort ${i + 1} direction`}
            value={row.direction}
            onChange={(e) => set(i, { direction: e.target.value as 'asc' | 'desc' })}
          >
            <option value="asc">asc</option>
            <option value="desc">desc</option>
          </select>
          <button
            type="button"
            className="icon"
            aria-label={`Remove sort ${i + 1}`}
            onClick={() => remove(i)}
          >
            ×
          </button>
        </div>
      ))}
      <button
        type="button"
        className="small"
        onClick={() => add({ field: '', direction: 'asc' })}
        disabled={!valid && Boolean(value)}
      >
        Add sort
      </button>
    </fieldset>
  );
}
