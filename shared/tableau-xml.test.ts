import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findList, readPagination } from './tableau-list';
import { tableauXmlToJson } from './tableau-xml';

const fixture = (name: string) =>
  fs.readFileSync(
    path.resolve(__dirname, '..', '..', 'shared', 'reference', 'tsc-assets', name),
    'utf8',
  );

describe('Tableau XML as Tableau JSON', () => {
  it('turns a captured users page into the JSON shape, list and pagination included', () => {
    const body = tableauXmlToJson(fixture('user_get.xml'));
    const pagination = readPagination(body);
    expect(pagination).not.toBeNull();
    const list = findList(body);
    expect(list?.path).toBe('users.user');
    expect(Array.isArray(list?.items)).toBe(true);
    expect((list?.items[0] as Record<string, unknown>).id).toEqual(expect.any(String));
  });

  it('keeps a one-item list as an array and element text as value', () => {
    const body = tableauXmlToJson(
      '<tsResponse xmlns="http://tableau.com/api"><pagination pageNumber="1" pageSize="100" totalAvailable="1"/><projects><project id="p1" name="Default"/></projects></tsResponse>',
    ) as { projects: { project: unknown[] } };
    expect(body.projects.project).toEqual([{ id: 'p1', name: 'Default' }]);
    const info = tableauXmlToJson(fixture('server_info_get.xml')) as {
      serverInfo: { productVersion: { value: string; build: string } };
    };
    expect(info.serverInfo.productVersion.value).toMatch(/\d/);
    expect(info.serverInfo.productVersion.build).toMatch(/\d/);
  });

  it('reads an empty list as an empty list under its container', () => {
    const body = tableauXmlToJson(fixture('user_get_empty.xml'));
    expect(findList(body)).toEqual({ path: 'users.user', items: [] });
  });
});
