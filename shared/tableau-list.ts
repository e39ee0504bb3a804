import type { Pagination } from './request';

export interface ListLocation {
  /** Dotted path to the item array, e.g. `users.user`. */
  path: string;
  items: unknown[];
}

function toInt(value: unknown): number | null {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
  return Number.isInteger(n) ? n : null;
}

/** Tableau's pagination block, with its string numbers made numbers; null if absent. */
export function readPagination(body: unknown): Pagination | null {
  if (!body || typeof body !== 'object') return null;
  const block = (body as Record<string, unknown>).pagination;
  if (!block || typeof block !== 'object') return null;
  const b = block as Record<string, unknown>;
  const pageNumber = toInt(b.pageNumber);
  const pageSize = toInt(b.pageSize);
  const totalAvailable = toInt(b.totalAvailable);
  if (pageNumber === null || pageSize === null || totalAvailable === null) return null;
  return { pageNumber, pageSize, totalAvailable };
}

/**
 * Finds the list in a Tableau response: the first top-level container (other than
 * `pagination`) holding one array, e.g. `{"users":{"user":[…]}}` → `users.user`. An empty
 * list arrives as `{}`; its item name is then guessed from the container's name.
 */
export function findList(body: unknown): ListLocation | null {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return null;
  const graphql = graphqlList(body as Record<string, unknown>);
  if (graphql !== undefined) return graphql;
  for (const [key, container] of Object.entries(body as Record<string, unknown>)) {
    if (key === 'pagination' || !container || typeof container !== 'object') continue;
    if (Array.isArray(container)) return { path: key, items: container };
    const entries = Object.entries(container as Record<string, unknown>);
    if (entries.length === 0 && hasPaginationSibling(body)) {
      return { path: `${key}.${singular(key)}`, items: [] };
    }
    const arrays = entries.filter(([, v]) => Array.isArray(v));
    if (arrays.length === 1 && entries.length === 1) {
      return { path: `${key}.${arrays[0][0]}`, items: arrays[0][1] as unknown[] };
    }
  }
  return null;
}

/**
 * A Metadata API (GraphQL) answer, `{"data":{…},"errors":[…]}`: its list is the first root
 * field's `nodes` (a …Connection) or the field itself when it is a list. Undefined when the body
 * is not a GraphQL answer.
 */
function graphqlList(body: Record<string, unknown>): ListLocation | null | undefined {
  const { data } = body;
  if (!data || typeof data !== 'object' || Array.isArray(data)) return undefined;
  if (!Object.keys(body).every((k) => k === 'data' || k === 'errors' || k === 'extensions'))
    return undefined;
  for (const [key, value] of Object.entries(data as Record<string, unknown>)) {
    if (Array.isArray(value)) return { path: `data.${key}`, items: value };
    const nodes = value && typeof value === 'object' ? (value as { nodes?: unknown }).nodes : null;
    if (Array.isArray(nodes)) return { path: `data.${key}.nodes`, items: nodes };
  }
  return null;
}

function hasPaginationSibling(body: unknown): boolean {
  return Boolean((body as Record<string, unknown>).pagination);
}

function singular(plural: string): string {
  if (plural.endsWith('ies')) return `${plural.slice(0, -3)}y`;
  if (plural.endsWith('s')) return plural.slice(0, -1);
  return plural;
}

/** Reads the value at a dotted path (`users.user`). */
export function getAtPath(body: unknown, path: string): unknown {
  let node: unknown = body;
  for (const part of path.split('.')) {
    if (!node || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

/**
 * The items at a list path found by `findList`. An empty list arrives as an empty container
 * (`"users":{}`, as Tableau answers zero matches), which has no array at `users.user`: that
 * is an empty list, not a missing one. Null when the path holds no list.
 */
export function listItemsAt(body: unknown, path: string): unknown[] | null {
  const items = getAtPath(body, path);
  if (Array.isArray(items)) return items;
  const dot = path.lastIndexOf('.');
  if (items !== undefined || dot < 0) return null;
  const container = getAtPath(body, path.slice(0, dot));
  return container && typeof container === 'object' && Object.keys(container).length === 0
    ? []
    : null;
}

/** Number of pages for a total and a page size (at least 1, as Tableau answers page 1 of an empty list). */
export function pageCount(totalAvailable: number, pageSize: number): number {
  return Math.max(1, Math.ceil(totalAvailable / Math.max(1, pageSize)));
}
