import type { PresetQueryParam } from './types';

/** Tableau pages lists with `pageSize` (1–1000, default 100) and 1-based `pageNumber`. */
export const pagination: PresetQueryParam[] = [
  {
    name: 'pageSize',
    type: 'integer',
    description: 'Items per page, 1 to 1000.',
    required: false,
    default: '100',
  },
  {
    name: 'pageNumber',
    type: 'integer',
    description: 'Page to return, starting at 1.',
    required: false,
    default: '1',
  },
];

export const filterParam: PresetQueryParam = {
  name: 'filter',
  type: 'string',
  description:
    'Filter expressions field:operator:value, comma-separated (AND), e.g. name:eq:Sales.',
  required: false,
};

export const sortParam: PresetQueryParam = {
  name: 'sort',
  type: 'string',
  description: 'Sort expressions field:asc|desc, comma-separated, e.g. name:asc.',
  required: false,
};

export const fieldsParam: PresetQueryParam = {
  name: 'fields',
  type: 'string',
  description: 'Fields to return: _default_, _all_, or a list such as id,name,owner.email.',
  required: false,
};

/** Paged list that also takes filter, sort and fields (Query Workbooks, Get Users…). */
export const listQuery: PresetQueryParam[] = [...pagination, filterParam, sortParam, fieldsParam];

export function queryParam(
  name: string,
  type: PresetQueryParam['type'],
  description: string,
  extra: Partial<Pick<PresetQueryParam, 'required' | 'allowed' | 'default'>> = {},
): PresetQueryParam {
  return { name, type, description, required: false, ...extra };
}

export function requiredQuery(
  name: string,
  type: PresetQueryParam['type'],
  description: string,
  allowed?: string[],
): PresetQueryParam {
  return allowed
    ? { name, type, description, required: true, allowed }
    : { name, type, description, required: true };
}
