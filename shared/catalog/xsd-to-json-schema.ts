/**
 * Turns Tableau's REST API XSD into JSON Schemas for request bodies, following the way Tableau
 * maps its XML to JSON:
 * - no `tsRequest` wrapper: the request element is the top-level key (`{"user":{…}}`);
 * - attributes become properties, child elements become nested objects;
 * - a repeated element becomes an array under its own (singular) name inside its container,
 *   e.g. `{"tags":{"tag":[{"label":"x"}]}}`;
 * - element text (simple content) becomes `"value"`;
 * - `xs:boolean` accepts `true`/`false` and the strings `"true"`/`"false"`, because Tableau
 *   accepts both in JSON and returns strings; templates use real booleans;
 * - integer types accept numbers and digit strings, for the same reason.
 * XSD `use="required"` attributes stay required; per-method requirements are layered on in
 * the preset data. Pure (no I/O) so a test can run it and compare with the committed output.
 */
import { XMLParser } from 'fast-xml-parser';
import type { JsonSchema } from './types';

export interface BodySchemas {
  $comment: string;
  /** REST API version of the XSD the schemas came from. */
  xsdVersion: string;
  /** Every `tsRequest` child element: its JSON Schema (usually a `$ref` into `definitions`). */
  requestElements: Record<string, JsonSchema>;
  /** Named XSD types reachable from a request element. */
  definitions: Record<string, JsonSchema>;
}

type XsdNode = Record<string, unknown>;

const repeatable = new Set([
  'xs:element',
  'xs:attribute',
  'xs:complexType',
  'xs:simpleType',
  'xs:sequence',
  'xs:choice',
  'xs:all',
  'xs:group',
  'xs:attributeGroup',
  'xs:enumeration',
  'xs:pattern',
]);

const integerBases = new Set([
  'xs:int',
  'xs:integer',
  'xs:long',
  'xs:nonNegativeInteger',
  'xs:positiveInteger',
]);

const booleanSchema: JsonSchema = { enum: [true, false, 'true', 'false'] };

function integerSchema(minimum?: number): JsonSchema {
  const schema: JsonSchema = { type: ['integer', 'string'], pattern: '^-?[0-9]+$' };
  if (minimum !== undefined) schema.minimum = minimum;
  return schema;
}

/** Built-in XSD types used by Tableau's schema. */
function builtInSchema(type: string): JsonSchema {
  switch (type) {
    case 'xs:boolean':
      return { ...booleanSchema };
    case 'xs:int':
    case 'xs:integer':
    case 'xs:long':
      return integerSchema();
    case 'xs:nonNegativeInteger':
      return integerSchema(0);
    case 'xs:positiveInteger':
      return integerSchema(1);
    case 'xs:decimal':
      return { type: ['number', 'string'] };
    case 'xs:dateTime':
      return { type: 'string', format: 'date-time' };
    case 'xs:time':
      return { type: 'string', pattern: '^[0-9]{2}:[0-9]{2}(:[0-9]{2})?$' };
    default:
      return { type: 'string' };
  }
}

function children(node: XsdNode, tag: string): XsdNode[] {
  const value = node[tag];
  if (value === undefined || value === '') return [];
  return (Array.isArray(value) ? value : [value]) as XsdNode[];
}

function child(node: XsdNode, tag: string): XsdNode | undefined {
  return children(node, tag)[0];
}

function attr(node: XsdNode, name: string): string | undefined {
  const value = node[`@${name}`];
  return typeof value === 'string' ? value : undefined;
}

function ref(typeName: string): JsonSchema {
  return { $ref: `#/definitions/${typeName}` };
}

class Converter {
  private readonly complexTypes = new Map<string, XsdNode>();
  private readonly simpleTypes = new Map<string, XsdNode>();
  private readonly groups = new Map<string, XsdNode>();
  private readonly attributeGroups = new Map<string, XsdNode>();
  readonly definitions: Record<string, JsonSchema> = {};

  constructor(private readonly schema: XsdNode) {
    for (const node of children(schema, 'xs:complexType'))
      this.complexTypes.set(attr(node, 'name') ?? '', node);
    for (const node of children(schema, 'xs:simpleType'))
      this.simpleTypes.set(attr(node, 'name') ?? '', node);
    for (const node of children(schema, 'xs:group'))
      this.groups.set(attr(node, 'name') ?? '', node);
    for (const node of children(schema, 'xs:attributeGroup')) {
      this.attributeGroups.set(attr(node, 'name') ?? '', node);
    }
  }

  /** A type reference: built-in, or a named type converted once into `definitions`. */
  typeSchema(type: string): JsonSchema {
    if (type.startsWith('xs:')) return builtInSchema(type);
    if (!(type in this.definitions)) {
      const complex = this.complexTypes.get(type);
      const simple = this.simpleTypes.get(type);
      if (!complex && !simple) throw new Error(`XSD type '${type}' is not defined`);
      this.definitions[type] = {}; // placeholder: types may refer to themselves
      this.definitions[type] = complex
        ? this.complexSchema(complex)
        : this.simpleSchema(simple as XsdNode);
    }
    return ref(type);
  }

  simpleSchema(node: XsdNode): JsonSchema {
    const restriction = child(node, 'xs:restriction');
    if (restriction) {
      const base = attr(restriction, 'base') ?? 'xs:string';
      const values = children(restriction, 'xs:enumeration').map(
        (item) => attr(item, 'value') ?? '',
      );
      if (values.length > 0) {
        // Integer enumerations (schedule hours, minutes) accept numbers and digit strings.
        if (integerBases.has(base)) return { enum: [...values.map(Number), ...values] };
        return { type: 'string', enum: values };
      }
      const schema = base.startsWith('xs:') ? builtInSchema(base) : this.typeSchema(base);
      const patterns = children(restriction, 'xs:pattern').map((item) => attr(item, 'value') ?? '');
      if (patterns.length > 0) schema.pattern = `^(?:${patterns.join('|')})$`;
      const min = child(restriction, 'xs:minInclusive');
      const max = child(restriction, 'xs:maxInclusive');
      if (min) schema.minimum = Number(attr(min, 'value'));
      if (max) schema.maximum = Number(attr(max, 'value'));
      const minLength = child(restriction, 'xs:minLength');
      if (minLength) schema.minLength = Number(attr(minLength, 'value'));
      return schema;
    }
    const union = child(node, 'xs:union');
    if (union) {
      const members = children(union, 'xs:simpleType').map((member) => this.simpleSchema(member));
      for (const name of (attr(union, 'memberTypes') ?? '').split(/\s+/).filter(Boolean)) {
        members.push(this.typeSchema(name));
      }
      return { anyOf: members };
    }
    return { type: 'string' };
  }

  complexSchema(node: XsdNode): JsonSchema {
    const properties: Record<string, JsonSchema> = {};
    const required: string[] = [];
    this.collect(node, properties, required);
    const schema: JsonSchema = { type: 'object', properties, additionalProperties: false };
    if (required.length > 0) schema.required = required.sort();
    return schema;
  }

  /** Gathers attributes and child elements of a complex type (or a part of one). */
  private collect(node: XsdNode, properties: Record<string, JsonSchema>, required: string[]): void {
    for (const attribute of children(node, 'xs:attribute')) {
      const name = attr(attribute, 'name') ?? '';
      properties[name] = this.attributeSchema(attribute);
      if (attr(attribute, 'use') === 'required') required.push(name);
    }
    for (const group of children(node, 'xs:attributeGroup')) {
      const target = this.attributeGroups.get(attr(group, 'ref') ?? '');
      if (target) this.collect(target, properties, required);
    }
    for (const tag of ['xs:sequence', 'xs:choice', 'xs:all']) {
      for (const particle of children(node, tag)) this.collectParticle(particle, properties, false);
    }
    for (const group of children(node, 'xs:group')) {
      const target = this.groups.get(attr(group, 'ref') ?? '');
      if (target) this.collect(target, properties, required);
    }
    const complexContent = child(node, 'xs:complexContent');
    const simpleContent = child(node, 'xs:simpleContent');
    const derivation = child(complexContent ?? simpleContent ?? {}, 'xs:extension');
    if (derivation) {
      const base = attr(derivation, 'base') ?? '';
      if (simpleContent)
        properties.value = base.startsWith('xs:') ? builtInSchema(base) : this.typeSchema(base);
      else {
        const baseNode = this.complexTypes.get(base);
        if (baseNode) this.collect(baseNode, properties, required);
      }
      this.collect(derivation, properties, required);
    }
  }

  /** Elements of a sequence/choice; a repeated element (or repeated particle) is an array. */
  private collectParticle(
    particle: XsdNode,
    properties: Record<string, JsonSchema>,
    repeated: boolean,
  ): void {
    const many = repeated || attr(particle, 'maxOccurs') === 'unbounded';
    for (const element of children(particle, 'xs:element')) {
      const name = attr(element, 'name') ?? '';
      const single = this.elementSchema(element);
      const elementMany =
        many ||
        attr(element, 'maxOccurs') === 'unbounded' ||
        Number(attr(element, 'maxOccurs')) > 1;
      properties[name] = elementMany ? { type: 'array', items: single } : single;
    }
    for (const tag of ['xs:sequence', 'xs:choice', 'xs:all']) {
      for (const nested of children(particle, tag)) this.collectParticle(nested, properties, many);
    }
    for (const group of children(particle, 'xs:group')) {
      const target = this.groups.get(attr(group, 'ref') ?? '');
      if (target) {
        for (const tag of ['xs:sequence', 'xs:choice', 'xs:all']) {
          for (const nested of children(target, tag))
            this.collectParticle(nested, properties, many);
        }
      }
    }
  }

  elementSchema(element: XsdNode): JsonSchema {
    const type = attr(element, 'type');
    if (type) return this.typeSchema(type);
    const complex = child(element, 'xs:complexType');
    if (complex) return this.complexSchema(complex);
    const simple = child(element, 'xs:simpleType');
    if (simple) return this.simpleSchema(simple);
    return { type: 'string' };
  }

  private attributeSchema(attribute: XsdNode): JsonSchema {
    const type = attr(attribute, 'type');
    if (type) return this.typeSchema(type);
    const simple = child(attribute, 'xs:simpleType');
    return simple ? this.simpleSchema(simple) : { type: 'string' };
  }
}

/** Converts the XSD text into the body-schema document committed as `body-schemas.generated.json`. */
export function generateBodySchemas(xsdText: string): BodySchemas {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    ignoreDeclaration: true,
    isArray: (tagName) => repeatable.has(tagName),
  });
  const document = parser.parse(xsdText) as XsdNode;
  const schema = document['xs:schema'] as XsdNode;
  const version = /REST API (\d+\.\d+)/.exec(xsdText)?.[1] ?? 'unknown';
  const converter = new Converter(schema);
  const tsRequest = children(schema, 'xs:element').find(
    (element) => attr(element, 'name') === 'tsRequest',
  );
  if (!tsRequest) throw new Error('The XSD has no tsRequest element');
  const requestElements: Record<string, JsonSchema> = {};
  const requestType = child(tsRequest, 'xs:complexType') ?? {};
  const collected: Record<string, JsonSchema> = {};
  // Reuse the particle walk so repeated request elements (e.g. `actions`) become arrays.
  const holder = converter.complexSchema(requestType);
  Object.assign(collected, holder.properties);
  for (const name of Object.keys(collected).sort()) requestElements[name] = collected[name];
  const definitions: Record<string, JsonSchema> = {};
  for (const name of Object.keys(converter.definitions).sort())
    definitions[name] = converter.definitions[name];
  return {
    $comment:
      'Generated by scripts/generate-body-schemas.ts from shared/reference/ts-api_3_29.xsd. Do not edit.',
    xsdVersion: version,
    requestElements,
    definitions,
  };
}
