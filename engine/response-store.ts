import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { SliceRequest, SliceResult } from '../shared/ipc/contract';
import type { ResponseSummary } from '../shared/request';
import { findList, listItemsAt } from '../shared/tableau-list';
import {
  matchesQuickFilter,
  parseQuickFilter,
  tableColumns,
  type QuickFilter,
} from '../shared/table-view';
import { EngineError } from './errors';
import { sortOrder, type ItemSort } from './item-order';
import { processAlive } from './store/document-store';

/** Sort orders kept per response; a fifth evicts the least recently used. */
const MAX_SORT_ORDERS = 4;
/** Filtered views kept per response (each a list of matching indexes, in the view's order). */
const MAX_FILTER_VIEWS = 4;
/** Items whose columns the filter knows for `column:value` terms (the table's first rows and more). */
const COLUMN_SAMPLE = 1000;

/** What the table shows of a list: its order and its quick filter (DESIGN.md §8: done in main). */
export interface ItemView {
  sort?: ItemSort;
  filter?: QuickFilter;
}

interface StoredResponse {
  /** The raw body while in memory; null once spilled to `file` (or not yet written, for merged lists). */
  raw: Buffer | null;
  file: string | null;
  size: number;
  parsed: unknown;
  listPath: string | null;
  items: unknown[] | null;
  /** Byte offset of each line start, built on the first line slice. */
  lineStarts: number[] | null;
  /** Item orders by `direction:key`, least recently used first; each is an index permutation. */
  orders: Map<string, Uint32Array>;
  /** Filtered views by sort and filter, least recently used first: the matching indexes in order. */
  views: Map<string, Uint32Array>;
  /** The summary the renderer was given, for a window that reloads and asks again. */
  summary?: ResponseSummary;
}

const SPILL_PREFIX = 'trestle-responses-';
/** Folders from before names carried a pid: whose they are is unknown, so only old ones go. */
const LEGACY_SPILL_AGE_MS = 24 * 60 * 60 * 1000;

let spillsSwept = false;

/**
 * Removes the spill folders (bodies, exports) of Trestle runs that ended without cleaning up
 * — a crash or a kill — once per process: this user's folders whose pid no longer runs.
 */
export function removeOrphanedSpills(tempDir = os.tmpdir()): string[] {
  const removed: string[] = [];
  let names: string[];
  try {
    names = fs.readdirSync(tempDir).filter((name) => name.startsWith(SPILL_PREFIX));
  } catch {
    return removed;
  }
  for (const name of names) {
    const folder = path.join(tempDir, name);
    const pid = /^(\d+)-/.exec(name.slice(SPILL_PREFIX.length))?.[1];
    try {
      const stat = fs.lstatSync(folder);
      if (!stat.isDirectory() || (process.getuid && stat.uid !== process.getuid())) continue;
      const orphaned = pid
        ? !processAlive(Number(pid))
        : Date.now() - stat.mtimeMs > LEGACY_SPILL_AGE_MS;
      if (!orphaned) continue;
      fs.rmSync(folder, { recursive: true, force: true });
      removed.push(folder);
    } catch {
      // Gone meanwhile, or not ours to remove: leave it.
    }
  }
  return removed;
}

export interface ResponseStoreOptions {
  /** A body above this goes to a temp file at once. */
  spillBytes?: number;
  /** Raw bytes kept in memory across all responses; older bodies spill beyond it. */
  memoryBytes?: number;
  /** Responses kept at most; the oldest are dropped first. */
  maxResponses?: number;
}

/**
 * Response bodies stay in main (DESIGN.md §8): raw text in memory up to a limit, in temp
 * files above it, removed on release, on eviction and on exit. The renderer asks for slices:
 * a byte or line range of the raw text, or a range of items of the response's list.
 */
export class ResponseStore {
  private readonly responses = new Map<string, StoredResponse>();
  private readonly spillBytes: number;
  private readonly memoryBytes: number;
  private readonly maxResponses: number;
  private inMemory = 0;
  private dir: string | null = null;
  private readonly releaseListeners: Array<(id: string) => void> = [];

  constructor(options: ResponseStoreOptions = {}) {
    if (!spillsSwept) {
      spillsSwept = true;
      removeOrphanedSpills();
    }
    this.spillBytes = options.spillBytes ?? 8 * 1024 * 1024;
    this.memoryBytes = options.memoryBytes ?? 64 * 1024 * 1024;
    this.maxResponses = options.maxResponses ?? 500;
  }

  put(raw: Buffer, parsed: unknown): { id: string; listPath: string | null; count: number | null } {
    const id = randomUUID();
    const list = findList(parsed);
    this.add(id, {
      raw,
      file: null,
      size: raw.length,
      parsed,
      listPath: list?.path ?? null,
      items: null,
      lineStarts: null,
      orders: new Map(),
      views: new Map(),
    });
    return { id, listPath: list?.path ?? null, count: list ? list.items.length : null };
  }

  /**
   * A merged list (fetch-all): the items are kept once; the raw text is written to a temp
   * file only if someone asks for bytes or lines.
   */
  putItems(items: unknown[], listPath: string): string {
    const id = randomUUID();
    this.add(id, {
      raw: null,
      file: null,
      size: -1,
      parsed: null,
      listPath,
      items,
      lineStarts: null,
      orders: new Map(),
      views: new Map(),
    });
    return id;
  }

  private add(id: string, entry: StoredResponse): void {
    this.responses.set(id, entry);
    if (entry.raw) {
      this.inMemory += entry.size;
      if (entry.size > this.spillBytes) this.spill(entry);
    }
    for (const [oldId, old] of this.responses) {
      if (this.inMemory <= this.memoryBytes) break;
      if (oldId !== id && old.raw) this.spill(old);
    }
    while (this.responses.size > this.maxResponses)
      this.release(this.responses.keys().next().value as string);
  }

  has(id: string): boolean {
    return this.responses.has(id);
  }

  /** Keeps a response's summary beside its body (released with it). */
  describe(summary: ResponseSummary): void {
    const stored = this.responses.get(summary.responseId);
    if (stored) stored.summary = summary;
  }

  /** The summary of a response still kept, as it was first given; null when unknown or gone. */
  summaryOf(id: string): ResponseSummary | null {
    return this.responses.get(id)?.summary ?? null;
  }

  /** The response's items, when it has a list (fetch-all results always do). */
  items(id: string): { listPath: string; items: unknown[] } | null {
    const stored = this.get(id);
    const items =
      stored.items ?? (stored.listPath ? listItemsAt(stored.parsed, stored.listPath) : null);
    if (!stored.listPath || !Array.isArray(items)) return null;
    return { listPath: stored.listPath, items };
  }

  /** The whole raw text; for small bodies (history keeps those up to 256 KB). */
  text(id: string): string {
    const stored = this.get(id);
    if (stored.raw) return stored.raw.toString('utf8');
    return stored.file ? fs.readFileSync(stored.file, 'utf8') : '';
  }

  parsed(id: string): unknown {
    return this.get(id).parsed;
  }

  private get(id: string): StoredResponse {
    const stored = this.responses.get(id);
    if (!stored) {
      throw new EngineError(
        'response.notFound',
        'That response is no longer kept. Send the request again.',
      );
    }
    return stored;
  }

  async slice(id: string, request: SliceRequest): Promise<SliceResult> {
    const stored = this.get(id);
    if (request.kind === 'items') {
      const list = this.items(id);
      if (!list) throw new EngineError('response.noList', 'This response has no list of items.');
      const order = this.viewOrder(stored, list.items, request);
      const total = order ? order.length : list.items.length;
      const start = Math.min(request.start, total);
      const end = Math.max(start, Math.min(request.end, total));
      if (!order) return { kind: 'items', start, end, total, items: list.items.slice(start, end) };
      const window = order.subarray(start, end);
      return { kind: 'items', start, end, total, items: Array.from(window, (i) => list.items[i]) };
    }
    this.materialize(stored);
    if (request.kind === 'bytes') {
      const start = Math.min(request.start, stored.size);
      const end = Math.max(start, Math.min(request.end, stored.size));
      const bytes = await this.read(stored, start, Math.min(stored.size, end + 1));
      // Never cut a UTF-8 character in two: both ends move to a character start.
      const continues = (i: number) => i < bytes.length && (bytes[i] & 0xc0) === 0x80;
      let from = 0;
      while (start > 0 && from < end - start && continues(from)) from++;
      let to = end - start;
      while (to > from && continues(to)) to--;
      return {
        kind: 'bytes',
        start: start + from,
        end: start + to,
        total: stored.size,
        text: bytes.subarray(from, to).toString('utf8'),
      };
    }
    const starts = await this.lineStarts(stored);
    const total = starts.length;
    const start = Math.min(request.start, total);
    const end = Math.max(start, Math.min(request.end, total));
    const from = start < total ? starts[start] : stored.size;
    const to = end < total ? starts[end] : stored.size;
    const text = (await this.read(stored, from, to)).toString('utf8').replace(/\r?\n$/, '');
    return { kind: 'lines', start, end, total, text };
  }

  /** The items' order for a sort, computed once and kept (the last few per response). */
  private order(entry: StoredResponse, items: unknown[], sort: ItemSort): Uint32Array {
    const key = `${sort.direction}:${sort.key}`;
    let order = entry.orders.get(key);
    if (order) entry.orders.delete(key);
    else order = sortOrder(items, sort);
    entry.orders.set(key, order);
    while (entry.orders.size > MAX_SORT_ORDERS)
      entry.orders.delete(entry.orders.keys().next().value as string);
    return order;
  }

  /**
   * The indexes of the items a view shows, in its order; null for every item as received. A
   * filter runs over the sorted order, so the matches keep the sort; both are kept for reuse.
   */
  private viewOrder(entry: StoredResponse, items: unknown[], view: ItemView): Uint32Array | null {
    const sorted = view.sort ? this.order(entry, items, view.sort) : null;
    const known = view.filter ? tableColumns(items.slice(0, COLUMN_SAMPLE)) : [];
    const terms = view.filter ? parseQuickFilter(view.filter.text, known) : [];
    if (terms.length === 0) return sorted;
    const columns = view.filter?.columns ?? [];
    const key = JSON.stringify([
      view.sort ?? null,
      terms,
      terms.some((t) => !t.column) ? columns : [],
    ]);
    let kept = entry.views.get(key);
    if (kept) entry.views.delete(key);
    else {
      const matches: number[] = [];
      const count = sorted ? sorted.length : items.length;
      for (let n = 0; n < count; n++) {
        const i = sorted ? sorted[n] : n;
        if (matchesQuickFilter(items[i], terms, columns)) matches.push(i);
      }
      kept = Uint32Array.from(matches);
    }
    entry.views.set(key, kept);
    while (entry.views.size > MAX_FILTER_VIEWS)
      entry.views.delete(entry.views.keys().next().value as string);
    return kept;
  }

  /**
   * The items of a list as the table shows them (its sort and filter), for exports; every
   * item as received without a view. Null when the response has no list.
   */
  viewItems(id: string, view: ItemView = {}): { listPath: string; items: unknown[] } | null {
    const list = this.items(id);
    if (!list) return null;
    const order = this.viewOrder(this.get(id), list.items, view);
    return {
      listPath: list.listPath,
      items: order ? Array.from(order, (i) => list.items[i]) : list.items,
    };
  }

  /** Sort orders kept for a response, for tests and diagnostics. */
  sortOrders(id: string): string[] {
    return [...(this.responses.get(id)?.orders.keys() ?? [])];
  }

  release(id: string): void {
    const stored = this.responses.get(id);
    if (!stored) return;
    this.responses.delete(id);
    stored.orders.clear();
    stored.views.clear();
    if (stored.raw) this.inMemory -= stored.size;
    if (stored.file) fs.rm(stored.file, { force: true }, () => undefined);
    for (const listener of this.releaseListeners) listener(id);
  }

  /** Tells `listener` of each response released (by the renderer, by eviction, at exit). */
  onRelease(listener: (id: string) => void): void {
    this.releaseListeners.push(listener);
  }

  /** Drops every response and deletes the temp folder (on exit). */
  clear(): void {
    for (const id of [...this.responses.keys()]) this.release(id);
    if (this.dir) fs.rmSync(this.dir, { recursive: true, force: true });
    this.dir = null;
  }

  /** Temp files in use, for tests and diagnostics. */
  files(): string[] {
    return [...this.responses.values()].flatMap((r) => (r.file ? [r.file] : []));
  }

  /**
   * A fresh path in the responses' temp folder (also for web-host exports): gone at exit.
   * The folder's name carries our pid, so the next start can tell a crashed run's leftovers.
   */
  tempFile(extension = '.body'): string {
    this.dir ??= fs.mkdtempSync(path.join(os.tmpdir(), `${SPILL_PREFIX}${process.pid}-`));
    return path.join(this.dir, `${randomUUID()}${extension}`);
  }

  private spill(entry: StoredResponse): void {
    if (!entry.raw) return;
    const file = this.tempFile();
    fs.writeFileSync(file, entry.raw, { mode: 0o600 });
    this.inMemory -= entry.size;
    entry.raw = null;
    entry.file = file;
  }

  /** Writes a merged list as JSON, one item per line, the first time its text is wanted. */
  private materialize(entry: StoredResponse): void {
    if (entry.raw || entry.file || !entry.items || !entry.listPath) return;
    const file = this.tempFile();
    const [container, item] = entry.listPath.split('.');
    const fd = fs.openSync(file, 'w', 0o600);
    let size = 0;
    const write = (text: string) => (size += fs.writeSync(fd, text));
    try {
      write(item ? `{"${container}":{"${item}":[\n` : `{"${container}":[\n`);
      const chunk: string[] = [];
      entry.items.forEach((value, i) => {
        chunk.push(JSON.stringify(value) + (i < entry.items!.length - 1 ? ',\n' : '\n'));
        if (chunk.length === 1000) write(chunk.splice(0).join(''));
      });
      write(chunk.join('') + (item ? ']}}\n' : ']}\n'));
    } finally {
      fs.closeSync(fd);
    }
    entry.file = file;
    entry.size = size;
  }

  private async read(entry: StoredResponse, start: number, end: number): Promise<Buffer> {
    if (entry.raw) return entry.raw.subarray(start, end);
    if (!entry.file || end <= start) return Buffer.alloc(0);
    const handle = await fs.promises.open(entry.file, 'r');
    try {
      const buffer = Buffer.alloc(end - start);
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, start);
      return buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  }

  private async lineStarts(entry: StoredResponse): Promise<number[]> {
    if (entry.lineStarts) return entry.lineStarts;
    const starts = [0];
    const scan = (buffer: Buffer, offset: number) => {
      for (let i = buffer.indexOf(10); i !== -1; i = buffer.indexOf(10, i + 1)) {
        if (offset + i + 1 < entry.size) starts.push(offset + i + 1);
      }
    };
    if (entry.raw) scan(entry.raw, 0);
    else if (entry.file) {
      let offset = 0;
      for await (const chunk of fs.createReadStream(entry.file)) {
        scan(chunk as Buffer, offset);
        offset += (chunk as Buffer).length;
      }
    }
    entry.lineStarts = entry.size === 0 ? [] : starts;
    return entry.lineStarts;
  }
}
