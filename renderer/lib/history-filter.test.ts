import { describe, expect, it } from 'vitest';
import { historyEntrySchema, type HistoryEntry } from '../../shared/documents';
import { entryPath, filterHistory, NO_FILTER } from './history-filter';

const entry = (id: string, at: string, fields: Record<string, unknown>): HistoryEntry =>
  historyEntrySchema.parse({
    id,
    at,
    connectionId: 'sandbox',
    connectionName: 'Sandbox',
    status: 200,
    totalMs: 5,
    bodyBytes: 10,
    spec: { method: 'GET', path: '/api/{api-version}/sites/{site-id}/users' },
    ...fields,
  });

const entries = [
  entry('a', '2026-01-01T10:00:00Z', {
    spec: {
      method: 'PUT',
      path: '/api/{api-version}/sites/{site-id}/users/{user-id}',
      pathParams: { 'user-id': 'u-42' },
    },
    resolved: {
      url: 'http://h/api/3.29/sites/s1/users/u-42',
      path: '/api/3.29/sites/s1/users/u-42',
      pathValues: { 'api-version': '3.29', 'site-id': 's1', 'user-id': 'u-42' },
    },
  }),
  entry('b', '2026-01-01T11:00:00Z', { status: 404, connectionId: 'prod', connectionName: 'Prod' }),
  entry('c', '2026-01-01T09:00:00Z', { status: 0 }),
];

describe('history search and filters', () => {
  it('lists newest first and shows the path as resolved', () => {
    expect(filterHistory(entries, NO_FILTER).map((e) => e.id)).toEqual(['b', 'a', 'c']);
    expect(entryPath(entries[0])).toBe('/api/3.29/sites/s1/users/u-42');
    expect(entryPath(entries[1])).toBe('/api/{api-version}/sites/{site-id}/users');
  });

  it('filters by method, status class, failure and connection', () => {
    const ids = (f: Partial<typeof NO_FILTER>) =>
      filterHistory(entries, { ...NO_FILTER, ...f }).map((e) => e.id);
    expect(ids({ method: 'PUT' })).toEqual(['a']);
    expect(ids({ status: '4xx' })).toEqual(['b']);
    expect(ids({ status: '2xx' })).toEqual(['a']);
    expect(ids({ status: 'failed' })).toEqual(['c']);
    expect(ids({ connectionId: 'prod' })).toEqual(['b']);
  });

  it('finds an entry by a path value it was sent with, word by word', () => {
    const found = filterHistory(entries, { ...NO_FILTER, text: 'U-42 put' });
    expect(found.map((e) => e.id)).toEqual(['a']);
    expect(filterHistory(entries, { ...NO_FILTER, text: 'prod 404' }).map((e) => e.id)).toEqual([
      'b',
    ]);
  });
});
