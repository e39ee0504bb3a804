import fs from 'node:fs';
import path from 'node:path';
import {
  csvChunks,
  csvColumns,
  flatten,
  jsonChunks,
  writeChunksAtomically,
} from '../engine/export';
import type { OperationProgressEvent } from '../shared/operations';
import type { TableauError } from '../shared/request';
import { CliError, EXIT, writeChunks, type Io } from './command';

/** Every way trestle prints results; all of it goes to stdout or `--out`, nothing else does. */
export const FORMATS = ['json', 'csv', 'table'] as const;
export type Format = (typeof FORMATS)[number];

export function parseFormat(value: string | undefined): Format {
  if (value === undefined) return 'json';
  if ((FORMATS as readonly string[]).includes(value)) return value as Format;
  throw new CliError(`--format must be one of ${FORMATS.join(', ')}, not “${value}”.`, EXIT.usage);
}

/** What a command has to print: a whole answer, or a list of items (fetch-all). */
export type Result =
  | { kind: 'body'; parsed: unknown; text: string; list: unknown[] | null }
  | { kind: 'items'; items: unknown[] };

/** The text of a result in a format, a chunk at a time. */
export function formatChunks(result: Result, format: Format): Iterable<string> {
  const list = result.kind === 'items' ? result.items : result.list;
  const parsed = result.kind === 'body' ? result.parsed : null;
  if (format === 'json') {
    if (result.kind === 'items') return withNewline(jsonChunks(result.items));
    // Not JSON or XML (or empty): the body as it came.
    if (parsed === null || parsed === undefined) {
      const text = result.kind === 'body' ? result.text : '';
      return text ? [text.endsWith('\n') ? text : `${text}\n`] : [];
    }
    return withNewline(jsonChunks(parsed));
  }
  if (format === 'csv') {
    // As the app's CSV export: the list's items, or the whole answer as one row.
    const rows = list ?? (isObject(parsed) ? [parsed] : null);
    if (!rows)
      throw new CliError(
        'This answer has no JSON or XML data to print as CSV; use --format json.',
        EXIT.usage,
      );
    return withNewline(csvChunks(rows), '\r\n');
  }
  if (list) return tableChunks(list);
  if (!isObject(parsed))
    throw new CliError(
      'This answer has no JSON or XML data to print as a table; use --format json.',
      EXIT.usage,
    );
  return fieldTable(parsed);
}

/** Writes a result to `--out` (whole or not at all, via a temp file) or to stdout. */
export async function writeResult(
  io: Io,
  chunks: Iterable<string>,
  out: string | undefined,
): Promise<void> {
  if (out === undefined) return writeChunks(io.stdout, chunks);
  await writeChunksAtomically(out, chunks);
}

/** `--out FILE` must be writable before anything is sent. */
export function checkOutPath(out: string | undefined): void {
  if (out === undefined) return;
  const dir = path.dirname(path.resolve(out));
  const stat = fs.statSync(dir, { throwIfNoEntry: false });
  if (!stat?.isDirectory())
    throw new CliError(`--out ${out}: the folder ${dir} does not exist.`, EXIT.usage);
  if (fs.statSync(out, { throwIfNoEntry: false })?.isDirectory())
    throw new CliError(`--out ${out} is a folder; give a file name.`, EXIT.usage);
}

const MAX_CELL = 48;

/** The items as aligned columns: dotted names for nested fields, as the CSV export has them. */
export function* tableChunks(items: readonly unknown[]): Generator<string> {
  if (items.length === 0) {
    yield '(no items)\n';
    return;
  }
  const columns = csvColumns(items);
  const rows = items.map((item) => {
    const flat = flatten(item);
    return columns.map((column) => cell(flat[column]));
  });
  yield* aligned([columns, ...rows]);
}

/** An answer that is not a list: one row per (dotted) field. */
function* fieldTable(value: object): Generator<string> {
  const flat = flatten(value);
  yield* aligned([['FIELD', 'VALUE'], ...Object.entries(flat).map(([key, v]) => [key, cell(v)])]);
}

function* aligned(rows: string[][]): Generator<string> {
  const widths = rows[0].map((_, column) =>
    Math.max(...rows.map((row) => [...row[column]].length)),
  );
  const line = (row: string[]) =>
    row
      .map((text, column) => text + ' '.repeat(widths[column] - [...text].length))
      .join('  ')
      .trimEnd();
  for (let start = 0; start < rows.length; start += 2000)
    yield (
      rows
        .slice(start, start + 2000)
        .map(line)
        .join('\n') + '\n'
    );
}

function cell(value: unknown): string {
  const text = (value === null || value === undefined ? '' : String(value)).replace(/\s+/g, ' ');
  const chars = [...text];
  return chars.length > MAX_CELL ? `${chars.slice(0, MAX_CELL - 1).join('')}…` : text;
}

/** Text files end with a newline; CSV's is CRLF, as its rows are (RFC 4180). */
function* withNewline(chunks: Iterable<string>, newline = '\n'): Generator<string> {
  yield* chunks;
  yield newline;
}

function isObject(value: unknown): value is object {
  return value !== null && typeof value === 'object';
}

/** A Tableau error as the app shows it: code, summary, detail, what it means and what to try. */
export function tableauErrorText(error: TableauError, status: number | null): string {
  const lines = [
    `Tableau error ${error.code}: ${error.summary}${status ? ` (HTTP ${status})` : ''}`,
  ];
  if (error.detail) lines.push(`  ${error.detail}`);
  if (error.explanation) lines.push(`  What it means: ${error.explanation}`);
  if (error.suggestedFix) lines.push(`  Try: ${error.suggestedFix}`);
  return lines.join('\n');
}

/**
 * Fetch-all's progress on stderr: one line rewritten in place on a terminal, a line per change
 * in a log (cron, CI), so a person and a log file both read it well.
 */
export function progressPrinter(io: Io): {
  update(event: OperationProgressEvent): void;
  end(): void;
} {
  const live = Boolean(io.stderr.isTTY);
  let last = '';
  return {
    update(event) {
      const { progress } = event;
      const eta =
        progress.etaMs !== null && progress.etaMs >= 1000 && event.state === 'running'
          ? `, about ${seconds(progress.etaMs)} left`
          : '';
      const total = progress.total !== null ? ` of ${progress.total}` : '';
      const line = `${progress.status} (${progress.done}${total} ${progress.unit}${eta})`;
      if (line === last) return;
      last = line;
      io.stderr.write(live ? `\r\x1b[2K${line}` : `${line}\n`);
    },
    end() {
      if (live && last) io.stderr.write('\n');
    },
  };
}

export function seconds(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}
