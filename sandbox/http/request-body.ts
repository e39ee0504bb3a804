import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { errors } from '../errors';
import type { Element } from '../format/element';

/** A parsed request body in the JSON shape (`{"credentials":{"name":...}}`), whatever it came as. */
export type Body = Record<string, unknown>;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  removeNSPrefix: true,
  parseAttributeValue: false,
  parseTagValue: false,
  ignoreDeclaration: true,
  textNodeName: 'value',
  allowBooleanAttributes: true,
});

/**
 * Parses an XML (`<tsRequest>…`) or JSON body into one shape. XML attributes become keys, as
 * in Tableau's JSON, so handlers read both formats the same way. Unparseable → 400000.
 */
export function parseBody(raw: string, contentType: string | undefined): Body {
  const text = raw.trim();
  if (text === '') return {};
  const isJson = contentType?.includes('json') ?? text.startsWith('{');
  if (isJson) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw errors.malformedBody('The request body is not valid JSON.');
    }
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      throw errors.malformedBody('The request body must be a JSON object.');
    }
    return value as Body;
  }
  if (XMLValidator.validate(text) !== true) {
    throw errors.malformedBody('The request body is not valid XML.');
  }
  const doc: unknown = parser.parse(text);
  const root = doc && typeof doc === 'object' ? (doc as Body).tsRequest : undefined;
  if (root === undefined) {
    throw errors.malformedBody("The request body's root element must be 'tsRequest'.");
  }
  return root && typeof root === 'object' ? (root as Body) : {};
}

/** Reads `body[key]` as an object (XML and JSON both give one for a child element). */
export function child(body: unknown, key: string): Body | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const value = (body as Body)[key];
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Body) : undefined;
}

export function str(body: Body | undefined, key: string): string | undefined {
  const value = body?.[key];
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** Tableau's JSON may carry booleans as `true` or `"true"`. */
export function bool(body: Body | undefined, key: string): boolean | undefined {
  const value = str(body, key);
  if (value === undefined) return undefined;
  // Tableau reads booleans case-insensitively (TSC sends Python's `True` / `False`).
  if (value.toLowerCase() === 'true') return true;
  if (value.toLowerCase() === 'false') return false;
  throw errors.badRequest(`The value '${value}' of '${key}' is not a boolean.`);
}

/** A repeated element: XML gives one object or an array; JSON an array (or one object). */
export function many(body: Body | undefined, key: string): Body[] {
  const value = body?.[key];
  if (Array.isArray(value)) return value.filter((v): v is Body => !!v && typeof v === 'object');
  if (value && typeof value === 'object') return [value as Body];
  return [];
}

/** The payload element a create/update method needs, or 400000 when it is missing. */
export function required(body: Body, key: string): Body {
  const value = child(body, key);
  if (!value) throw errors.malformedBody(`The request body must contain a '${key}' element.`);
  return value;
}

/**
 * Echoes a request element back as a response element (attributes stay attributes, child
 * objects stay children, in request order), for settings stored as sent, such as a
 * workbook's `dataFreshnessPolicy`.
 */
export function bodyToElement(name: string, body: Body): Element {
  const attrs: Element['attrs'] = {};
  const children: Element[] = [];
  for (const [key, value] of Object.entries(body)) {
    if (value === null || value === undefined) continue;
    if (Array.isArray(value)) {
      for (const item of value) {
        if (item && typeof item === 'object') children.push(bodyToElement(key, item as Body));
      }
    } else if (typeof value === 'object') {
      children.push(bodyToElement(key, value as Body));
    } else {
      attrs[key] = String(value);
    }
  }
  return { name, attrs, children };
}
