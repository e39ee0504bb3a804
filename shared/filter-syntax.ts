/**
 * Tableau's `filter` and `sort` query syntax ("Filtering and Sorting" in the REST API
 * reference): `filter=name:eq:Finance,createdAt:gt:2024-01-01T00:00:00Z` (comma = AND) and
 * `sort=name:asc,createdAt:desc`. `in` takes a bracketed list: `tags:in:[sales,finance]`.
 * Values may hold colons (timestamps), so only the first two colons separate the parts.
 */
export const FILTER_OPERATORS = ['eq', 'gt', 'gte', 'lt', 'lte', 'in', 'has', 'cieq'] as const;
export type FilterOperator = (typeof FILTER_OPERATORS)[number];

export interface FilterExpression {
  field: string;
  operator: FilterOperator;
  /** For `in`, the comma-separated list without brackets. */
  value: string;
}

export interface SortExpression {
  field: string;
  direction: 'asc' | 'desc';
}

/** Splits on commas that are not inside `[…]`. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of text) {
    if (char === '[') depth += 1;
    if (char === ']') depth = Math.max(0, depth - 1);
    if (char === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  parts.push(current);
  return parts.map((p) => p.trim()).filter(Boolean);
}

export function isFilterOperator(value: string): value is FilterOperator {
  return (FILTER_OPERATORS as readonly string[]).includes(value);
}

/** Parses a filter value; returns null when any expression is not `field:operator:value`. */
export function parseFilter(text: string): FilterExpression[] | null {
  const expressions: FilterExpression[] = [];
  for (const part of splitTopLevel(text)) {
    const first = part.indexOf(':');
    const second = first < 0 ? -1 : part.indexOf(':', first + 1);
    if (first <= 0 || second < 0) return null;
    const field = part.slice(0, first);
    const operator = part.slice(first + 1, second);
    let value = part.slice(second + 1);
    if (!isFilterOperator(operator)) return null;
    if (operator === 'in' && value.startsWith('[') && value.endsWith(']'))
      value = value.slice(1, -1);
    expressions.push({ field, operator, value });
  }
  return expressions;
}

/** Writes filter expressions; incomplete rows (no field) are left out. */
export function formatFilter(expressions: readonly FilterExpression[]): string {
  return expressions
    .filter((e) => e.field.trim())
    .map((e) => {
      const value = e.operator === 'in' ? `[${e.value.replace(/^\[|\]$/g, '')}]` : e.value;
      return `${e.field.trim()}:${e.operator}:${value}`;
    })
    .join(',');
}

/** Parses a sort value; returns null when any expression is not `field:asc|desc`. */
export function parseSort(text: string): SortExpression[] | null {
  const expressions: SortExpression[] = [];
  for (const part of splitTopLevel(text)) {
    const [field, direction, extra] = part.split(':');
    if (!field || extra !== undefined || (direction !== 'asc' && direction !== 'desc')) return null;
    expressions.push({ field, direction });
  }
  return expressions;
}

export function formatSort(expressions: readonly SortExpression[]): string {
  return expressions
    .filter((e) => e.field.trim())
    .map((e) => `${e.field.trim()}:${e.direction}`)
    .join(',');
}

/** Fields Tableau accepts in filter/sort expressions on its common list methods. */
export const COMMON_FILTER_FIELDS = [
  'name',
  'siteRole',
  'email',
  'friendlyName',
  'lastLogin',
  'authSetting',
  'createdAt',
  'updatedAt',
  'ownerName',
  'ownerEmail',
  'ownerDomain',
  'projectName',
  'parentProjectId',
  'topLevelProject',
  'tags',
  'type',
  'contentUrl',
  'domainName',
  'userCount',
  'isCertified',
  'hasExtracts',
  'size',
  'status',
  'jobType',
  'progress',
  'favoritesTotal',
  'viewUrlName',
] as const;
