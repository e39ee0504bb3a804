import Papa from 'papaparse';

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

/** CSV with one column per dotted field, the union of keys across items, in first-seen order. */
export function toCsv(items: unknown[]): string {
  const rows = items.map((item) => flatten(item));
  const columns: string[] = [];
  const seen = new Set<string>();
  for (const row of rows) {
    for (const key of Object.keys(row)) {
      if (!seen.has(key)) {
        seen.add(key);
        columns.push(key);
      }
    }
  }
  // escapeFormulae: a cell starting with = + - @ is not run as a formula when opened in a spreadsheet.
  return Papa.unparse(
    { fields: columns, data: rows.map((row) => columns.map((c) => row[c] ?? '')) },
    { escapeFormulae: true },
  );
}

export function toJson(value: unknown): string {
  return JSON.stringify(value, null, 2);
}
