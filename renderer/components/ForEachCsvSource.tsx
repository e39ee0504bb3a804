import { useEffect, useRef, useState } from 'react';
import { CsvFileError, decodeCsvBytes, parseCsvRows, type CsvRows } from '../../shared/csv-rows';
import { formatCount } from '../lib/format';

/** A CSV file read for "For each row": its name, columns, rows and each row's line. */
export interface CsvSource extends CsvRows {
  name: string;
}

type Reading =
  | { state: 'none' }
  | { state: 'reading'; name: string; rows: number; fraction: number }
  | { state: 'failed'; name: string; error: CsvFileError | Error }
  | { state: 'read'; source: CsvSource };

/**
 * Choose a CSV file (first line: the column names). It is read in slices so that a large file
 * never freezes the dialog; a file with problems lists them by line and gives no rows.
 */
export function ForEachCsvSource({ onRows }: { onRows(source: CsvSource | null): void }) {
  const [reading, setReading] = useState<Reading>({ state: 'none' });
  const abort = useRef<AbortController | null>(null);
  useEffect(() => () => abort.current?.abort(), []);

  const read = async (file: File) => {
    abort.current?.abort();
    const controller = new AbortController();
    abort.current = controller;
    onRows(null);
    setReading({ state: 'reading', name: file.name, rows: 0, fraction: 0 });
    try {
      const text = decodeCsvBytes(new Uint8Array(await file.arrayBuffer()), file.name);
      const parsed = await parseCsvRows(text, {
        name: file.name,
        signal: controller.signal,
        onProgress: (rows, fraction) =>
          setReading({ state: 'reading', name: file.name, rows, fraction }),
      });
      if (controller.signal.aborted) return;
      const source = { ...parsed, name: file.name };
      setReading({ state: 'read', source });
      onRows(source);
    } catch (error) {
      if (controller.signal.aborted) return;
      setReading({ state: 'failed', name: file.name, error: error as Error });
    }
  };

  return (
    <div className="each-csv" role="group" aria-label="CSV file">
      <div className="bulk-file-row">
        <label>
          CSV file (first line: the column names){' '}
          <input
            type="file"
            accept=".csv,text/csv,text/plain"
            aria-label="Choose a CSV file"
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (file) void read(file);
            }}
          />
        </label>
      </div>
      {reading.state === 'reading' && (
        <p className="muted" aria-live="polite">
          Reading {reading.name}… {formatCount(reading.rows)} rows (
          {Math.round(reading.fraction * 100)}%)
        </p>
      )}
      {reading.state === 'read' && (
        <p className="muted" aria-label="File summary">
          {reading.source.name}: {formatCount(reading.source.rows.length)} rows · columns{' '}
          {reading.source.columns.join(', ')}
        </p>
      )}
      {reading.state === 'failed' && <CsvProblems name={reading.name} error={reading.error} />}
    </div>
  );
}

function CsvProblems({ name, error }: { name: string; error: CsvFileError | Error }) {
  if (!(error instanceof CsvFileError))
    return (
      <p className="bulk-file-error" role="alert">
        Could not read {name}: {error.message}
      </p>
    );
  return (
    <div className="bulk-file-error" role="alert">
      <p>
        {name} cannot be used
        {error.total > 1 ? ` (${formatCount(error.total)} problems)` : ''}; mend it and choose it
        again. Nothing was sent.
      </p>
      <ul>
        {error.problems.map((p, i) => (
          <li key={i}>{p.line === null ? p.message : `Line ${p.line}: ${p.message}`}</li>
        ))}
      </ul>
      {error.total > error.problems.length && (
        <p>and {formatCount(error.total - error.problems.length)} more</p>
      )}
    </div>
  );
}
