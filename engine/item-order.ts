import { cellText, readColumn } from '../shared/table-view';

/**
 * Sorting a stored list by one column, for the response table (DESIGN.md §8: the renderer
 * never holds the list, so main sorts and serves slices in the new order).
 */
export interface ItemSort {
  /** A dotted column as the table names it: `name`, `owner.id`. */
  key: string;
  direction: 'asc' | 'desc';
}

/**
 * One collator for every user: the order must not change with the OS locale, `user9` comes
 * before `user10` as people expect, and case alone does not separate two names (they tie).
 */
const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'accent' });

/** Rank 0: a number (or a numeric string, as Tableau's JSON often writes sizes); 1: text; 2: empty. */
type SortValue = { rank: 0; value: number } | { rank: 1; value: string } | { rank: 2 };

function sortValue(cell: unknown): SortValue {
  if (cell === undefined || cell === null || cell === '') return { rank: 2 };
  if (typeof cell === 'number' && Number.isFinite(cell)) return { rank: 0, value: cell };
  if (typeof cell === 'string' && cell.trim() !== '' && Number.isFinite(Number(cell)))
    return { rank: 0, value: Number(cell) };
  // A nested value sorts as the table shows it: tags by their labels, an object by its pairs.
  const text = typeof cell === 'object' ? cellText(cell) : String(cell);
  return text === '' ? { rank: 2 } : { rank: 1, value: text };
}

function compareValues(a: SortValue, b: SortValue): number {
  if (a.rank !== b.rank) return a.rank - b.rank;
  if (a.rank === 0 && b.rank === 0) return a.value - b.value;
  if (a.rank === 1 && b.rank === 1) return collator.compare(a.value, b.value);
  return 0;
}

/**
 * The order of `items` by `sort.key`, as indexes into `items`. Ascending puts numbers before
 * text; descending reverses that; empty cells stay last either way, and equal cells keep
 * their original order (stable).
 */
export function sortOrder(items: readonly unknown[], sort: ItemSort): Uint32Array {
  // Keys are computed once: 100,000 items means ~1.7M comparisons.
  const values = items.map((item) => sortValue(readColumn(item, sort.key)));
  const sign = sort.direction === 'asc' ? 1 : -1;
  const order = Array.from(items, (_, i) => i);
  order.sort((a, b) => {
    const x = values[a];
    const y = values[b];
    if (x.rank === 2 || y.rank === 2) return x.rank === y.rank ? a - b : x.rank === 2 ? 1 : -1;
    return sign * compareValues(x, y) || a - b;
  });
  return Uint32Array.from(order);
}
