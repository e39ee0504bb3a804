import type { Preset } from '../../shared/catalog';
import type { GraphqlQueryPreset } from '../../shared/catalog/families/metadata-api';
import { PRESET_FILE_PARTS } from '../../shared/multipart';
import { fileExtension, PUBLISH_FILE_TYPES } from '../../shared/publish';
import type { RequestBody, RequestSpec } from '../../shared/request';

/** The extensions each file part of a multipart preset takes, by part name (for the picker). */
export function presetFileTypes(presetId: string | undefined): Record<string, string> | undefined {
  const parts = presetId ? PRESET_FILE_PARTS[presetId] : undefined;
  return parts && Object.fromEntries(parts.parts.map((p) => [p.name, p.accept]));
}

/**
 * A preset that takes files opens in Multipart mode: its payload template (JSON) as
 * `request_payload` and its file parts named, waiting for files.
 */
function multipartFromPreset(preset: Preset): RequestBody {
  const parts = PRESET_FILE_PARTS[preset.id];
  const template = preset.body?.template;
  return {
    kind: 'multipart',
    text: template === undefined ? '' : JSON.stringify(template, null, 2),
    payloadType: template === undefined ? (parts?.payload ?? 'xml') : 'json',
    files: (parts?.parts ?? [{ name: 'tableau_file' }]).map((p) => ({
      name: p.name,
      path: '',
      ...('contentType' in p && p.contentType ? { contentType: p.contentType } : {}),
    })),
    boundary: crypto.randomUUID().replace(/-/g, ''),
  };
}

/**
 * Publishing needs the file's type in the query (`workbookType=twbx`…): when a publish part
 * gets a file and the query has no type yet, it is set from the file's extension, visibly.
 */
export function withPublishTypeParam(spec: RequestSpec): RequestSpec {
  if (spec.body.kind !== 'multipart') return spec;
  for (const file of spec.body.files) {
    const extension = fileExtension(file.path);
    const type = PUBLISH_FILE_TYPES[extension];
    if (!type || type.part !== file.name) continue;
    if (spec.query.some((q) => q.name === type.typeParam)) return spec;
    return withQueryValue(spec, type.typeParam, extension);
  }
  return spec;
}

/** A request filled from a preset: method, path, default query parameters, body template. */
export function specFromPreset(preset: Preset): RequestSpec {
  const template = preset.body?.template;
  if (preset.body?.format === 'multipart')
    return { ...specFromPresetJson(preset, undefined), body: multipartFromPreset(preset) };
  return specFromPresetJson(preset, template);
}

function specFromPresetJson(preset: Preset, template: unknown): RequestSpec {
  const query = preset.query
    .filter((q) => q.default !== undefined || q.required)
    .map((q) => ({ name: q.name, value: q.default ?? '', enabled: true }));
  const graphql = graphqlTemplate(preset.path, template);
  return {
    method: preset.method,
    path: preset.path,
    pathParams: {},
    query,
    headers: [],
    body: graphql
      ? graphql
      : template === undefined
        ? { kind: 'none' }
        : { kind: 'json', text: JSON.stringify(template, null, 2) },
    accept: 'json',
  };
}

export const METADATA_GRAPHQL_PATH = '/api/metadata/graphql';

/** The Metadata API's `{query, variables}` template opens as a GraphQL body, not escaped JSON. */
function graphqlTemplate(path: string, template: unknown): RequestSpec['body'] | null {
  if (path !== METADATA_GRAPHQL_PATH || !template || typeof template !== 'object') return null;
  const { query, variables } = template as { query?: unknown; variables?: unknown };
  if (typeof query !== 'string') return null;
  return {
    kind: 'graphql',
    text: query,
    variables: variables ? JSON.stringify(variables, null, 2) : '',
  };
}

/** A governance query (Metadata API) as a request: its document and variables. */
export function specFromQueryPreset(preset: GraphqlQueryPreset): RequestSpec {
  return {
    method: 'POST',
    path: METADATA_GRAPHQL_PATH,
    pathParams: {},
    query: [],
    headers: [],
    body: {
      kind: 'graphql',
      text: preset.query,
      variables: JSON.stringify(preset.variables, null, 2),
    },
    accept: 'json',
  };
}

export function emptySpec(): RequestSpec {
  return {
    method: 'GET',
    path: '/api/{api-version}/sites/{site-id}/',
    pathParams: {},
    query: [],
    headers: [],
    body: { kind: 'none' },
    accept: 'json',
  };
}

/** The enabled value of a query parameter, or undefined. */
export function queryValue(spec: RequestSpec, name: string): string | undefined {
  return spec.query.find((q) => q.name === name && q.enabled)?.value;
}

/**
 * Sets (or with `undefined`/'' removes) a query parameter, keeping its position; used by the
 * Tableau helpers (page size/number, filter, sort, fields).
 */
export function withQueryValue(
  spec: RequestSpec,
  name: string,
  value: string | undefined,
): RequestSpec {
  const index = spec.query.findIndex((q) => q.name === name);
  const query = [...spec.query];
  if (value === undefined || value === '') {
    if (index >= 0) query.splice(index, 1);
  } else if (index >= 0) {
    query[index] = { ...query[index], value, enabled: true };
  } else {
    query.push({ name, value, enabled: true });
  }
  return { ...spec, query };
}

export function specsEqual(a: RequestSpec, b: RequestSpec): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** A short title for a tab or history entry: the last non-placeholder path segment. */
export function titleForSpec(spec: RequestSpec): string {
  const segments = spec.path.split('/').filter((s) => s && !/^\{.*\}$/.test(s) && s !== 'api');
  return `${spec.method} ${segments.slice(-2).join('/') || spec.path}`;
}

/** What goes over the wire: rows without a name (a half-typed table row) are left out. */
export function sendableSpec(spec: RequestSpec): RequestSpec {
  return {
    ...spec,
    query: spec.query.filter((q) => q.name.trim() !== ''),
    headers: spec.headers.filter((h) => h.name.trim() !== ''),
  };
}

/** Tableau's page size when a request names none (tableau-api.md §4). */
const TABLEAU_DEFAULT_PAGE_SIZE = '100';

/**
 * The spec and page size for a fetch-all. A page size the user chose is kept; Tableau's default
 * of 100 (which presets fill in) is not a choice, so fetch-all drops it and the engine asks for
 * the maximum, 1000 — ten times fewer requests for the same items.
 */
export function fetchAllRequest(spec: RequestSpec): { spec: RequestSpec; pageSize?: number } {
  const sendable = sendableSpec(spec);
  const size = sendable.query.find((q) => q.enabled && q.name === 'pageSize');
  const chosen = size && size.value.trim() !== TABLEAU_DEFAULT_PAGE_SIZE ? Number(size.value) : NaN;
  if (Number.isInteger(chosen) && chosen >= 1 && chosen <= 1000) {
    return { spec: sendable, pageSize: chosen };
  }
  return {
    spec: { ...sendable, query: sendable.query.filter((q) => q.name !== 'pageSize') },
  };
}
