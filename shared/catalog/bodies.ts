/**
 * Body helpers for presets: a JSON template plus a JSON Schema built from the generated XSD
 * types, with the method's own required fields layered on top.
 */
import generated from './body-schemas.generated.json' with { type: 'json' };
import type { JsonSchema, PresetBody } from './types';

interface GeneratedSchemas {
  requestElements: Record<string, JsonSchema>;
  definitions: Record<string, JsonSchema>;
}

const schemas = generated as unknown as GeneratedSchemas;

export const draft07 = 'http://json-schema.org/draft-07/schema#';

/** Fields a method requires, keyed by dotted path from the body root: `user`, `credentials.site`. */
export type RequiredFields = Record<string, string[]>;

export interface BodyOptions {
  required?: RequiredFields;
  note?: string;
}

/** Names of the definitions a schema refers to, transitively. */
function referencedDefinitions(schema: JsonSchema): Record<string, JsonSchema> {
  const found: Record<string, JsonSchema> = {};
  const pending: JsonSchema[] = [schema];
  while (pending.length > 0) {
    const next = pending.pop() as JsonSchema;
    for (const ref of refsIn(next)) {
      const name = ref.slice('#/definitions/'.length);
      if (name in found) continue;
      const target = schemas.definitions[name];
      if (!target) throw new Error(`Unknown body type ${name}`);
      found[name] = target;
      pending.push(target);
    }
  }
  return Object.fromEntries(
    Object.keys(found)
      .sort()
      .map((name) => [name, found[name]]),
  );
}

function refsIn(schema: unknown): string[] {
  if (Array.isArray(schema)) return schema.flatMap(refsIn);
  if (schema === null || typeof schema !== 'object') return [];
  return Object.entries(schema).flatMap(([key, value]) =>
    key === '$ref' && typeof value === 'string' ? [value] : refsIn(value),
  );
}

/** An overlay schema making the listed fields required, at dotted paths from the body root. */
function requiredOverlay(required: RequiredFields): JsonSchema | undefined {
  const overlay: JsonSchema = {};
  for (const [path, names] of Object.entries(required)) {
    let target = overlay;
    for (const step of path.split('.').filter(Boolean)) {
      target.properties ??= {};
      target.properties[step] ??= {};
      target = target.properties[step];
    }
    target.required = [...(target.required ?? []), ...names];
  }
  return Object.keys(overlay).length === 0 ? undefined : overlay;
}

/**
 * A schema for `{ [root]: … }` where the element's type comes from Tableau's XSD; `required`
 * paths start at the body, e.g. `{ user: ['name'] }` or `{ 'credentials.site': ['contentUrl'] }`.
 */
export function requestSchema(root: string, required: RequiredFields = {}): JsonSchema {
  const element = schemas.requestElements[root];
  if (!element) throw new Error(`No tsRequest element '${root}' in the XSD`);
  const schema: JsonSchema = {
    $schema: draft07,
    type: 'object',
    properties: { [root]: element },
    required: [root],
    additionalProperties: false,
  };
  const overlay = requiredOverlay(required);
  if (overlay) schema.allOf = [overlay];
  schema.definitions = referencedDefinitions(schema);
  return schema;
}

/** A JSON body whose single top-level key is a `tsRequest` element of the XSD. */
export function jsonBody(
  root: string,
  template: Record<string, unknown>,
  options: BodyOptions = {},
): PresetBody {
  const body: PresetBody = {
    format: 'json',
    template,
    schema: requestSchema(root, options.required),
  };
  if (options.note) body.note = options.note;
  return body;
}

/**
 * A JSON body whose top-level keys are several `tsRequest` elements of the XSD, e.g.
 * `connectionLuids` plus `connection` for Update Data Source Connections.
 */
export function jsonBodyOf(
  roots: string[],
  template: Record<string, unknown>,
  options: BodyOptions = {},
): PresetBody {
  const properties: Record<string, JsonSchema> = {};
  for (const root of roots) {
    const element = schemas.requestElements[root];
    if (!element) throw new Error(`No tsRequest element '${root}' in the XSD`);
    properties[root] = element;
  }
  const schema: JsonSchema = {
    $schema: draft07,
    type: 'object',
    properties,
    required: roots,
    additionalProperties: false,
  };
  const overlay = requiredOverlay(options.required ?? {});
  if (overlay) schema.allOf = [overlay];
  schema.definitions = referencedDefinitions(schema);
  const body: PresetBody = { format: 'json', template, schema };
  if (options.note) body.note = options.note;
  return body;
}

/** An empty JSON body (`<tsRequest/>` in XML), e.g. Update Workbook Now. */
export function emptyBody(note?: string): PresetBody {
  const body: PresetBody = {
    format: 'json',
    template: {},
    schema: { $schema: draft07, type: 'object', properties: {}, additionalProperties: false },
  };
  if (note) body.note = note;
  return body;
}

/** A JSON body outside the XSD (versionless, Pulse, GraphQL…) with a hand-written schema. */
export function freeJsonBody(template: unknown, schema: JsonSchema, note?: string): PresetBody {
  const body: PresetBody = { format: 'json', template, schema: { $schema: draft07, ...schema } };
  if (note) body.note = note;
  return body;
}

/**
 * A `multipart/mixed` body: `request_payload` (template and schema below, sent as XML or
 * JSON) and, unless a finished upload session is named, the file part described in `note`.
 */
export function multipartBody(
  root: string,
  template: Record<string, unknown>,
  note: string,
  required: RequiredFields = {},
): PresetBody {
  return { format: 'multipart', template, schema: requestSchema(root, required), note };
}

/** Stands in for a LUID in templates; the editor shows where to put a real one. */
export const exampleLuid = '00000000-0000-0000-0000-000000000000';
