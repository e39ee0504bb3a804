import { describe, expect, it } from 'vitest';
import { requestSpecSchema } from '../../shared/request';
import { fetchAllRequest } from './request-spec';

const spec = (pageSize?: string) =>
  requestSpecSchema.parse({
    method: 'GET',
    path: '/api/{api-version}/sites/{site-id}/users',
    query: [
      ...(pageSize === undefined ? [] : [{ name: 'pageSize', value: pageSize }]),
      { name: 'filter', value: 'siteRole:eq:Creator' },
    ],
  });

describe('fetch-all page size', () => {
  it('leaves Tableau’s default of 100 out, so the engine asks for 1000 a page', () => {
    for (const given of [undefined, '100', ' 100 ']) {
      const request = fetchAllRequest(spec(given));
      expect(request.pageSize).toBeUndefined();
      expect(request.spec.query.map((q) => q.name)).toEqual(['filter']);
    }
  });

  it('keeps a page size the user chose', () => {
    expect(fetchAllRequest(spec('250')).pageSize).toBe(250);
    expect(fetchAllRequest(spec('1000')).pageSize).toBe(1000);
  });

  it('ignores a page size that is not a valid one (the engine then uses its maximum)', () => {
    expect(fetchAllRequest(spec('abc')).pageSize).toBeUndefined();
    expect(fetchAllRequest(spec('5000')).pageSize).toBeUndefined();
  });
});
