import Papa from 'papaparse';

/**
 * A CSV file as the rows of "For each row" (issue 14): the first line names the columns, every
 * other line is a row. Anything that would silently change a row — a ragged line, a quote left
 * open, a blank or repeated column name, bytes that are not UTF-8 — is a problem naming its
 * line, and the file is not used until it is mended.
 */

export interface CsvProblem {
  /** 1-based line of the file; null for the file as a whole. */
  line: number | null;
  message: string;
}

export class CsvFileError extends Error {
  constructor(
    readonly problems: CsvProblem[],
    /** Problems found in all (only the first few are kept). */
    readonly total: number,
  ) {
    super(
      problems
        .map((p) => (p.line === null ? p.message : `Line ${p.line}: ${p.message}`))
        .join('\n'),
    );
  }
}

export interface CsvRows {
  columns: string[];
  rows: Record<string, string>[];
  /** The line each row starts on (a quoted value may span lines). */
  lines: number[];
}

/** More rows than a run takes (`shared/run-data.ts`). */
export const MAX_CSV_ROWS = 100_000;
const KEPT_PROBLEMS = 20;
/** Rows parsed between two yields to the event loop, so a large file never freezes the window. */
const ROWS_PER_SLICE = 2_000;

/**
 * The file's bytes as text. Not UTF-8 (a file saved as Windows-1252 or UTF-16, say) is refused
 * with the line of the first byte that does not decode, rather than sending “Ren�e”.
 */
export function decodeCsvBytes(bytes: Uint8Array, name: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    const text = new TextDecoder('utf-8').decode(bytes);
    const bad = text.indexOf('\uFFFD');
    const line = text.slice(0, Math.max(0, bad)).split('\n').length;
    throw new CsvFileError(
      [
        {
          line,
          message: `${name} is not UTF-8 text (save it as “CSV UTF-8”; a byte here does not decode).`,
        },
      ],
      1,
    );
  }
}

const LUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function headerProblems(header: string[]): CsvProblem[] {
  const problems: CsvProblem[] = [];
  const columns = header.map((h) => h.trim());
  const data = columns.find((c) => LUID.test(c) || /^\d+$/.test(c));
  if (data)
    problems.push({
      line: 1,
      message: `“${data}” looks like a value, not a column name: the first line must name the columns (a header).`,
    });
  columns.forEach((c, i) => {
    if (!c) problems.push({ line: 1, message: `column ${i + 1} has no name.` });
    else if (columns.indexOf(c) !== i)
      problems.push({ line: 1, message: `the column “${c}” appears twice.` });
  });
  return problems;
}

function quoteMessage(error: Papa.ParseError): string {
  if (error.code === 'MissingQuotes')
    return 'a quoted value is not closed (a " opens it and nothing ends it).';
  if (error.code === 'InvalidQuotes') return 'a quote inside a quoted value must be doubled ("").';
  return error.message;
}

/**
 * Parses `text` in slices (papaparse's step mode, pausing every few thousand rows) so that the
 * window stays responsive for a 100,000-row file; `onProgress` hears how far it got.
 */
export function parseCsvRows(
  text: string,
  options: {
    name: string;
    onProgress?: (rows: number, fraction: number) => void;
    signal?: AbortSignal;
  },
): Promise<CsvRows> {
  const { name } = options;
  const body = text.replace(/^\uFEFF/, '');
  if (!body.trim())
    return Promise.reject(new CsvFileError([{ line: null, message: `${name} is empty.` }], 1));
  if (body.includes('\uFFFD'))
    return Promise.reject(
      new CsvFileError(
        [
          {
            line: body.slice(0, body.indexOf('\uFFFD')).split('\n').length,
            message: `${name} is not UTF-8 text (save it as “CSV UTF-8”).`,
          },
        ],
        1,
      ),
    );

  return new Promise((resolve, reject) => {
    const problems: CsvProblem[] = [];
    let total = 0;
    const problem = (p: CsvProblem) => {
      total++;
      if (problems.length < KEPT_PROBLEMS) problems.push(p);
    };
    let columns: string[] | null = null;
    const rows: Record<string, string>[] = [];
    const lines: number[] = [];
    // Lines are counted incrementally: `scanned` is how far `line` has been counted.
    let scanned = 0;
    let line = 1;
    let cursor = 0;
    // After a pause papaparse goes on from where it stopped, counting its cursor from there.
    let base = 0;
    const lineAt = (pos: number) => {
      for (let i = scanned; i < pos; i++) if (body.charCodeAt(i) === 10) line++;
      scanned = Math.max(scanned, pos);
      return line;
    };
    let stopped = false;

    Papa.parse<string[]>(body, {
      skipEmptyLines: 'greedy',
      delimiter: ',',
      step(result, parser) {
        if (stopped) return;
        // The row starts after the last one ended, past any blank lines between them.
        let start = cursor;
        while (start < body.length && /[\r\n\t ]/.test(body[start])) start++;
        const rowLine = lineAt(start);
        cursor = base + result.meta.cursor;
        for (const error of result.errors)
          if (error.type === 'Quotes') problem({ line: rowLine, message: quoteMessage(error) });
        const cells = result.data;
        if (!columns) {
          columns = cells.map((c) => c.trim());
          headerProblems(cells).forEach(problem);
          return;
        }
        if (cells.length !== columns.length) {
          problem({
            line: rowLine,
            message: `${cells.length} ${cells.length === 1 ? 'value' : 'values'} for ${columns.length} columns (${columns.join(', ')}).`,
          });
          return;
        }
        if (rows.length === MAX_CSV_ROWS) {
          stopped = true;
          parser.abort();
          return;
        }
        const row: Record<string, string> = {};
        for (let i = 0; i < columns.length; i++) row[columns[i]] = cells[i];
        rows.push(row);
        lines.push(rowLine);
        if (rows.length % ROWS_PER_SLICE === 0) {
          options.onProgress?.(rows.length, cursor / body.length);
          base = cursor;
          parser.pause();
          setTimeout(() => {
            if (options.signal?.aborted) {
              stopped = true;
              parser.abort();
            } else parser.resume();
          }, 0);
        }
      },
      complete() {
        if (options.signal?.aborted) {
          reject(new CsvFileError([{ line: null, message: `Reading ${name} was stopped.` }], 1));
          return;
        }
        if (stopped) {
          reject(
            new CsvFileError(
              [
                {
                  line: null,
                  message: `${name} has more than ${MAX_CSV_ROWS.toLocaleString('en-US')} rows; a run takes at most that many.`,
                },
              ],
              1,
            ),
          );
          return;
        }
        if (total > 0) {
          reject(new CsvFileError(problems, total));
          return;
        }
        if (rows.length === 0) {
          reject(
            new CsvFileError(
              [{ line: null, message: `${name} has a header line but no rows under it.` }],
              1,
            ),
          );
          return;
        }
        options.onProgress?.(rows.length, 1);
        resolve({ columns: columns ?? [], rows, lines });
      },
    });
  });
}
