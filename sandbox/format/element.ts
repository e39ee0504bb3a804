/**
 * One response element, written once and serialised to either XML or Tableau's JSON.
 * Attribute order is kept as written; child order must follow the XSD sequence.
 */
export type AttrValue = string | number | boolean | undefined | null;

export interface Element {
  name: string;
  attrs?: Record<string, AttrValue>;
  children?: Element[];
  /** Element text; in JSON it becomes `"value"` when the element also has attributes. */
  text?: string;
  /** A list container: in JSON each child name maps to an array, and an empty list is `{}`. */
  list?: boolean;
  /** Repeated sibling without a container (e.g. `granteeCapabilities`): always an array in JSON. */
  repeated?: boolean;
}

export function el(name: string, attrs?: Record<string, AttrValue>, children?: Element[]): Element {
  return { name, attrs, children };
}

export function list(name: string, children: Element[]): Element {
  return { name, children, list: true };
}

export function textEl(name: string, text: string, attrs?: Record<string, AttrValue>): Element {
  return { name, text, attrs };
}
