import type { Preset } from '../../shared/catalog';
import type { RequestSpec } from '../../shared/request';
import { placeholders } from '../../shared/url-template';
import { specFromPreset } from './request-spec';
import { isSessionPlaceholder } from './resolved-url';

/**
 * "For each row, send this request" (issue 14): a preset whose path values, query values and
 * body fields come from a row's columns or a constant. The request is built once, with a
 * `{{each.…}}` variable where a column goes; each row becomes one iteration-data row of a
 * collection run, so the preview and the run fill the same template with the same values.
 */

/** A row's value under a table column (`owner.id`: a nested field), as the table reads it. */
export function cellValue(item: unknown, column: string): string {
  let node: unknown = item;
  if (item && typeof item === 'object' && column in item)
    node = (item as Record<string, unknown>)[column];
  else
    for (const part of column.split('.')) {
      if (!node || typeof node !== 'object') return '';
      node = (node as Record<string, unknown>)[part];
    }
  if (node === null || node === undefined) return '';
  return typeof node === 'object' ? JSON.stringify(node) : String(node);
}

/** The column that names a row in messages: `name`, else `id`. */
export function labelColumnOf(columns: readonly string[]): string | null {
  return columns.includes('name') ? 'name' : columns.includes('id') ? 'id' : null;
}

export type MappingSource =
  | { kind: 'column'; column: string }
  | { kind: 'constant'; value: string }
  /** A query value or body field left out of the request. */
  | { kind: 'omit' };

export interface MappingTarget {
  /** The `{{each.…}}` variable a column fills, unique per target. */
  slot: string;
  place: 'path' | 'query' | 'body';
  /** `{user-id}`, `mapAssetsTo`, `user.siteRole`. */
  label: string;
  /** Path: the placeholder; query: the parameter; body: the field's path in the template. */
  key: string;
  bodyPath?: (string | number)[];
  /** Path values must be given; the rest may be left out. */
  required: boolean;
}

export type Mapping = Record<string, MappingSource>;

function leaves(value: unknown, path: (string | number)[], out: (string | number)[][]): void {
  if (Array.isArray(value)) value.forEach((v, i) => leaves(v, [...path, i], out));
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) leaves(v, [...path, k], out);
  else out.push(path);
}

/** What a preset lets a row fill: its path placeholders, its query parameters, its body's fields. */
export function mappingTargets(preset: Preset): MappingTarget[] {
  const targets: MappingTarget[] = placeholders(preset.path)
    .filter((name) => !isSessionPlaceholder(name))
    .map((name) => ({
      slot: `each.${name}`,
      place: 'path',
      label: `{${name}}`,
      key: name,
      required: true,
    }));
  for (const q of preset.query)
    targets.push({
      slot: `each.query.${q.name}`,
      place: 'query',
      label: q.name,
      key: q.name,
      required: false,
    });
  const template = preset.body?.template;
  if (template && typeof template === 'object') {
    const paths: (string | number)[][] = [];
    leaves(template, [], paths);
    for (const p of paths) {
      const key = p.join('.');
      targets.push({
        slot: `each.body.${key}`,
        place: 'body',
        label: key,
        key,
        bodyPath: p,
        required: false,
      });
    }
  }
  return targets;
}

/** A first mapping: `{user-id}` ← `id` (the list's own ids), `{x}` ← a column named x; the rest left out. */
export function defaultMapping(targets: MappingTarget[], columns: string[]): Mapping {
  const mapping: Mapping = {};
  for (const t of targets) {
    const same = columns.find((c) => c.toLowerCase() === t.key.toLowerCase());
    if (t.place === 'path')
      mapping[t.slot] = same
        ? { kind: 'column', column: same }
        : t.key.endsWith('-id') && columns.includes('id')
          ? { kind: 'column', column: 'id' }
          : { kind: 'constant', value: '' };
    else mapping[t.slot] = { kind: 'omit' };
  }
  return mapping;
}

function setAt(root: Record<string, unknown>, path: (string | number)[], value: string): void {
  let node: Record<string | number, unknown> = root;
  path.forEach((part, i) => {
    if (i === path.length - 1) {
      node[part] = value;
      return;
    }
    const nextIsIndex = typeof path[i + 1] === 'number';
    node[part] ??= nextIsIndex ? [] : {};
    node = node[part] as Record<string | number, unknown>;
  });
}

/** The request every row fills: constants written in, columns as `{{each.…}}` variables. */
export function templateSpec(
  preset: Preset,
  targets: MappingTarget[],
  mapping: Mapping,
): RequestSpec {
  const base = specFromPreset(preset);
  const value = (t: MappingTarget): string | null => {
    const m = mapping[t.slot];
    if (!m || m.kind === 'omit') return null;
    return m.kind === 'column' ? `{{${t.slot}}}` : m.value;
  };
  const pathParams: Record<string, string> = {};
  const query: RequestSpec['query'] = [];
  const body: Record<string, unknown> = {};
  let bodyFields = 0;
  for (const t of targets) {
    const v = value(t);
    if (v === null) continue;
    if (t.place === 'path') pathParams[t.key] = v;
    else if (t.place === 'query') query.push({ name: t.key, value: v, enabled: true });
    else if (t.bodyPath) {
      setAt(body, t.bodyPath, v);
      bodyFields++;
    }
  }
  return {
    ...base,
    pathParams,
    query,
    body:
      base.body.kind === 'json'
        ? { kind: 'json', text: JSON.stringify(bodyFields ? body : {}, null, 2) }
        : base.body,
  };
}

export interface RowPlan {
  /** 1-based, in the order the rows are run. */
  index: number;
  label: string;
  /** The `{{each.…}}` values of the row (body values escaped for a JSON string). */
  values: Record<string, string>;
  /** Why the row is not sent: a mapped column is empty in it. */
  skipped: string | null;
}

/** Each row's values; a row whose mapped cell is empty is skipped and says which column. */
export function planRows(
  rows: unknown[],
  targets: MappingTarget[],
  mapping: Mapping,
  labelColumn: string | null,
): RowPlan[] {
  return rows.map((row, i) => {
    const values: Record<string, string> = {};
    const empty: string[] = [];
    for (const t of targets) {
      const m = mapping[t.slot];
      if (m?.kind !== 'column') continue;
      const text = cellValue(row, m.column).trim();
      if (!text) empty.push(`${m.column} (for ${t.label})`);
      values[t.slot] = t.place === 'body' ? JSON.stringify(text).slice(1, -1) : text;
    }
    const label = labelColumn ? cellValue(row, labelColumn) : '';
    return {
      index: i + 1,
      label: label || `row ${i + 1}`,
      values,
      skipped: empty.length ? `empty ${empty.join(', ')}` : null,
    };
  });
}

const REFERENCE = /\{\{\s*([^{}]+?)\s*\}\}/g;

/** The template with one row's values in, as the run's iteration layer fills it. */
export function fillRow(spec: RequestSpec, values: Record<string, string>): RequestSpec {
  const fill = (text: string) =>
    text.replace(REFERENCE, (whole, name: string) => values[name] ?? whole);
  return {
    ...spec,
    pathParams: Object.fromEntries(Object.entries(spec.pathParams).map(([k, v]) => [k, fill(v)])),
    query: spec.query.map((q) => ({ ...q, value: fill(q.value) })),
    body: spec.body.kind === 'none' ? spec.body : { ...spec.body, text: fill(spec.body.text) },
  };
}
