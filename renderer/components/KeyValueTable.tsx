interface Row {
  name: string;
  value: string;
  enabled: boolean;
}

interface Props {
  /** "Query parameter" or "Header": used in every control's accessible name. */
  noun: string;
  rows: Row[];
  onChange(rows: Row[]): void;
  /** Suggestions for the name column. */
  names?: string[];
}

/** Name/value rows with an on/off box each, and an empty row at the end to add one. */
export function KeyValueTable({ noun, rows, onChange, names }: Props) {
  const listId = names ? `names-${noun.replace(/\W/g, '')}` : undefined;
  const set = (index: number, patch: Partial<Row>) => {
    const next = [...rows];
    if (index === rows.length) next.push({ name: '', value: '', enabled: true, ...patch });
    else next[index] = { ...next[index], ...patch };
    onChange(next.filter((r, i) => i !== index || r.name !== '' || r.value !== ''));
  };
  const all = [...rows, { name: '', value: '', enabled: true }];
  return (
    <table className="kv">
      <thead>
        <tr>
          <th aria-label="On" />
          <th>Name</th>
          <th>Value</th>
          <th aria-label="Remove" />
        </tr>
      </thead>
      <tbody>
        {all.map((row, index) => {
          const isNew = index === rows.length;
          const label = isNew ? `New ${noun.toLowerCase()}` : `${noun} ${row.name || index + 1}`;
          return (
            <tr key={index} className={row.enabled ? '' : 'off'}>
              <td>
                {!isNew && (
                  <input
                    type="checkbox"
                    aria-label={`${label} on`}
                    checked={row.enabled}
                    onChange={(e) => set(index, { enabled: e.target.checked })}
                  />
                )}
              </td>
              <td>
                <input
                  aria-label={`${label} name`}
                  list={listId}
                  value={row.name}
                  // A value without a name is kept (and saved) but not sent until it has one.
                  className={!isNew && !row.name.trim() ? 'unnamed' : undefined}
                  title={
                    !isNew && !row.name.trim() ? 'No name yet: this row is not sent' : undefined
                  }
                  placeholder={isNew ? 'name' : 'name (not sent without one)'}
                  spellCheck={false}
                  onChange={(e) => set(index, { name: e.target.value })}
                />
              </td>
              <td>
                <input
                  aria-label={`${label} value`}
                  value={row.value}
                  placeholder={isNew ? 'value' : ''}
                  spellCheck={false}
                  onChange={(e) => set(index, { value: e.target.value })}
                />
              </td>
              <td>
                {!isNew && (
                  <button
                    type="button"
                    className="icon"
                    aria-label={`Remove ${label.toLowerCase()}`}
                    onClick={() => onChange(rows.filter((_, i) => i !== index))}
                  >
                    ×
                  </button>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
      {listId && (
        <datalist id={listId}>
          {names?.map((n) => (
            <option key={n} value={n} />
          ))}
        </datalist>
      )}
    </table>
  );
}
