/**
 * Table rows from Tableau list items: nested objects become dotted columns (`owner.id`);
 * arrays stay one cell (shown as JSON). Tableau's JSON nests one level for most references.
 */
export function flattenRow(
  item: unknown,
  prefix = '',
  out: Record<string, unknown> = {},
): Record<string, unknown> {
  if (!item || typeof item !== 'object' || Array.isArray(item)) {
    out[prefix || 'value'] = item;
    return out;
  }
  for (const [key, value] of Object.entries(item as Record<string, unknown>)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (
      value &&
      typeof value === 'object' &&
      !Array.isArray(value) &&
      Object.keys(value).length > 0
    ) {
      flattenRow(value, name, out);
    } else {
      out[name] = value;
    }
  }
  return out;
}

/** The union of flattened keys of some rows, in first-seen order, `id` and `name` first. */
export function columnsOf(rows: readonly unknown[]): string[] {
  const seen = new Set<string>();
  for (const row of rows) for (const key of Object.keys(flattenRow(row))) seen.add(key);
  const columns = [...seen];
  const rank = (c: string) => (c === 'id' ? 0 : c === 'name' ? 1 : 2);
  return columns.sort((a, b) => rank(a) - rank(b));
}

/** Reads a dotted column from an unflattened item. */
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
