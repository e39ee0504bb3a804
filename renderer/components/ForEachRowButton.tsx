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
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        className="small"
        title="Send one request for each row: map columns to the path, query and body, preview, then run"
        onClick={() => setOpen(true)}
      >
        {selected ? `For each of ${selected.length} selected…` : 'For each row…'}
      </button>
      {open && (
        <ForEachRowDialog
          connectionId={connectionId}
          responseId={responseId}
          total={total}
          selected={selected}
          columns={columns}
          onClose={() => setOpen(false)}
        />
      )}
    </>
  );
}
