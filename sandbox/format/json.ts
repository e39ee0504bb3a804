import type { Element } from './element';

type JsonValue = string | JsonObject | JsonValue[];
interface JsonObject {
  [key: string]: JsonValue;
}

/**
 * Tableau's JSON mapping: attributes become string keys, child elements nested objects,
 * list containers keep both names (`{"users":{"user":[...]}}`), an empty list is `{}`,
 * and element text becomes `"value"` (or the bare string when there are no attributes).
 */
export function toJsonValue(element: Element): JsonValue {
  const attrs = element.attrs;
  const children = element.children;
  const hasAttrs = attrs !== undefined && Object.keys(attrs).length > 0;
  if (element.text !== undefined && !hasAttrs && !children?.length) return element.text;
  const obj: JsonObject = {};
  if (attrs) {
    for (const key in attrs) {
      const value = attrs[key];
      if (value === undefined || value === null) continue;
      obj[key] = String(value);
    }
  }
  if (element.text !== undefined) obj.value = element.text;
  if (children) {
    for (const child of children) {
      const value = toJsonValue(child);
      const existing = obj[child.name];
      if (element.list || child.repeated) {
        if (Array.isArray(existing)) existing.push(value);
        else obj[child.name] = [value];
      } else if (existing !== undefined) {
        obj[child.name] = Array.isArray(existing) ? [...existing, value] : [existing, value];
      } else {
        obj[child.name] = value;
      }
    }
  }
  return obj;
}

/** A full response: no `tsResponse` wrapper, each top-level element becomes a key. */
export function toJsonDocument(elements: Element[]): string {
  const obj: JsonObject = {};
  for (const element of elements) obj[element.name] = toJsonValue(element);
  return JSON.stringify(obj);
}
