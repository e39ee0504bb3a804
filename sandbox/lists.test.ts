import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSandbox } from './index';
import { call, signIn, withSandbox, type Reply, type SignedIn } from './test-support';

let sandbox: RunningSandbox;
let s: SignedIn;
const get = (p: string) => call(sandbox, 'GET', p, { token: s.token });

beforeAll(async () => {
  sandbox = await withSandbox();
  s = await signIn(sandbox);
});
afterAll(() => sandbox.stop());

interface Family {
  name: string;
  path: () => Promise<string>;
  list: string;
  item: string;
  /** A filter that keeps some but not all items, and an attribute it constrains. */
  filter: string;
  check: (item: Record<string, string>) => boolean;
  sort: string;
  sortKey: string;
  /** An attribute only `fields=_all_` adds. */
  allOnly?: string;
}

const site = () => `/sites/${s.siteId}`;
const FAMILIES: Family[] = [
  {
    name: 'users',
    path: async () => `${site()}/users`,
    list: 'users',
    item: 'user',
    filter: 'siteRole:eq:Creator',
    check: (u) => u.siteRole === 'Creator',
    sort: 'name:desc',
    sortKey: 'name',
    allOnly: 'language',
  },
  {
    name: 'groups',
    path: async () => `${site()}/groups`,
    list: 'groups',
    item: 'group',
    filter: 'name:has:Managers',
    check: (g) => g.name.includes('Managers'),
    sort: 'name:asc',
    sortKey: 'name',
    allOnly: 'userCount',
  },
  {
    name: 'projects',
    path: async () => `${site()}/projects`,
    list: 'projects',
    item: 'project',
    filter: 'topLevelProject:eq:true',
    check: (p) => p.parentProjectId === undefined,
    sort: 'name:asc',
    sortKey: 'name',
    allOnly: 'topLevelProject',
  },
  {
    name: 'workbooks',
    path: async () => `${site()}/workbooks`,
    list: 'workbooks',
    item: 'workbook',
    filter: 'showTabs:eq:true',
    check: (w) => String(w.showTabs) === 'true',
    sort: 'createdAt:desc',
    sortKey: 'createdAt',
    allOnly: 'sheetCount',
  },
  {
    name: 'views',
    path: async () => `${site()}/views`,
    list: 'views',
    item: 'view',
    filter: 'sheetType:eq:dashboard',
    check: (v) => v.sheetType === 'dashboard',
    sort: 'name:asc',
    sortKey: 'name',
    allOnly: 'favoritesTotal',
  },
  {
    name: 'datasources',
    path: async () => `${site()}/datasources`,
    list: 'datasources',
    item: 'datasource',
    filter: 'isCertified:eq:true',
    check: (d) => String(d.isCertified) === 'true',
    sort: 'updatedAt:asc',
    sortKey: 'updatedAt',
    allOnly: 'connectedWorkbooksCount',
  },
  {
    name: 'jobs',
    path: async () => `${site()}/jobs`,
    list: 'backgroundJobs',
    item: 'backgroundJob',
    filter: 'status:eq:Success',
    check: (j) => j.status === 'Success',
    sort: 'createdAt:asc',
    sortKey: 'createdAt',
  },
  {
    name: 'schedules',
    path: async () => '/schedules',
    list: 'schedules',
    item: 'schedule',
    filter: 'frequency:eq:Daily',
    check: (x) => x.frequency === 'Daily',
    sort: 'name:asc',
    sortKey: 'name',
  },
  {
    name: 'sites',
    path: async () => '/sites',
    list: 'sites',
    item: 'site',
    filter: 'contentUrl:eq:marketing',
    check: (x) => x.contentUrl === 'marketing',
    sort: 'name:desc',
    sortKey: 'name',
  },
  {
    name: 'users in group',
    path: async () => {
      const groups = (await get(`${site()}/groups?filter=name:eq:All Users`)).body.groups.group;
      return `${site()}/groups/${groups[0].id}/users`;
    },
    list: 'users',
    item: 'user',
    filter: 'siteRole:eq:Viewer',
    check: (u) => u.siteRole === 'Viewer',
    sort: 'name:asc',
    sortKey: 'name',
  },
];

const items = (body: Reply['body'], f: Family): Array<Record<string, string>> =>
  body[f.list][f.item] ?? [];

describe.each(FAMILIES)('$name list', (f) => {
  it('starts with a pagination block, 100 per page by default, numbers as JSON strings', async () => {
    const res = await get(await f.path());
    expect(res.status).toBe(200);
    expect(Object.keys(res.body)[0]).toBe('pagination');
    expect(res.body.pagination.pageNumber).toBe('1');
    expect(res.body.pagination.pageSize).toBe('100');
    expect(items(res.body, f).length).toBe(
      Math.min(100, Number(res.body.pagination.totalAvailable)),
    );
  });

  it('refuses pageSize above 1000 (403014), page 0 (400006), pageSize 0 (400007) and pages past the end (400006)', async () => {
    const p = await f.path();
    expect((await get(`${p}?pageSize=1001`)).body.error.code).toBe('403014');
    expect((await get(`${p}?pageNumber=0`)).body.error.code).toBe('400006');
    expect((await get(`${p}?pageSize=0`)).body.error.code).toBe('400007');
    const total = Number((await get(`${p}?pageSize=1`)).body.pagination.totalAvailable);
    const past = await get(`${p}?pageSize=1000&pageNumber=${Math.floor(total / 1000) + 2}`);
    expect(past.status).toBe(400);
    expect(past.body.error.code).toBe('400006');
  });

  it('filters: only matching items, fewer than all', async () => {
    const p = await f.path();
    const all = Number((await get(`${p}?pageSize=1`)).body.pagination.totalAvailable);
    const res = await get(`${p}?filter=${encodeURIComponent(f.filter)}&pageSize=1000`);
    expect(res.status).toBe(200);
    const found = items(res.body, f);
    expect(found.length).toBeGreaterThan(0);
    expect(found.length).toBeLessThan(all);
    expect(found.every(f.check)).toBe(true);
  });

  it('refuses an unknown filter field with 400065', async () => {
    const res = await get(`${await f.path()}?filter=shoeSize:eq:9`);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('400065');
  });

  it('sorts by the requested key and direction', async () => {
    const res = await get(`${await f.path()}?sort=${f.sort}&pageSize=1000`);
    const values = items(res.body, f).map((i) => String(i[f.sortKey]).toLowerCase());
    const expected = [...values].sort();
    if (f.sort.endsWith(':desc')) expected.reverse();
    expect(values).toEqual(expected);
  });

  it('returns only the requested fields with an explicit list', async () => {
    const res = await get(`${await f.path()}?fields=id&pageSize=3`);
    for (const item of items(res.body, f)) expect(Object.keys(item)).toEqual(['id']);
  });

  const allOnly = f.allOnly;
  if (allOnly) {
    it('adds attributes with fields=_all_ that the default leaves out', async () => {
      const p = await f.path();
      const plain = items((await get(`${p}?pageSize=5`)).body, f);
      const all = items((await get(`${p}?pageSize=5&fields=_all_`)).body, f);
      expect(plain.some((i) => allOnly in i)).toBe(false);
      expect(all.some((i) => allOnly in i)).toBe(true);
      const extra = items((await get(`${p}?pageSize=5&fields=_default_,${allOnly}`)).body, f);
      expect(extra.some((i) => allOnly in i && 'name' in i)).toBe(true);
    });
  }
});

describe('filter operators', () => {
  const users = () => `${site()}/users`;
  const names = async (q: string) =>
    ((await get(`${users()}?pageSize=1000&filter=${encodeURIComponent(q)}`)).body.users.user ??
      []) as Array<Record<string, string>>;

  it('compares dates with gt, gte, lt and lte', async () => {
    const cut = '2026-01-01T00:00:00Z';
    const after = await names(`lastLogin:gt:${cut}`);
    const before = await names(`lastLogin:lte:${cut}`);
    expect(after.every((u) => u.lastLogin > cut)).toBe(true);
    expect(before.every((u) => u.lastLogin <= cut)).toBe(true);
    expect((await names(`lastLogin:gte:${cut}`)).length).toBeGreaterThanOrEqual(after.length);
    expect((await names(`lastLogin:lt:${cut}`)).every((u) => u.lastLogin < cut)).toBe(true);
  });

  it('matches a bracketed list with in, and ANDs comma-separated terms', async () => {
    const both = await names('siteRole:in:[Creator,Viewer]');
    expect(new Set(both.map((u) => u.siteRole))).toEqual(new Set(['Creator', 'Viewer']));
    const and = await names('siteRole:in:[Creator,Viewer],authSetting:eq:SAML');
    expect(and.length).toBeGreaterThan(0);
    expect(
      and.every((u) => u.authSetting === 'SAML' && ['Creator', 'Viewer'].includes(u.siteRole)),
    ).toBe(true);
  });

  it('matches case-insensitively with cieq and substrings with has', async () => {
    expect((await names('name:cieq:ADMIN')).map((u) => u.name)).toEqual(['admin']);
    const has = await names('name:has:garcia');
    expect(has.length).toBeGreaterThan(0);
    expect(has.every((u) => u.name.includes('garcia'))).toBe(true);
  });

  it('filters workbooks by tag with tags:in', async () => {
    const res = await get(`${site()}/workbooks?pageSize=1000&filter=tags:in:[finance,kpi]`);
    const wbs = res.body.workbooks.workbook as Array<{ tags: { tag?: Array<{ label: string }> } }>;
    expect(wbs.length).toBeGreaterThan(0);
    expect(wbs.every((w) => w.tags.tag?.some((t) => ['finance', 'kpi'].includes(t.label)))).toBe(
      true,
    );
  });

  it('sorts on several keys', async () => {
    const res = await get(`${site()}/users?pageSize=1000&sort=siteRole:asc,name:desc`);
    const list = res.body.users.user as Array<Record<string, string>>;
    for (let i = 1; i < list.length; i++) {
      const [a, b] = [list[i - 1], list[i]];
      const ok =
        a.siteRole.toLowerCase() < b.siteRole.toLowerCase() ||
        (a.siteRole === b.siteRole && a.name >= b.name);
      expect(ok).toBe(true);
    }
  });

  it('refuses an unknown sort field with a 400 error body', async () => {
    const res = await get(`${site()}/users?sort=shoeSize:asc`);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toMatch(/^400/);
  });
});

describe('lists Tableau does not paginate', () => {
  it('answers views of a workbook, connections and permissions without pagination', async () => {
    const wb = (await get(`${site()}/workbooks?pageSize=1`)).body.workbooks.workbook[0];
    for (const p of [
      `/workbooks/${wb.id}/views`,
      `/workbooks/${wb.id}/connections`,
      `/workbooks/${wb.id}/permissions`,
    ]) {
      const res = await get(`${site()}${p}`);
      expect(res.status).toBe(200);
      expect(res.body.pagination).toBeUndefined();
    }
  });
});
