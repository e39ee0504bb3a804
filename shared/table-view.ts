import { z } from 'zod';

/**
 * The response table's view of a Tableau list, in one place for the renderer (what it shows)
 * and the engine (what it filters, sorts and exports), so the three cannot disagree:
 * which columns a list has, how a nested value reads, and what a quick filter matches.
 */

/** Reads a dotted column (`owner.name`) from an item; a flat key that itself holds a dot wins. */
export function readColumn(item: unknown, column: string): unknown {
  if (!item || typeof item !== 'object') return column === 'value' ? item : undefined;
  const record = item as Record<string, unknown>;
  if (column in record) return record[column];
  let node: unknown = item;
  for (const part of column.split('.')) {
    if (!node || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return Boolean(value) && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Tableau's JSON keeps XML's list containers: `"tags":{"tag":[{"label":"a"}]}`, and `{}` when
 * empty (tableau-api.md §3). Such a container is one field, shown as one column (`tags`).
 */
function isListContainer(value: Record<string, unknown>): boolean {
  const keys = Object.keys(value);
  return keys.length === 1 && Array.isArray(value[keys[0]]);
}

function collectColumns(value: unknown, prefix: string, out: Set<string>): void {
  if (!isRecord(value)) {
    out.add(prefix || 'value');
    return;
  }
  for (const [key, child] of Object.entries(value)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (isRecord(child) && Object.keys(child).length > 0 && !isListContainer(child))
      collectColumns(child, name, out);
    else out.add(name);
  }
}

/**
 * The columns of some items: nested objects as dotted columns (`owner.id`), list containers
 * and arrays as one column, in first-seen order with `id` and `name` first. A field that is
 * an empty object in one item and has keys in another is one set of columns, not two: a
 * column with dotted children gives way to them.
 */
export function tableColumns(items: readonly unknown[]): string[] {
  const seen = new Set<string>();
  for (const item of items) collectColumns(item, '', seen);
  const all = [...seen];
  const parents = new Set<string>();
  for (const column of all) {
    for (let dot = column.indexOf('.'); dot !== -1; dot = column.indexOf('.', dot + 1))
      parents.add(column.slice(0, dot));
  }
  const rank = (c: string) => (c === 'id' ? 0 : c === 'name' ? 1 : 2);
  return all.filter((c) => !parents.has(c)).sort((a, b) => rank(a) - rank(b));
}

/** The column worth keeping in view while scrolling sideways: `name`, else `id`. */
export function identifyingColumn(columns: readonly string[]): string | null {
  return columns.includes('name') ? 'name' : columns.includes('id') ? 'id' : null;
}

/** One element of a list, in a word: a tag's label, a named thing's name, else its pairs. */
function elementText(value: unknown): string {
  if (!isRecord(value)) return scalarText(value);
  for (const key of ['label', 'name', 'value', 'id']) {
    const v = value[key];
    if (v !== undefined && v !== null && typeof v !== 'object') return String(v);
  }
  return pairsText(value);
}

function scalarText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function pairsText(value: Record<string, unknown>): string {
  return Object.entries(value)
    .map(([key, v]) => `${key}: ${isRecord(v) || Array.isArray(v) ? cellText(v) : scalarText(v)}`)
    .join(', ');
}

/**
 * A cell as people read it: text as it is; a list (`tags.tag`) as its labels, comma-separated;
 * an object as `key: value` pairs. The raw JSON stays one click away in the table.
 */
export function cellText(value: unknown): string {
  if (Array.isArray(value)) return value.map(elementText).join(', ');
  if (isRecord(value)) {
    if (isListContainer(value)) return cellText(Object.values(value)[0]);
    return pairsText(value);
  }
  return scalarText(value);
}

/** Whether a cell holds more than its text says (a list or an object): it gets a raw-JSON view. */
export function isNested(value: unknown): boolean {
  return Boolean(value) && typeof value === 'object';
}

/** The quick filter over the table, as the renderer asks main for it. */
export interface QuickFilter {
  /** What the user typed: words, `"quoted words"`, `column:value`. */
  text: string;
  /** The visible columns: where a bare word is looked for. */
  columns: string[];
}

export interface FilterTerm {
  /** The column a `column:value` term names; null for a bare word (any visible column). */
  column: string | null;
  /** Lower-cased. */
  value: string;
}

/**
 * Splits the filter into terms, every one of which must match: whitespace separates terms,
 * double quotes keep words together, and `column:value` looks in that column only — when
 * `column` is one of `known` (case-insensitive); otherwise the colon is part of the word, so a
 * time (`10:30`) or a URL is still found.
 */
export function parseQuickFilter(text: string, known: readonly string[]): FilterTerm[] {
  const byLower = new Map(known.map((c) => [c.toLowerCase(), c]));
  const terms: FilterTerm[] = [];
  const pattern = /(?:([^\s:"]+):)?(?:"([^"]*)"?|(\S+))/g;
  for (const match of text.matchAll(pattern)) {
    const [whole, name, quoted, bare] = match;
    const column = name ? byLower.get(name.toLowerCase()) : undefined;
    if (name && !column) {
      const value = whole.replace(/"/g, '').toLowerCase();
      if (value) terms.push({ column: null, value });
      continue;
    }
    const value = (quoted ?? bare ?? '').toLowerCase();
    // `siteRole:` while still typing the value: no term yet, rather than nothing found.
    if (!name && bare?.endsWith(':') && byLower.has(bare.slice(0, -1).toLowerCase())) continue;
    if (value) terms.push({ column: column ?? null, value });
  }
  return terms;
}

/** Whether an item matches every term (cell text compared case-blind, as the table shows it). */
export function matchesQuickFilter(
  item: unknown,
  terms: readonly FilterTerm[],
  columns: readonly string[],
): boolean {
  const texts = new Map<string, string>();
  const text = (column: string) => {
    let t = texts.get(column);
    if (t === undefined) {
      t = cellText(readColumn(item, column)).toLowerCase();
      texts.set(column, t);
    }
    return t;
  };
  return terms.every((term) =>
    term.column !== null
      ? text(term.column).includes(term.value)
      : columns.some((c) => text(c).includes(term.value)),
  );
}

/**
 * An item cut down to some columns, nesting kept (`owner.name` stays under `owner`): what a
 * JSON export of the table's view holds.
 */
export function pickColumns(item: unknown, columns: readonly string[]): unknown {
  if (!isRecord(item)) return item;
  const out: Record<string, unknown> = {};
  for (const column of columns) {
    const value = readColumn(item, column);
    if (value === undefined) continue;
    if (column in item) {
      out[column] = value;
      continue;
    }
    const parts = column.split('.');
    let node = out;
    for (const part of parts.slice(0, -1)) {
      if (!isRecord(node[part])) node[part] = {};
      node = node[part] as Record<string, unknown>;
    }
    node[parts[parts.length - 1]] = value;
  }
  return out;
}

/**
 * A tab's table, kept with the tab across tab switches and restored with the workspace:
 * its sort, quick filter, hidden columns, frozen column and where it was scrolled to.
 */
export const tableStateSchema = z.object({
  sort: z
    .object({ key: z.string().min(1).max(500), direction: z.enum(['asc', 'desc']) })
    .nullable()
    .default(null),
  filter: z.string().max(1000).default(''),
  hidden: z.array(z.string().max(500)).max(2000).default([]),
  frozen: z.boolean().default(false),
  scrollTop: z.number().min(0).max(1e9).default(0),
  scrollLeft: z.number().min(0).max(1e9).default(0),
  /** The response the scroll position belongs to: a new answer starts at the top. */
  scrollFor: z.string().max(200).nullable().default(null),
});
export type TableState = z.infer<typeof tableStateSchema>;

export const DEFAULT_TABLE_STATE: TableState = {
  sort: null,
  filter: '',
  hidden: [],
  frozen: false,
  scrollTop: 0,
  scrollLeft: 0,
  scrollFor: null,
};
