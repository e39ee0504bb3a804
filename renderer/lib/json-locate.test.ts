import { describe, expect, it } from 'vitest';
import { readJsonPath } from '../../shared/captures';
import { locateJson, pathText } from './json-locate';
import { cellSteps, guessParameter, presetsWithParameter } from './use-as-param';

const body = JSON.stringify(
  {
    pagination: { pageNumber: '1', pageSize: '100', totalAvailable: '2' },
    users: {
      user: [
        { id: '3c1a5b0e-1111-4a4a-9a9a-000000000001', name: 'ana', owner: { id: 'o-1' } },
        { id: '3c1a5b0e-2222-4a4a-9a9a-000000000002', name: 'ben', 'odd key': true },
      ],
    },
  },
  null,
  2,
);
const at = (needle: string, shift = 1) => body.indexOf(needle) + shift;

describe('what a right-click in Pretty points at', () => {
  it('finds the value under the cursor with a path that reads it back', () => {
    const spot = locateJson(body, at('3c1a5b0e-2222'));
    expect(spot?.path).toBe('users.user[1].id');
    expect(spot?.value).toBe('3c1a5b0e-2222-4a4a-9a9a-000000000002');
    expect(readJsonPath(JSON.parse(body), spot!.path)).toBe(spot!.value);
  });

  it('takes a key as its value, quotes odd names, and gives containers whole', () => {
    expect(locateJson(body, at('"name": "ana"'))?.value).toBe('ana');
    const odd = locateJson(body, at('"odd key"'));
    expect(odd?.path).toBe('users.user[1]["odd key"]');
    expect(readJsonPath(JSON.parse(body), odd!.path)).toBe(true);
    const owner = locateJson(body, at('"owner": {', 12));
    expect(owner?.path).toBe('users.user[0].owner');
    expect(owner?.value).toEqual({ id: 'o-1' });
    expect(locateJson(body, 0)?.path).toBe('$');
    expect(locateJson('not json', 2)).toBeNull();
    expect(pathText(['a', 0, 'b-c'])).toBe('a[0].b-c');
  });
});

describe('Use as {param} in…', () => {
  it('reads the parameter from where the value sits', () => {
    expect(guessParameter(['users', 'user', 1, 'id'])).toBe('user-id');
    expect(guessParameter(['users', 'user', 0, 'owner', 'id'])).toBe('user-id');
    expect(guessParameter(['project', 'id'])).toBe('project-id');
    expect(guessParameter(cellSteps('workbooks.workbook', 'project.id'))).toBe('project-id');
    expect(guessParameter(cellSteps('datasources.datasource', 'id'))).toBe('datasource-id');
    expect(guessParameter(['dataAlert', 'id'])).toBe('data-alert-id');
    expect(guessParameter(['users', 'user', 0, 'name'])).toBeNull();
  });

  it('offers the presets that act on the thing first: Update User, Remove User from Site', () => {
    const names = presetsWithParameter('user-id').map((p) => p.name);
    expect(names.slice(0, 3)).toEqual(
      expect.arrayContaining(['Update User', 'Remove User from Site', 'Query User On Site']),
    );
    expect(names).toContain('Get Groups for a User');
    expect(names.indexOf('Update User')).toBeLessThan(names.indexOf('Get Groups for a User'));
  });
});
