import type { JsonSchema, Preset } from '../../shared/catalog';
import type { RequestSpec } from '../../shared/request';
import type { RunStart } from '../../shared/run';
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

/** `workbook.owner.id` → `['workbook', 'owner', 'id']`; `tags.tag.0.label` keeps 0 a number. */
function bodyPathOf(key: string): (string | number)[] {
  return key.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

function bodyTarget(key: string): MappingTarget {
  return {
    slot: `each.body.${key}`,
    place: 'body',
    label: key,
    key,
    bodyPath: bodyPathOf(key),
    required: false,
  };
}

/**
 * A body field the preset's example leaves out but the user may add, e.g. `workbook.owner.id`
 * for Update Workbook (changing owners): a dotted path of names (numbers for array items).
 */
export function isBodyFieldPath(key: string): boolean {
  return /^[A-Za-z_][\w-]*(\.([A-Za-z_][\w-]*|\d+))*$/.test(key);
}

/**
 * What a preset lets a row fill: its path placeholders, its query parameters, its body's fields
 * (the example's, then any the user added by name).
 */
export function mappingTargets(
  preset: Preset,
  extraBodyFields: readonly string[] = [],
): MappingTarget[] {
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
    for (const p of paths) targets.push({ ...bodyTarget(p.join('.')), bodyPath: p });
  }
  if (preset.body?.format === 'json')
    for (const key of extraBodyFields)
      if (isBodyFieldPath(key) && !targets.some((t) => t.place === 'body' && t.key === key))
        targets.push(bodyTarget(key));
  return targets;
}

/**
 * Body fields Tableau's schema allows beyond the example (`workbook.owner.id`…), offered when
 * the user adds a field: plain values up to three levels down, arrays left out.
 */
export function bodyFieldSuggestions(preset: Preset): string[] {
  const schema = preset.body?.format === 'json' ? preset.body.schema : undefined;
  if (!schema) return [];
  const definitions = schema.definitions ?? {};
  const out: string[] = [];
  const walk = (node: JsonSchema, path: string[], seen: Set<string>) => {
    let s = node;
    const refs = new Set(seen);
    while (s.$ref) {
      const name = s.$ref.split('/').pop() ?? '';
      if (refs.has(name) || !definitions[name]) return;
      refs.add(name);
      s = definitions[name];
    }
    if (s.properties) {
      if (path.length > 3) return;
      for (const [key, child] of Object.entries(s.properties)) walk(child, [...path, key], refs);
    } else if (s.type !== 'array' && !s.items && path.length > 0) out.push(path.join('.'));
  };
  walk(schema, [], new Set());
  return out;
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

/**
 * Each row's values; a row whose mapped cell is empty is skipped and says which column.
 * `rowLabels` names rows where the source knows better (a CSV file: its row and line numbers).
 */
export function planRows(
  rows: unknown[],
  targets: MappingTarget[],
  mapping: Mapping,
  labelColumn: string | null,
  rowLabels?: readonly string[],
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
    const name = labelColumn ? cellValue(row, labelColumn) : '';
    const place = rowLabels?.[i];
    const label = place ? (name ? `${place} · ${name}` : place) : name || `row ${i + 1}`;
    return {
      index: i + 1,
      label,
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

/**
 * The `run` operation the dialog starts: the template as a one-request collection, each row to
 * send as one iteration row (its `{{each.…}}` values), so the run fills exactly what the
 * preview showed. Skipped rows are not in it.
 */
export function forEachRunStart(options: {
  id: string;
  requestId: string;
  preset: Preset;
  spec: RequestSpec;
  plans: RowPlan[];
  sourceName: string;
  bail: boolean;
  concurrency: number;
}): RunStart {
  const { preset, spec } = options;
  return {
    kind: 'run',
    source: {
      from: 'inline',
      collection: {
        id: options.id,
        name: `For each row: ${preset.name}`,
        folders: [],
        requests: [
          { id: options.requestId, name: preset.name, description: '', presetId: preset.id, spec },
        ],
      },
    },
    data: {
      format: 'json',
      text: JSON.stringify(options.plans.filter((p) => !p.skipped).map((p) => p.values)),
      name: options.sourceName,
    },
    variables: {},
    secretVariables: {},
    options: { bail: options.bail, concurrency: options.concurrency, delayMs: 0 },
  };
}
