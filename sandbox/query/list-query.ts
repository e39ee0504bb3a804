import type { Collection } from '../data/collection';
import { list, type Element } from '../format/element';
import { ok, type Reply } from '../http/route';
import { parseFields, renderSelected, type Renderer } from './fields';
import { parseFilter, parseSort, type FieldSpecs } from './filter-sort';
import { paginate, parsePaging } from './paging';

export interface ListSource<T extends { id: string }> {
  items: readonly T[];
  /** Collection whose cache memoises filter/sort results, and a key naming this list. */
  cache?: { collection: Collection<T>; key: string };
}

/** Filters and sorts (cached until the collection changes), without paging. */
export function queryItems<T extends { id: string }>(
  source: ListSource<T>,
  specs: FieldSpecs<T>,
  query: URLSearchParams,
): readonly T[] {
  const filterText = query.get('filter');
  const sortText = query.get('sort');
  const predicate = parseFilter(specs, filterText);
  const sorter = parseSort(specs, sortText);
  if (!predicate && !sorter) return source.items;
  const compute = () => {
    const filtered = predicate ? source.items.filter(predicate) : [...source.items];
    return sorter ? sorter(filtered) : filtered;
  };
  if (!source.cache) return compute();
  return source.cache.collection.derived(`${source.cache.key}|${filterText}|${sortText}`, compute);
}

/**
 * A paginated Tableau list: `<pagination/>` first, then `<{listName}>` with one page of
 * items, honouring `filter`, `sort`, `fields`, `pageSize` and `pageNumber`.
 */
export function paginatedList<T extends { id: string }>(
  query: URLSearchParams,
  source: ListSource<T>,
  specs: FieldSpecs<T>,
  listName: string,
  render: Renderer<T>,
  extra: Element[] = [],
): Reply {
  const paging = parsePaging(query);
  const selection = parseFields(query.get('fields'));
  const items = queryItems(source, specs, query);
  const { page, pagination } = paginate(items, paging);
  const elements = page.map((item) => renderSelected(item, render, selection));
  return ok([pagination, list(listName, elements), ...extra]);
}

/** A list Tableau does not paginate (views of a workbook, connections, permissions…). */
export function plainList<T>(
  items: readonly T[],
  listName: string,
  render: (item: T) => Element,
): Reply {
  return ok([list(listName, items.map(render))]);
}
