import type { JsonSchema } from './types';

/** One way a value breaks its schema, with a JSON-pointer-like location. */
export interface SchemaProblem {
  path: string;
  message: string;
}

/**
 * Checks a value against the draft-07 subset the catalog's schemas use ($ref into
 * `definitions`, type, enum, properties, required, additionalProperties, items, pattern,
 * minimum/maximum, minLength, minItems, allOf/anyOf/oneOf). Small on purpose: the renderer's
 * editor does full validation; this keeps the catalog's own templates honest.
 */
export function checkAgainstSchema(value: unknown, schema: JsonSchema): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  visit(value, schema, '', schema, problems);
  return problems;
}

function resolveRef(ref: string, root: JsonSchema): JsonSchema {
  const name = /^#\/definitions\/(.+)$/.exec(ref)?.[1];
  const target = name ? root.definitions?.[name] : undefined;
  if (!target) throw new Error(`Unresolvable $ref ${ref}`);
  return target;
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function matchesType(value: unknown, type: string): boolean {
  const actual = typeOf(value);
  return actual === type || (type === 'number' && actual === 'integer');
}

function visit(
  value: unknown,
  schema: JsonSchema,
  path: string,
  root: JsonSchema,
  problems: SchemaProblem[],
): void {
  const at = path || '/';
  if (schema.$ref) {
    visit(value, resolveRef(schema.$ref, root), path, root, problems);
    return;
  }
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    if (!types.some((type) => matchesType(value, type))) {
      problems.push({ path: at, message: `expected ${types.join(' or ')}, got ${typeOf(value)}` });
      return;
    }
  }
  if (schema.enum && !schema.enum.some((allowed) => allowed === value)) {
    problems.push({
      path: at,
      message: `must be one of ${schema.enum.map((v) => JSON.stringify(v)).join(', ')}`,
    });
  }
  if (typeof value === 'string') {
    if (schema.pattern && !new RegExp(schema.pattern).test(value)) {
      problems.push({ path: at, message: `does not match ${schema.pattern}` });
    }
    if (schema.minLength !== undefined && value.length < schema.minLength) {
      problems.push({ path: at, message: `shorter than ${schema.minLength}` });
    }
  }
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) {
      problems.push({ path: at, message: `below ${schema.minimum}` });
    }
    if (schema.maximum !== undefined && value > schema.maximum) {
      problems.push({ path: at, message: `above ${schema.maximum}` });
    }
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) {
      problems.push({ path: at, message: `fewer than ${schema.minItems} items` });
    }
    if (schema.items) {
      const items = schema.items;
      value.forEach((item, index) => visit(item, items, `${path}/${index}`, root, problems));
    }
  }
  if (typeOf(value) === 'object') {
    const object = value as Record<string, unknown>;
    for (const name of schema.required ?? []) {
      if (!(name in object))
        problems.push({ path: at, message: `missing required property '${name}'` });
    }
    for (const [name, item] of Object.entries(object)) {
      const propertySchema = schema.properties?.[name];
      if (propertySchema) visit(item, propertySchema, `${path}/${name}`, root, problems);
      else if (schema.additionalProperties === false) {
        problems.push({ path: at, message: `unexpected property '${name}'` });
      } else if (typeof schema.additionalProperties === 'object') {
        visit(item, schema.additionalProperties, `${path}/${name}`, root, problems);
      }
    }
  }
  for (const part of schema.allOf ?? []) visit(value, part, path, root, problems);
  if (schema.anyOf && !schema.anyOf.some((part) => checkPart(value, part, root))) {
    problems.push({ path: at, message: 'matches none of anyOf' });
  }
  if (schema.oneOf && schema.oneOf.filter((part) => checkPart(value, part, root)).length !== 1) {
    problems.push({ path: at, message: 'must match exactly one of oneOf' });
  }
}

function checkPart(value: unknown, schema: JsonSchema, root: JsonSchema): boolean {
  const problems: SchemaProblem[] = [];
  visit(value, schema, '', root, problems);
  return problems.length === 0;
}
