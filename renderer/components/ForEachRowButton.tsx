import { useState } from 'react';
import { ForEachRowDialog } from './ForEachRowDialog';

interface Props {
  connectionId: string;
  responseId: string;
  total: number;
  /** The rows ticked in the table; null: none ticked, so every row. */
  selected: unknown[] | null;
  columns: string[];
}

/** "For each row…" in the table's toolbar: the ticked rows, or all of them. */
export function ForEachRowButton({ connectionId, responseId, total, selected, columns }: Props) {
  /** The rows as they were ticked when the dialog opened ('all': every row). */
  const [open, setOpen] = useState<{ rows: unknown[] | null } | null>(null);
  return (
    <>
      <button
        type="button"
        className="small"
        title="Send one request for each row: map columns to the path, query and body, preview, then run"
        onClick={() => setOpen({ rows: selected })}
      >
        {selected ? `For each of ${selected.length} selected…` : 'For each row…'}
      </button>
      {open && (
        <ForEachRowDialog
          connectionId={connectionId}
          source={{ kind: 'response', responseId, total, selected: open.rows, columns }}
          onClose={() => setOpen(null)}
        />
      )}
    </>
  );
}
