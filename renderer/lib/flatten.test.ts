import { describe, expect, it } from 'vitest';
import { columnsOf, flattenRow, readColumn } from './flatten';

describe('flattening Tableau list items for the table', () => {
  it('turns nested objects into dotted columns', () => {
    expect(flattenRow({ id: 'w1', owner: { id: 'u1', name: 'Ann' }, tags: {} })).toEqual({
      id: 'w1',
      'owner.id': 'u1',
      'owner.name': 'Ann',
      tags: {},
    });
  });

  it('unions keys across rows with id and name first', () => {
    expect(columnsOf([{ siteRole: 'Creator', name: 'a', id: '1' }, { email: 'x' }])).toEqual([
      'id',
      'name',
      'siteRole',
      'email',
    ]);
  });

  it('reads a dotted column back from the raw item', () => {
    expect(readColumn({ owner: { id: 'u1' } }, 'owner.id')).toBe('u1');
  });
});
