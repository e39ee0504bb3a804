import { HISTORY_LIMIT, HISTORY_TOTAL_BODY_BYTES, type HistoryEntry } from '../shared/documents';

/**
 * Most bytes `history.json` holds. Count and response-body budget alone leave it unbounded:
 * each of 1,000 entries may keep a request body of up to 256 KB. Rewritten whole on each
 * flush, it must stay small enough to write in a few milliseconds.
 */
export const HISTORY_FILE_LIMIT_BYTES = 16 * 1024 * 1024;

/** Serialised sizes, computed once per entry object (entries are never changed in place). */
const sizes = new WeakMap<HistoryEntry, number>();

function sizeOf(entry: HistoryEntry): number {
  let size = sizes.get(entry);
  if (size === undefined) {
    size = JSON.stringify(entry).length + 1;
    sizes.set(entry, size);
  }
  return size;
}

/**
 * Newest first: at most 1,000 entries; response bodies within 8 MB in all (older entries give
 * theirs up first); and the whole within HISTORY_FILE_LIMIT_BYTES (the oldest entries go).
 */
export function boundHistory(entries: readonly HistoryEntry[]): HistoryEntry[] {
  const bounded: HistoryEntry[] = [];
  let bodies = HISTORY_TOTAL_BODY_BYTES;
  let file = HISTORY_FILE_LIMIT_BYTES;
  for (const original of entries.slice(0, HISTORY_LIMIT)) {
    let entry = original;
    if (entry.body !== undefined) {
      bodies -= entry.body.length;
      if (bodies < 0) {
        const { body: _dropped, ...rest } = entry;
        entry = rest;
      }
    }
    file -= sizeOf(entry);
    if (file < 0) break;
    bounded.push(entry);
  }
  return bounded;
}
