import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { cellText, pickColumns, readColumn } from '../shared/table-view';

/**
 * Items per chunk: an export is produced a chunk at a time, so 100,000 users never become
 * one 40 MB string, and the main process breathes between chunks.
 */
const CHUNK_ITEMS = 2000;

/**
 * `trestle-<list>-<date and time>`, the list's name cut to letters, digits, `.`, `_` and `-`:
 * it comes from the server's answer (`{"users":{…}}` → `users`), and a CR/LF, quote or slash
 * there must not reach a file name or a download header.
 */
export function exportBaseName(listPath: string | null, now = new Date()): string {
  const stamp = now.toISOString().slice(0, 19).replace(/[:T]/g, '-');
  const list =
    (listPath?.split('.')[0] ?? '')
      .replace(/[^\w.-]+/g, '-')
      .replace(/^[.-]+|-+$/g, '')
      .slice(0, 60) || 'response';
  return `trestle-${list}-${stamp}`;
}

/**
 * Flattens nested objects to dotted keys (`owner.name`); arrays of scalars become a
 * `;`-joined cell and arrays of objects a JSON cell, so every row has one value per column.
 */
export function flatten(
  value: unknown,
  prefix = '',
  out: Record<string, unknown> = {},
): Record<string, unknown> {
  if (value === null || typeof value !== 'object') {
    out[prefix || 'value'] = value;
    return out;
  }
  if (Array.isArray(value)) {
    out[prefix || 'value'] = value.every((v) => v === null || typeof v !== 'object')
      ? value.join(';')
      : JSON.stringify(value);
    return out;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0 && prefix) out[prefix] = '';
  for (const [key, child] of entries) flatten(child, prefix ? `${prefix}.${key}` : key, out);
  return out;
}

/** The CSV columns: the union of dotted keys across all items, in first-seen order (a first pass). */
export function csvColumns(items: readonly unknown[]): string[] {
  const seen = new Set<string>();
  for (const item of items) for (const key of Object.keys(flatten(item))) seen.add(key);
  return [...seen];
}

// escapeFormulae: a cell starting with = + - @ is not run as a formula when opened in a spreadsheet.
const CSV_CONFIG = { escapeFormulae: true, newline: '\r\n' } as const;

/** CSV text in chunks: the header once, then rows, joined exactly as one unparse would. */
export function* csvChunks(items: readonly unknown[]): Generator<string> {
  const columns = csvColumns(items);
  // As a plain row: `{ fields, data: [] }` would end the header with a newline of its own.
  yield Papa.unparse([columns], CSV_CONFIG);
  for (let start = 0; start < items.length; start += CHUNK_ITEMS) {
    const data = items.slice(start, start + CHUNK_ITEMS).map((item) => {
      const row = flatten(item);
      return columns.map((column) => row[column] ?? '');
    });
    const rows = Papa.unparse({ fields: columns, data }, { ...CSV_CONFIG, header: false });
    yield CSV_CONFIG.newline + rows;
  }
}

/**
 * The table's view as CSV: its columns in the order shown, each cell as the table reads it
 * (tags as their labels, an object as `key: value` pairs), a chunk of rows at a time.
 */
export function* viewCsvChunks(
  items: readonly unknown[],
  columns: readonly string[],
): Generator<string> {
  yield Papa.unparse([columns], CSV_CONFIG);
  for (let start = 0; start < items.length; start += CHUNK_ITEMS) {
    const data = items.slice(start, start + CHUNK_ITEMS).map((item) =>
      columns.map((column) => {
        const value = readColumn(item, column);
        return value !== null && typeof value === 'object' ? cellText(value) : (value ?? '');
      }),
    );
    const rows = Papa.unparse({ fields: [...columns], data }, { ...CSV_CONFIG, header: false });
    yield CSV_CONFIG.newline + rows;
  }
}

/** The table's view as JSON: each item cut to the columns shown, nesting kept. */
export function* viewJsonChunks(
  items: readonly unknown[],
  columns: readonly string[],
): Generator<string> {
  // Picked a chunk at a time, so a 100,000-item view is never copied whole.
  const picked = function* () {
    for (let start = 0; start < items.length; start += CHUNK_ITEMS)
      yield items.slice(start, start + CHUNK_ITEMS).map((item) => pickColumns(item, columns));
  };
  if (items.length === 0) {
    yield '[]';
    return;
  }
  yield '[\n';
  let index = 0;
  for (const chunk of picked()) {
    const parts: string[] = [];
    for (const value of chunk) {
      const text = (JSON.stringify(value, null, 2) ?? 'null').replace(/\n/g, '\n  ');
      index += 1;
      parts.push(`  ${text}${index < items.length ? ',' : ''}\n`);
    }
    yield parts.join('');
  }
  yield ']';
}

/** `JSON.stringify(value, null, 2)` in chunks: a list item by item, anything else at once. */
export function* jsonChunks(value: unknown): Generator<string> {
  if (!Array.isArray(value) || value.length === 0) {
    yield JSON.stringify(value ?? null, null, 2);
    return;
  }
  yield '[\n';
  for (let start = 0; start < value.length; start += CHUNK_ITEMS) {
    const end = Math.min(value.length, start + CHUNK_ITEMS);
    const parts: string[] = [];
    for (let i = start; i < end; i++) {
      // Indented one level, as inside the whole array; strings hold no raw newline to disturb.
      const text = (JSON.stringify(value[i], null, 2) ?? 'null').replace(/\n/g, '\n  ');
      parts.push(`  ${text}${i < value.length - 1 ? ',' : ''}\n`);
    }
    yield parts.join('');
  }
  yield ']';
}

/**
 * Writes chunks to `target` through a temp file beside it, fsync and rename: the target ends
 * up whole or untouched, and a failed export leaves no half file and no temp file.
 */
export async function writeChunksAtomically(
  target: string,
  chunks: Iterable<string>,
): Promise<number> {
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.${randomUUID()}.partial`);
  let size = 0;
  const handle = await fs.promises.open(temp, 'wx', 0o600);
  try {
    for (const chunk of chunks) {
      const bytes = Buffer.from(chunk, 'utf8');
      for (let offset = 0; offset < bytes.length;)
        offset += (await handle.write(bytes, offset)).bytesWritten;
      size += bytes.length;
    }
    await handle.sync();
    await handle.close();
    await fs.promises.rename(temp, target);
    return size;
  } catch (error) {
    await handle.close().catch(() => undefined);
    await fs.promises.rm(temp, { force: true });
    throw error;
  }
}
