interface Props {
  column: string;
  row: number;
  value: unknown;
  onCopy(json: string): void;
  onClose(): void;
}

/** The raw JSON behind a nested cell (tags, an owner…), shown under the toolbar when it is selected. */
export function CellDetail({ column, row, value, onCopy, onClose }: Props) {
  const json = JSON.stringify(value, null, 2);
  return (
    <div className="cell-detail" role="region" aria-label="Cell JSON">
      <div className="cell-detail-head">
        <span className="muted">
          <span className="mono">{column}</span> of row {row + 1}, as received
        </span>
        <span className="spacer" />
        <button type="button" className="small" onClick={() => onCopy(json)}>
          Copy JSON
        </button>
        <button type="button" className="icon" aria-label="Close the cell JSON" onClick={onClose}>
          ×
        </button>
      </div>
      <pre className="mono">{json}</pre>
    </div>
  );
}
