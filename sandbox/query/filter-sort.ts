import { errors } from '../errors';

export type FieldType = 'string' | 'date' | 'number' | 'boolean' | 'tags';
export type Operator = 'eq' | 'cieq' | 'gt' | 'gte' | 'lt' | 'lte' | 'in' | 'has';
type FieldValue = string | number | boolean | readonly string[] | undefined;

/** One filterable/sortable field of a resource, as Tableau names it in `filter` and `sort`. */
export interface FieldSpec<T> {
  type: FieldType;
  get: (item: T) => FieldValue;
  /** Default: filterable and sortable. */
  filter?: boolean;
  sort?: boolean;
}

export type FieldSpecs<T> = Record<string, FieldSpec<T>>;

const OPERATORS: Record<FieldType, readonly Operator[]> = {
  string: ['eq', 'cieq', 'gt', 'gte', 'lt', 'lte', 'in', 'has'],
  date: ['eq', 'gt', 'gte', 'lt', 'lte'],
  number: ['eq', 'gt', 'gte', 'lt', 'lte', 'in'],
  boolean: ['eq'],
  tags: ['eq', 'in', 'has'],
};

/** Splits on commas outside `[...]`, so `name:in:[a,b],siteRole:eq:Viewer` is two terms. */
function splitTerms(text: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let current = '';
  for (const c of text) {
    if (c === '[') depth++;
    if (c === ']') depth = Math.max(0, depth - 1);
    if (c === ',' && depth === 0) {
      terms.push(current);
      current = '';
    } else current += c;
  }
  terms.push(current);
  return terms.filter((t) => t.trim() !== '');
}

function toDate(value: string): number {
  const ms = Date.parse(value);
  if (Number.isNaN(ms))
    throw errors.invalidFilter(`The filter value '${value}' is not a valid date.`);
  return ms;
}

function compareValues(type: FieldType, a: string | number | boolean, b: string): number {
  if (type === 'date') return toDate(String(a)) - toDate(b);
  if (type === 'number') return Number(a) - Number(b);
  return String(a) < b ? -1 : String(a) > b ? 1 : 0;
}

type Predicate<T> = (item: T) => boolean;

function termPredicate<T>(specs: FieldSpecs<T>, term: string): Predicate<T> {
  const first = term.indexOf(':');
  const second = term.indexOf(':', first + 1);
  if (first < 0 || second < 0) {
    throw errors.invalidFilter(
      `The filter expression '${term}' is not of the form field:operator:value.`,
    );
  }
  const field = term.slice(0, first);
  const op = term.slice(first + 1, second) as Operator;
  const raw = term.slice(second + 1);
  const spec = specs[field];
  if (!spec || spec.filter === false) throw errors.invalidFilter();
  if (!OPERATORS[spec.type].includes(op)) {
    throw errors.invalidFilter(`The operator '${op}' is not valid for the field '${field}'.`);
  }
  const list =
    op === 'in'
      ? raw
          .replace(/^\[/, '')
          .replace(/\]$/, '')
          .split(',')
          .map((s) => s.trim())
      : [];
  if (spec.type === 'date') toDate(raw);
  const get = spec.get;
  if (spec.type === 'tags') {
    const wanted = op === 'in' ? list : [raw];
    return (item) => {
      const tags = (get(item) as readonly string[] | undefined) ?? [];
      if (op === 'has') return tags.some((t) => t.toLowerCase().includes(raw.toLowerCase()));
      return tags.some((t) => wanted.includes(t));
    };
  }
  if (spec.type === 'boolean') {
    if (raw !== 'true' && raw !== 'false') {
      throw errors.invalidFilter(`The filter value '${raw}' is not a boolean.`);
    }
    return (item) => String(get(item) ?? false) === raw;
  }
  return (item) => {
    const value = get(item);
    if (value === undefined || Array.isArray(value)) return false;
    const v = value as string | number | boolean;
    switch (op) {
      case 'eq':
        return compareValues(spec.type, v, raw) === 0;
      case 'cieq':
        return String(v).toLowerCase() === raw.toLowerCase();
      case 'has':
        return String(v).toLowerCase().includes(raw.toLowerCase());
      case 'in':
        return list.some((entry) => compareValues(spec.type, v, entry) === 0);
      case 'gt':
        return compareValues(spec.type, v, raw) > 0;
      case 'gte':
        return compareValues(spec.type, v, raw) >= 0;
      case 'lt':
        return compareValues(spec.type, v, raw) < 0;
      case 'lte':
        return compareValues(spec.type, v, raw) <= 0;
    }
  };
}

/** `filter=a:eq:x,b:gt:y` — a comma means AND (tableau-api.md §4). */
export function parseFilter<T>(
  specs: FieldSpecs<T>,
  text: string | null,
): Predicate<T> | undefined {
  if (!text) return undefined;
  const predicates = splitTerms(text).map((term) => termPredicate(specs, term));
  return (item) => predicates.every((p) => p(item));
}

type SortKey = string | number;

/** `sort=createdAt:desc,name:asc`; the comparator is stable and puts missing values last. */
export function parseSort<T>(
  specs: FieldSpecs<T>,
  text: string | null,
): ((items: T[]) => T[]) | undefined {
  if (!text) return undefined;
  const keys = splitTerms(text).map((term) => {
    const [field, direction = 'asc'] = term.split(':');
    const spec = specs[field];
    if (!spec || spec.sort === false || spec.type === 'tags') throw errors.invalidSort(field);
    if (direction !== 'asc' && direction !== 'desc') throw errors.invalidSort(term);
    return { spec, sign: direction === 'asc' ? 1 : -1 };
  });
  return (items) => {
    // Precompute the keys once: sorting 100,000 users calls the comparator ~1.7M times.
    const columns: Array<Array<SortKey | undefined>> = keys.map(({ spec }) =>
      items.map((item) => {
        const v = spec.get(item);
        if (v === undefined || Array.isArray(v)) return undefined;
        if (spec.type === 'string') return String(v).toLowerCase();
        if (spec.type === 'date') return Date.parse(String(v));
        if (spec.type === 'boolean') return v ? 1 : 0;
        return Number(v);
      }),
    );
    const order = items.map((_, i) => i);
    order.sort((a, b) => {
      for (let k = 0; k < keys.length; k++) {
        const x = columns[k][a];
        const y = columns[k][b];
        if (x === y) continue;
        if (x === undefined) return 1;
        if (y === undefined) return -1;
        return (x < y ? -1 : 1) * keys[k].sign;
      }
      return a - b;
    });
    return order.map((i) => items[i]);
  };
}
