import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from './index';
import { call, signIn, type SignedIn } from './test-support';

let now = Date.parse('2026-06-01T12:00:00Z');
let sandbox: RunningSandbox;
let s: SignedIn;
const site = () => `/sites/${s.siteId}`;
const api = (method: string, p: string, body?: unknown) => call(sandbox, method, `${site()}${p}`, { token: s.token, body });

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 }, { clock: () => now, jobDurationMs: 4000 });
  s = await signIn(sandbox);
});
afterAll(() => sandbox.stop());

describe('projects', () => {
  it('creates (201), nests, refuses a duplicate name under one parent (409006), updates and deletes (204)', async () => {
    const parent = await api('POST', '/projects', { project: { name: 'Trestle Tests', description: 'd' } });
    expect(parent.status).toBe(201);
    const id = parent.body.project.id;
    const child = await api('POST', '/projects', { project: { name: 'Child', parentProjectId: id } });
    expect(child.status).toBe(201);
    expect(child.body.project.parentProjectId).toBe(id);
    const dup = await api('POST', '/projects', { project: { name: 'child', parentProjectId: id } });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('409006');
    // The same name under another parent is fine.
    expect((await api('POST', '/projects', { project: { name: 'Child' } })).status).toBe(201);
    const upd = await api('PUT', `/projects/${child.body.project.id}`, { project: { contentPermissions: 'LockedToProject' } });
    expect(upd.body.project.contentPermissions).toBe('LockedToProject');
    expect((await api('DELETE', `/projects/${id}`)).status).toBe(204);
    const gone = await api('PUT', `/projects/${child.body.project.id}`, { project: { name: 'x' } });
    expect(gone.status).toBe(404);
    expect(gone.body.error.code).toBe('404005');
  });
});

describe('users and groups', () => {
  it('adds a user (201), refuses a duplicate (409017) and a bad site role (400013), updates and removes', async () => {
    const add = await api('POST', '/users', { user: { name: 'new.person', siteRole: 'Explorer' } });
    expect(add.status).toBe(201);
    const id = add.body.user.id;
    expect((await api('POST', '/users', { user: { name: 'New.Person', siteRole: 'Viewer' } })).body.error.code).toBe('409017');
    expect((await api('POST', '/users', { user: { name: 'x', siteRole: 'Wizard' } })).body.error.code).toBe('400013');
    const upd = await api('PUT', `/users/${id}`, { user: { fullName: 'New Person', email: 'np@example.com', siteRole: 'Creator' } });
    expect(upd.body.user).toMatchObject({ fullName: 'New Person', siteRole: 'Creator' });
    expect((await api('GET', `/users/${id}`)).body.user.domain.name).toBe('local');
    expect((await api('DELETE', `/users/${id}`)).status).toBe(204);
    expect((await api('GET', `/users/${id}`)).body.error.code).toBe('404002');
  });

  it('creates a group, adds and removes members, and lists groups for a user', async () => {
    const g = await api('POST', '/groups', { group: { name: 'Trestle Team' } });
    expect(g.status).toBe(201);
    expect((await api('POST', '/groups', { group: { name: 'trestle team' } })).body.error.code).toBe('409009');
    const gid = g.body.group.id;
    const user = (await api('GET', '/users?filter=siteRole:eq:Viewer&pageSize=1')).body.users.user[0];
    expect((await api('POST', `/groups/${gid}/users`, { user: { id: user.id } })).status).toBe(200);
    expect((await api('POST', `/groups/${gid}/users`, { user: { id: user.id } })).body.error.code).toBe('409011');
    const members = await api('GET', `/groups/${gid}/users`);
    expect(members.body.users.user.map((u: { id: string }) => u.id)).toEqual([user.id]);
    const groups = await api('GET', `/users/${user.id}/groups`);
    expect(groups.body.groups.group.some((x: { id: string }) => x.id === gid)).toBe(true);
    expect((await api('DELETE', `/groups/${gid}/users/${user.id}`)).status).toBe(204);
    expect((await api('GET', `/groups/${gid}/users`)).body.users).toEqual({});
    const renamed = await api('PUT', `/groups/${gid}`, { group: { name: 'Trestle Crew' } });
    expect(renamed.body.group.name).toBe('Trestle Crew');
    expect((await api('DELETE', `/groups/${gid}`)).status).toBe(204);
  });
});

describe('workbooks, views and data sources', () => {
  it('shows a workbook with its views, connections and usage; updates, tags and deletes it', async () => {
    const wb = (await api('GET', '/workbooks?pageSize=1')).body.workbooks.workbook[0];
    const one = await api('GET', `/workbooks/${wb.id}`);
    expect(one.body.workbook.views.view.length).toBeGreaterThan(0);
    const views = await api('GET', `/workbooks/${wb.id}/views?includeUsageStatistics=true`);
    expect(Number(views.body.views.view[0].usage.totalViewCount)).toBeGreaterThanOrEqual(0);
    const conns = await api('GET', `/workbooks/${wb.id}/connections`);
    expect(conns.body.connections.connection[0].datasource.id).toBeTruthy();
    const upd = await api('PUT', `/workbooks/${wb.id}`, { workbook: { name: 'Renamed Workbook', showTabs: true } });
    expect(upd.body.workbook).toMatchObject({ name: 'Renamed Workbook', showTabs: 'true' });
    const tags = await api('PUT', `/workbooks/${wb.id}/tags`, { tags: { tag: [{ label: 'trestle' }, { label: 'qa' }] } });
    expect(tags.body.tags.tag.map((t: { label: string }) => t.label)).toEqual(expect.arrayContaining(['trestle', 'qa']));
    expect((await api('DELETE', `/workbooks/${wb.id}/tags/qa`)).status).toBe(204);
    expect((await api('DELETE', `/workbooks/${wb.id}`)).status).toBe(204);
    expect((await api('GET', `/workbooks/${wb.id}`)).body.error.code).toBe('404006');
    expect((await api('GET', `/views/${one.body.workbook.views.view[0].id}`)).body.error.code).toBe('404011');
  });

  it('certifies a data source and shows its connections', async () => {
    const ds = (await api('GET', '/datasources?filter=isCertified:eq:false&pageSize=1')).body.datasources.datasource[0];
    const upd = await api('PUT', `/datasources/${ds.id}`, { datasource: { isCertified: 'true', certificationNote: 'Checked' } });
    expect(upd.body.datasource).toMatchObject({ isCertified: 'true', certificationNote: 'Checked' });
    const conns = await api('GET', `/datasources/${ds.id}/connections`);
    const cid = conns.body.connections.connection[0].id;
    const c = await api('PUT', `/datasources/${ds.id}/connections/${cid}`, { connection: { serverAddress: 'new.example.com', serverPort: '5433' } });
    expect(c.body.connection).toMatchObject({ serverAddress: 'new.example.com', serverPort: '5433' });
    expect((await api('GET', '/datasources/00000000-0000-4000-8000-000000000000')).body.error.code).toBe('404004');
  });
});

describe('favorites and permissions', () => {
  it('adds, lists and deletes favorites', async () => {
    const view = (await api('GET', '/views?pageSize=1')).body.views.view[0];
    const added = await api('PUT', `/favorites/${s.userId}`, { favorite: { label: 'My view', view: { id: view.id } } });
    expect(added.status).toBe(200);
    const list = await api('GET', `/favorites/${s.userId}`);
    expect(list.body.favorites.favorite.some((f: { label: string }) => f.label === 'My view')).toBe(true);
    expect((await api('DELETE', `/favorites/${s.userId}/views/${view.id}`)).status).toBe(204);
    expect((await api('DELETE', `/favorites/${s.userId}/views/${view.id}`)).status).toBe(404);
  });

  it('grants, lists and revokes capabilities; refuses unknown capabilities with 400009', async () => {
    const wb = (await api('GET', '/workbooks?pageSize=1')).body.workbooks.workbook[0];
    const group = (await api('GET', '/groups?pageSize=2')).body.groups.group[1];
    const grant = await api('PUT', `/workbooks/${wb.id}/permissions`, {
      permissions: { granteeCapabilities: [{ group: { id: group.id }, capabilities: { capability: [{ name: 'ExportData', mode: 'Deny' }] } }] },
    });
    expect(grant.status).toBe(200);
    const list = await api('GET', `/workbooks/${wb.id}/permissions`);
    const rule = list.body.permissions.granteeCapabilities.find((g: { group?: { id: string } }) => g.group?.id === group.id);
    expect(rule.capabilities.capability).toEqual([{ name: 'ExportData', mode: 'Deny' }]);
    expect((await api('DELETE', `/workbooks/${wb.id}/permissions/groups/${group.id}/ExportData/Deny`)).status).toBe(204);
    const bad = await api('PUT', `/projects/${(await api('GET', '/projects?pageSize=1')).body.projects.project[0].id}/permissions`, {
      permissions: { granteeCapabilities: { group: { id: group.id }, capabilities: { capability: { name: 'ExportData', mode: 'Allow' } } } },
    });
    expect(bad.body.error.code).toBe('400009');
  });
});

describe('jobs', () => {
  it('refreshes with 202 and a job that progresses to success; cancelling a running job gives finishCode 2', async () => {
    const ds = (await api('GET', '/datasources?filter=hasExtracts:eq:true&pageSize=2')).body.datasources.datasource;
    const started = await api('POST', `/datasources/${ds[0].id}/refresh`, {});
    expect(started.status).toBe(202);
    const jobId = started.body.job.id;
    expect(started.body.job.extractRefreshJob.datasource.id).toBe(ds[0].id);
    now += 2000;
    const running = (await api('GET', `/jobs/${jobId}`)).body.job;
    expect(Number(running.progress)).toBeGreaterThan(0);
    expect(running.completedAt).toBeUndefined();
    now += 2500;
    const done = (await api('GET', `/jobs/${jobId}`)).body.job;
    expect(done).toMatchObject({ progress: '100', finishCode: '0' });
    expect(done.completedAt).toBeTruthy();
    const second = (await api('POST', `/datasources/${ds[1].id}/refresh`, {})).body.job.id;
    now += 1000;
    const cancelled = await api('PUT', `/jobs/${second}`);
    expect(cancelled.body.job.finishCode).toBe('2');
    const listed = await api('GET', `/jobs?filter=status:eq:Cancelled`);
    expect(listed.body.backgroundJobs.backgroundJob.map((j: { id: string }) => j.id)).toContain(second);
  });
});

describe('schedules and tasks', () => {
  it('creates, updates and deletes a server schedule; runs an extract task now', async () => {
    const created = await call(sandbox, 'POST', '/schedules', {
      token: s.token,
      body: { schedule: { name: 'Trestle Nightly', priority: '40', type: 'Extract', frequency: 'Daily', executionOrder: 'Serial', frequencyDetails: { start: '01:00:00', intervals: { interval: [{ hours: '24' }] } } } },
    });
    expect(created.status).toBe(201);
    const id = created.body.schedule.id;
    const dup = await call(sandbox, 'POST', '/schedules', { token: s.token, body: { schedule: { name: 'trestle nightly', type: 'Extract', frequency: 'Daily' } } });
    expect(dup.status).toBe(409);
    const upd = await call(sandbox, 'PUT', `/schedules/${id}`, { token: s.token, body: { schedule: { state: 'Suspended' } } });
    expect(upd.body.schedule.state).toBe('Suspended');
    expect((await call(sandbox, 'DELETE', `/schedules/${id}`, { token: s.token })).status).toBe(204);
    const tasks = await api('GET', '/tasks/extractRefreshes');
    const task = tasks.body.tasks.task[0].extractRefresh;
    const run = await api('POST', `/tasks/extractRefreshes/${task.id}/runNow`, {});
    expect(run.status).toBe(200);
    expect(run.body.job.id).toBeTruthy();
  });
});

describe('errors', () => {
  it('answers unknown paths with 404003 and wrong methods with 405000, in the requested format', async () => {
    const unknown = await api('GET', '/nonsense');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('404003');
    const wrong = await call(sandbox, 'PATCH', `${site()}/users`, { token: s.token, xml: true });
    expect(wrong.status).toBe(405);
    expect(wrong.text).toContain('<error code="405000"><summary>');
    const outside = await call(sandbox, 'GET', '/favicon.ico');
    expect(outside.status).toBe(404);
  });

  it('refuses malformed XML and JSON bodies with 400000', async () => {
    const xml = await call(sandbox, 'POST', `${site()}/projects`, { token: s.token, rawBody: '<tsRequest><project name="x"' });
    expect(xml.body.error.code).toBe('400000');
    const json = await call(sandbox, 'POST', `${site()}/projects`, { token: s.token, rawBody: '{"project":', contentType: 'application/json' });
    expect(json.status).toBe(400);
    expect(json.body.error.code).toBe('400000');
    const missing = await api('POST', '/projects', { notAProject: {} });
    expect(missing.body.error.code).toBe('400000');
  });

  it('turns a handler exception into a 500 error body, never a stack trace', async () => {
    const { createSandboxServer } = await import('./http/server');
    const { FaultInjector } = await import('./http/faults');
    const server = createSandboxServer(
      { serverVersion: '3.29' } as never,
      [{ method: 'GET', path: '/boom', auth: 'none', handler: () => { throw new Error('secret internals'); } }],
      new FaultInjector(),
    );
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    const res = await fetch(`http://127.0.0.1:${port}/api/3.29/boom`, { headers: { Accept: 'application/json' } });
    const body = await res.json();
    server.close();
    expect(res.status).toBe(500);
    expect(body.error.code).toBe('500000');
    expect(JSON.stringify(body)).not.toContain('secret internals');
  });
});
