import { describe, expect, it } from 'vitest';
import { emptySpec, withQueryValue } from './request-spec';
import { queryProblems } from './query-checks';

const users = { ...emptySpec(), path: '/api/{api-version}/sites/{site-id}/users' };

describe('query values checked before Send', () => {
  it('warns of a page size above 1000, or not a whole number, and lets 1000 through', () => {
    expect(queryProblems(withQueryValue(users, 'pageSize', '5000'))[0]).toMatch(
      /above Tableau’s maximum of 1000.*403014/,
    );
    expect(queryProblems(withQueryValue(users, 'pageSize', '0'))[0]).toMatch(/400007/);
    expect(queryProblems(withQueryValue(users, 'pageSize', '1000'))).toEqual([]);
    expect(queryProblems(withQueryValue(users, 'pageSize', '{{size}}'))).toEqual([]);
  });

  it('warns of an in:[] filter with no values, not of one with values', () => {
    const empty = withQueryValue(users, 'filter', 'siteRole:in:[],name:eq:ann');
    expect(queryProblems(empty)).toEqual([
      'The filter siteRole:in:[] lists no values, so it cannot match anything. Put values between the brackets, or remove it.',
    ]);
    expect(queryProblems(withQueryValue(users, 'filter', 'siteRole:in:[Viewer,Creator]'))).toEqual(
      [],
    );
  });
});
