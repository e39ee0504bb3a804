import type { Element } from '../format/element';

export type FieldMode = 'default' | 'all';

/** Renders one item with Tableau's default field set or with `_all_`. */
export type Renderer<T> = (item: T, mode: FieldMode) => Element;

/**
 * `fields=_default_`, `_all_`, or an explicit list such as `id,name,owner.email` or
 * `_default_,sheetCount` (tableau-api.md §4). A dotted name selects an attribute of a child.
 */
export interface FieldSelection {
  mode: FieldMode;
  /** Explicit names; with `_default_` they add to the default set, otherwise they replace it. */
  names?: Map<string, Set<string>>;
}

export function parseFields(text: string | null): FieldSelection {
  if (!text || text === '_default_') return { mode: 'default' };
  if (text === '_all_') return { mode: 'all' };
  const names = new Map<string, Set<string>>();
  let withDefault = false;
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    if (part === '_default_') withDefault = true;
    else if (part === '_all_') return { mode: 'all' };
    else {
      const [head, sub] = part.split('.', 2);
      const set = names.get(head) ?? new Set<string>();
      if (sub) set.add(sub);
      names.set(head, set);
    }
  }
  return { mode: withDefault ? 'default' : 'all', names };
}

function pick(element: Element, sub: Set<string>): Element {
  if (sub.size === 0) return element;
  const attrs: Element['attrs'] = {};
  for (const key of sub) if (element.attrs?.[key] !== undefined) attrs[key] = element.attrs[key];
  return { name: element.name, attrs };
}

/** Applies a selection to one item, rendering at most twice. */
export function renderSelected<T>(
  item: T,
  render: Renderer<T>,
  selection: FieldSelection,
): Element {
  if (!selection.names) return render(item, selection.mode);
  const full = render(item, 'all');
  const names = selection.names;
  if (selection.mode === 'default') {
    const base = render(item, 'default');
    const attrs = { ...base.attrs };
    const children = [...(base.children ?? [])];
    for (const [name, sub] of names) {
      if (full.attrs?.[name] !== undefined) attrs[name] = full.attrs[name];
      const extra = full.children?.find((c) => c.name === name);
      if (extra && !children.some((c) => c.name === name)) children.push(pick(extra, sub));
    }
    return { ...base, attrs, children };
  }
  const attrs: Element['attrs'] = {};
  for (const key in full.attrs) if (names.has(key)) attrs[key] = full.attrs[key];
  const children = (full.children ?? [])
    .filter((c) => names.has(c.name))
    .map((c) => pick(c, names.get(c.name) as Set<string>));
  return { ...full, attrs, children };
}
