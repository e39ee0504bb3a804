import Papa from 'papaparse';

/** Iteration data that cannot be used as it is: the message names the file and the line. */
export class RunDataError extends Error {}

export type IterationRow = Record<string, string>;

const MAX_ROWS = 100_000;

/**
 * Rows of iteration data: a CSV with a header line (one `{{column}}` per header), or a JSON
 * array of flat objects (values written as text). Empty lines are skipped; anything that would
 * silently change a row — a ragged line, a duplicate or empty header, a nested value — is an
 * error naming where it is, so nothing is sent for a row the user did not mean.
 */
export function parseIterationData(
  format: 'csv' | 'json',
  text: string,
  name = 'data',
): IterationRow[] {
  const rows = format === 'csv' ? parseCsv(text, name) : parseJson(text, name);
  if (rows.length === 0) throw new RunDataError(`${name} has no rows.`);
  if (rows.length > MAX_ROWS)
    throw new RunDataError(
      `${name} has ${rows.length.toLocaleString('en-US')} rows; a run takes at most ${MAX_ROWS.toLocaleString('en-US')}.`,
    );
  return rows;
}

function parseCsv(text: string, name: string): IterationRow[] {
  const body = text.replace(/^\uFEFF/, '');
  if (body.includes('\uFFFD'))
    throw new RunDataError(`${name} is not valid UTF-8 text (save it as UTF-8 CSV).`);
  const parsed = Papa.parse<string[]>(body, { skipEmptyLines: 'greedy' });
  const fatal = parsed.errors.find(
    (e) => e.type === 'Quotes' || e.code === 'UndetectableDelimiter',
  );
  if (fatal && fatal.code !== 'UndetectableDelimiter')
    throw new RunDataError(`${name}, line ${(fatal.row ?? 0) + 1}: ${fatal.message}.`);
  const [header, ...lines] = parsed.data;
  if (!header) return [];
  const columns = header.map((h) => h.trim());
  columns.forEach((column, i) => {
    if (!column) throw new RunDataError(`${name}, line 1: column ${i + 1} has no name.`);
    if (columns.indexOf(column) !== i)
      throw new RunDataError(`${name}, line 1: the column “${column}” appears twice.`);
  });
  return lines.map((cells, i) => {
    if (cells.length !== columns.length)
      throw new RunDataError(
        `${name}, line ${i + 2}: ${cells.length} values for ${columns.length} columns (${columns.join(', ')}).`,
      );
    return Object.fromEntries(columns.map((c, j) => [c, cells[j]]));
  });
}

function parseJson(text: string, name: string): IterationRow[] {
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new RunDataError(`${name} is not valid JSON: ${(error as Error).message}`);
  }
  if (!Array.isArray(value))
    throw new RunDataError(`${name} must be a JSON array of objects, one per row.`);
  return value.map((row, i) => {
    if (!row || typeof row !== 'object' || Array.isArray(row))
      throw new RunDataError(`${name}, row ${i + 1}: not an object.`);
    return Object.fromEntries(
      Object.entries(row as Record<string, unknown>).map(([key, v]) => {
        if (v !== null && typeof v === 'object')
          throw new RunDataError(
            `${name}, row ${i + 1}: “${key}” holds a nested value; use text, a number or a boolean.`,
          );
        return [key, v === null ? '' : String(v)];
      }),
    );
  });
}
