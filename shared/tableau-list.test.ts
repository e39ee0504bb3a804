import { describe, expect, it } from 'vitest';
import { findList, listItemsAt } from './tableau-list';

describe('an empty Tableau list', () => {
  // Tableau's answer to a filter that matches no one.
  const zero = { pagination: { pageNumber: '1', pageSize: '100', totalAvailable: '0' }, users: {} };

  it('is found as a list of no items, and read as empty, not missing', () => {
    const list = findList(zero);
    expect(list).toEqual({ path: 'users.user', items: [] });
    expect(listItemsAt(zero, 'users.user')).toEqual([]);
  });

  it('still reads a list that has items, and nothing where there is no list', () => {
    const some = { users: { user: [{ id: 'a' }] } };
    expect(listItemsAt(some, 'users.user')).toEqual([{ id: 'a' }]);
    expect(listItemsAt({ users: { other: 1 } }, 'users.user')).toBeNull();
    expect(listItemsAt({ site: { id: 'x' } }, 'site.id')).toBeNull();
  });
});
