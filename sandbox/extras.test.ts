import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSandbox } from './index';
import { call, signIn, withSandbox, type SignedIn } from './test-support';

let sandbox: RunningSandbox;
let s: SignedIn;
const site = () => `/sites/${s.siteId}`;
const get = (p: string) => call(sandbox, 'GET', `${site()}${p}`, { token: s.token });

beforeAll(async () => {
  sandbox = await withSandbox();
  s = await signIn(sandbox);
});
afterAll(() => sandbox.stop());

async function raw(
  path: string,
): Promise<{ status: number; type: string; bytes: Buffer; headers: Headers }> {
  const res = await fetch(`${sandbox.url}/api/3.29${site()}${path}`, {
    headers: { 'X-Tableau-Auth': s.token },
  });
  return {
    status: res.status,
    type: res.headers.get('content-type') ?? '',
    bytes: Buffer.from(await res.arrayBuffer()),
    headers: res.headers,
  };
}

describe('exports and downloads', () => {
  it('answers view image, PDF, CSV and crosstab as files, and 404011 for an unknown view', async () => {
    const view = (await get('/views?pageSize=1')).body.views.view[0].id as string;
    const png = await raw(`/views/${view}/image?resolution=high`);
    expect(png.type).toBe('image/png');
    expect(png.bytes.subarray(1, 4).toString()).toBe('PNG');
    const pdf = await raw(`/views/${view}/pdf?orientation=Landscape`);
    expect([pdf.type, pdf.bytes.subarray(0, 5).toString()]).toEqual(['application/pdf', '%PDF-']);
    const csv = await raw(`/views/${view}/data?vf_Region=West`);
    expect(csv.type).toBe('text/csv');
    const lines = csv.bytes.toString().trim().split('\n');
    expect(lines[0]).toBe('Region,Category,Sales,Profit,Quantity');
    expect(lines.slice(1).every((l) => l.startsWith('West,'))).toBe(true);
    const xlsx = await raw(`/views/${view}/crosstab/excel`);
    expect(xlsx.bytes.subarray(0, 2).toString()).toBe('PK');
    const missing = await get('/views/00000000-0000-4000-8000-000000000000/image');
    expect([missing.status, missing.body.error.code]).toEqual([404, '404011']);
  });

  it('downloads a workbook as a .twbx zip with Content-Disposition', async () => {
    const wb = (await get('/workbooks?pageSize=1')).body.workbooks.workbook[0];
    const res = await raw(`/workbooks/${wb.id}/content?includeExtract=false`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename=".+\.twbx"$/);
    expect(res.bytes.subarray(0, 4)).toEqual(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
  });
});

describe('custom views, group sets, linked tasks, settings', () => {
  it('lists, updates and deletes custom views', async () => {
    const list = await get('/customviews?pageSize=2');
    expect(list.body.pagination.pageSize).toBe('2');
    const id = list.body.customViews.customView[0].id as string;
    const put = await call(sandbox, 'PUT', `${site()}/customviews/${id}`, {
      token: s.token,
      body: { customView: { name: 'Renamed' } },
    });
    expect(put.body.customView.name).toBe('Renamed');
    expect(
      (await call(sandbox, 'DELETE', `${site()}/customviews/${id}`, { token: s.token })).status,
    ).toBe(204);
    expect((await get(`/customviews/${id}`)).status).toBe(404);
    const exp = await call(sandbox, 'GET', `/api/3.29${site()}/customviews/${id}/content`, {
      token: s.token,
    });
    expect(exp.body.error.code).toBe('404008');
  });

  it('creates a group set, adds a group and rejects a duplicate name with 409120', async () => {
    const created = await call(sandbox, 'POST', `${site()}/groupsets`, {
      token: s.token,
      body: { groupSet: { name: 'Test set' } },
    });
    expect(created.status).toBe(201);
    const id = created.body.groupSet.id as string;
    const group = (await get('/groups?pageSize=1')).body.groups.group[0].id as string;
    const added = await call(sandbox, 'PUT', `${site()}/groupsets/${id}/groups/${group}`, {
      token: s.token,
    });
    expect(added.body.groupSet.groupCount).toBe('1');
    const dup = await call(sandbox, 'POST', `${site()}/groupsets`, {
      token: s.token,
      body: { groupSet: { name: 'test SET' } },
    });
    expect(dup.body.error.code).toBe('409120');
  });

  it('runs a linked task and updates embedding settings', async () => {
    const task = (await get('/tasks/linked')).body.linkedTasks.linkedTasks[0].id as string;
    const run = await call(sandbox, 'POST', `${site()}/tasks/linked/${task}/runNow`, {
      token: s.token,
    });
    expect(run.body.linkedTaskJob.linkedTaskId).toBe(task);
    const put = await call(sandbox, 'PUT', `${site()}/settings/embedding`, {
      token: s.token,
      body: { site: { settings: [{ unrestrictedEmbedding: false, allowList: 'example.com' }] } },
    });
    expect(put.body.site.settings).toEqual([
      { unrestrictedEmbedding: 'false', allowList: 'example.com' },
    ]);
  });

  it('deletes another server session by id', async () => {
    const other = await signIn(sandbox);
    const sessions = (await call(sandbox, 'GET', '/__sandbox/sessions')).body.sessions as Array<{
      id: string;
      token: string;
    }>;
    const id = sessions.find((x) => x.token === other.token)!.id;
    expect((await call(sandbox, 'DELETE', `/sessions/${id}`, { token: s.token })).status).toBe(204);
    expect((await call(sandbox, 'GET', '/sessions/current', { token: other.token })).status).toBe(
      401,
    );
  });
});

describe('big-json control endpoint', () => {
  it('streams about N MB of a Tableau-shaped users list', async () => {
    const res = await fetch(`${sandbox.url}/__sandbox/big-json?mb=3`);
    expect(res.headers.get('content-type')).toContain('application/json');
    const text = await res.text();
    expect(Math.abs(text.length - 3 * 1024 * 1024) / (3 * 1024 * 1024)).toBeLessThan(0.05);
    const body = JSON.parse(text) as { users: { user: Array<{ id: string; siteRole: string }> } };
    expect(body.users.user.length).toBeGreaterThan(1000);
    expect(body.users.user[0].siteRole).toBeTruthy();
    expect((await fetch(`${sandbox.url}/__sandbox/big-json?mb=500`)).status).toBe(400);
  });
});
