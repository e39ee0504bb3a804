import { describe, expect, it } from 'vitest';
import {
  cellText,
  identifyingColumn,
  matchesQuickFilter,
  parseQuickFilter,
  pickColumns,
  readColumn,
  tableColumns,
} from './table-view';

const workbook = {
  id: 'w1',
  name: 'Sales',
  owner: { id: 'u1', name: 'Ann' },
  tags: { tag: [{ label: 'finance' }, { label: 'q3' }] },
  dataAccelerationConfig: { accelerationEnabled: false },
};

describe('the table’s columns', () => {
  it('puts nested objects in dotted columns and a tag list in one column, id and name first', () => {
    expect(tableColumns([{ size: '1', ...workbook }])).toEqual([
      'id',
      'name',
      'size',
      'owner.id',
      'owner.name',
      'tags',
      'dataAccelerationConfig.accelerationEnabled',
    ]);
  });

  it('gives one field one column when it is empty in one item and full in another', () => {
    // Tableau writes an empty list as {}: `tags` with no tag, and an owner with no keys.
    const columns = tableColumns([
      { id: 'a', tags: {}, owner: {} },
      { id: 'b', tags: { tag: [{ label: 'x' }] }, owner: { id: 'u1' } },
    ]);
    expect(columns).toEqual(['id', 'tags', 'owner.id']);
  });

  it('names the identifying column: name, else id', () => {
    expect(identifyingColumn(['id', 'name', 'email'])).toBe('name');
    expect(identifyingColumn(['id', 'email'])).toBe('id');
    expect(identifyingColumn(['email'])).toBeNull();
  });
});

describe('nested values, readable', () => {
  it('shows tags as a comma list of labels and objects as key: value pairs', () => {
    expect(cellText(readColumn(workbook, 'tags'))).toBe('finance, q3');
    expect(cellText({})).toBe('');
    expect(cellText({ capability: [{ name: 'Read', mode: 'Allow' }] })).toBe('Read');
    expect(cellText({ type: 'Project', id: 'p1' })).toBe('type: Project, id: p1');
    expect(cellText(['a', 'b'])).toBe('a, b');
    expect(cellText(null)).toBe('');
    expect(cellText(12)).toBe('12');
  });
});

describe('the quick filter', () => {
  const columns = ['id', 'name', 'siteRole', 'owner.name', 'tags'];
  const users = [
    { id: '1', name: 'ann.lee', siteRole: 'Creator', owner: { name: 'Bob' }, tags: {} },
    { id: '2', name: 'bob.kim', siteRole: 'Viewer', owner: { name: 'Ann' }, tags: {} },
    {
      id: '3',
      name: 'cara 10:30',
      siteRole: 'Creator',
      owner: { name: 'Ann Lee' },
      tags: { tag: [{ label: 'q3' }] },
    },
  ];
  const kept = (text: string, visible = columns) => {
    const terms = parseQuickFilter(text, columns);
    return users.filter((u) => matchesQuickFilter(u, terms, visible)).map((u) => u.id);
  };

  it('finds a word in any visible column, case-blind', () => {
    expect(kept('ANN')).toEqual(['1', '2', '3']);
    expect(kept('ann', ['id', 'name'])).toEqual(['1']);
  });

  it('looks in one column for column:value, and every term must match', () => {
    expect(kept('siterole:creator')).toEqual(['1', '3']);
    expect(kept('siteRole:creator owner.name:ann')).toEqual(['3']);
    expect(kept('owner.name:"ann lee"')).toEqual(['3']);
    expect(kept('tags:q3')).toEqual(['3']);
  });

  it('keeps a colon that names no column as part of the word, and ignores a term still being typed', () => {
    expect(parseQuickFilter('10:30', columns)).toEqual([{ column: null, value: '10:30' }]);
    expect(kept('10:30')).toEqual(['3']);
    expect(parseQuickFilter('siteRole:', columns)).toEqual([]);
    expect(parseQuickFilter('   ', columns)).toEqual([]);
  });
});

describe('picking columns for a JSON export of the view', () => {
  it('keeps the nesting of dotted columns and whole list fields', () => {
    expect(pickColumns(workbook, ['name', 'owner.name', 'tags'])).toEqual({
      name: 'Sales',
      owner: { name: 'Ann' },
      tags: workbook.tags,
    });
  });
});
