import { describe, expect, it } from 'vitest';
import { formatFilter, formatSort, parseFilter, parseSort } from './filter-syntax';

describe('filter syntax', () => {
  it('writes the issue example: name:eq:Finance,createdAt:gt:2024-01-01T00:00:00Z', () => {
    expect(
      formatFilter([
        { field: 'name', operator: 'eq', value: 'Finance' },
        { field: 'createdAt', operator: 'gt', value: '2024-01-01T00:00:00Z' },
      ]),
    ).toBe('name:eq:Finance,createdAt:gt:2024-01-01T00:00:00Z');
  });

  it('keeps colons in values (timestamps) when parsing', () => {
    expect(parseFilter('createdAt:gte:2024-01-01T00:00:00Z')).toEqual([
      { field: 'createdAt', operator: 'gte', value: '2024-01-01T00:00:00Z' },
    ]);
  });

  it('brackets an in-list and does not split inside it', () => {
    const text = formatFilter([{ field: 'tags', operator: 'in', value: 'sales,finance' }]);
    expect(text).toBe('tags:in:[sales,finance]');
    expect(parseFilter(`${text},siteRole:eq:Creator`)).toEqual([
      { field: 'tags', operator: 'in', value: 'sales,finance' },
      { field: 'siteRole', operator: 'eq', value: 'Creator' },
    ]);
  });

  it('refuses unknown operators and malformed expressions', () => {
    expect(parseFilter('name:like:x')).toBeNull();
    expect(parseFilter('name')).toBeNull();
    expect(parseFilter('')).toEqual([]);
  });

  it('leaves out rows without a field', () => {
    expect(formatFilter([{ field: ' ', operator: 'eq', value: 'x' }])).toBe('');
  });
});

describe('sort syntax', () => {
  it('round-trips field:direction lists', () => {
    const sort = parseSort('name:asc,createdAt:desc');
    expect(sort).toEqual([
      { field: 'name', direction: 'asc' },
      { field: 'createdAt', direction: 'desc' },
    ]);
    expect(formatSort(sort ?? [])).toBe('name:asc,createdAt:desc');
  });

  it('refuses a direction other than asc or desc', () => {
    expect(parseSort('name:up')).toBeNull();
  });
});
