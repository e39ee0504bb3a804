import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from './index';
import { call, signIn, type SignedIn } from './test-support';

let sandbox: RunningSandbox;
let s: SignedIn;
const site = () => `/sites/${s.siteId}`;
const api = (method: string, p: string, body?: unknown) =>
  call(sandbox, method, `${site()}${p}`, { token: s.token, body });

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
  s = await signIn(sandbox);
});
afterAll(() => sandbox.stop());

describe('projects', () => {
  it('creates (201), nests, refuses a duplicate name under one parent (409006), updates and deletes (204)', async () => {
    const parent = await api('POST', '/projects', {
      project: { name: 'Trestle Tests', description: 'd' },
    });
    expect(parent.status).toBe(201);
    const id = parent.body.project.id;
    const child = await api('POST', '/projects', {
      project: { name: 'Child', parentProjectId: id },
    });
    expect(child.status).toBe(201);
    expect(child.body.project.parentProjectId).toBe(id);
    const dup = await api('POST', '/projects', { project: { name: 'child', parentProjectId: id } });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('409006');
    // The same name under another parent is fine.
    expect((await api('POST', '/projects', { project: { name: 'Child' } })).status).toBe(201);
    const upd = await api('PUT', `/projects/${child.body.project.id}`, {
      project: { contentPermissions: 'LockedToProject' },
    });
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
    expect(
      (await api('POST', '/users', { user: { name: 'New.Person', siteRole: 'Viewer' } })).body.error
        .code,
    ).toBe('409017');
    expect(
      (await api('POST', '/users', { user: { name: 'x', siteRole: 'Wizard' } })).body.error.code,
    ).toBe('400013');
    const upd = await api('PUT', `/users/${id}`, {
      user: { fullName: 'New Person', email: 'np@example.com', siteRole: 'Creator' },
    });
    expect(upd.body.user).toMatchObject({ fullName: 'New Person', siteRole: 'Creator' });
    expect((await api('GET', `/users/${id}`)).body.user.domain.name).toBe('local');
    expect((await api('DELETE', `/users/${id}`)).status).toBe(204);
    expect((await api('GET', `/users/${id}`)).body.error.code).toBe('404002');
  });

  it('creates a group, adds and removes members, and lists groups for a user', async () => {
    const g = await api('POST', '/groups', { group: { name: 'Trestle Team' } });
    expect(g.status).toBe(201);
    expect(
      (await api('POST', '/groups', { group: { name: 'trestle team' } })).body.error.code,
    ).toBe('409009');
    const gid = g.body.group.id;
    const user = (await api('GET', '/users?filter=siteRole:eq:Viewer&pageSize=1')).body.users
      .user[0];
    expect((await api('POST', `/groups/${gid}/users`, { user: { id: user.id } })).status).toBe(200);
    expect(
      (await api('POST', `/groups/${gid}/users`, { user: { id: user.id } })).body.error.code,
    ).toBe('409011');
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

describe('schedules and tasks', () => {
  it('creates, updates and deletes a server schedule; runs an extract task now', async () => {
    const created = await call(sandbox, 'POST', '/schedules', {
      token: s.token,
      body: {
        schedule: {
          name: 'Trestle Nightly',
          priority: '40',
          type: 'Extract',
          frequency: 'Daily',
          executionOrder: 'Serial',
          frequencyDetails: { start: '01:00:00', intervals: { interval: [{ hours: '24' }] } },
        },
      },
    });
    expect(created.status).toBe(201);
    const id = created.body.schedule.id;
    const dup = await call(sandbox, 'POST', '/schedules', {
      token: s.token,
      body: { schedule: { name: 'trestle nightly', type: 'Extract', frequency: 'Daily' } },
    });
    expect(dup.status).toBe(409);
    const upd = await call(sandbox, 'PUT', `/schedules/${id}`, {
      token: s.token,
      body: { schedule: { state: 'Suspended' } },
    });
    expect(upd.body.schedule.state).toBe('Suspended');
    expect((await call(sandbox, 'DELETE', `/schedules/${id}`, { token: s.token })).status).toBe(
      204,
    );
    const tasks = await api('GET', '/tasks/extractRefreshes');
    const task = tasks.body.tasks.task[0].extractRefresh;
    const run = await api('POST', `/tasks/extractRefreshes/${task.id}/runNow`, {});
    expect(run.status).toBe(200);
    expect(run.body.job.id).toBeTruthy();
  });
});

describe('directory groups and CSV user import', () => {
  it('imports an Active Directory group, as a job with asJob=true', async () => {
    const ad = {
      group: {
        name: 'AD Analysts',
        import: {
          source: 'ActiveDirectory',
          domainName: 'corp.example.com',
          siteRole: 'Explorer',
          grantLicenseMode: 'onLogin',
        },
      },
    };
    const res = await api('POST', '/groups', ad);
    expect(res.status).toBe(201);
    expect(res.body.group.import).toMatchObject({
      domainName: 'corp.example.com',
      siteRole: 'Explorer',
    });
    const job = await api('POST', '/groups?asJob=true', {
      group: { ...ad.group, name: 'AD Sales' },
    });
    expect(job.status).toBe(202);
    expect(job.body.job.type).toBe('GroupImport');
    const listed = await api('GET', '/groups?filter=domainName:eq:corp.example.com');
    expect(listed.body.pagination.totalAvailable).toBe('2');
  });
});

describe('sites', () => {
  it('finds a site by id, by name and by contentUrl; creates and deletes one', async () => {
    const byId = await call(sandbox, 'GET', `/sites/${s.siteId}`, { token: s.token });
    expect(byId.body.site.name).toBe('Default');
    const byName = await call(sandbox, 'GET', '/sites/Marketing?key=name', { token: s.token });
    expect(byName.body.site.contentUrl).toBe('marketing');
    const byUrl = await call(sandbox, 'GET', '/sites/marketing?key=contentUrl', { token: s.token });
    expect(byUrl.body.site.id).toBe(byName.body.site.id);
    expect(
      (await call(sandbox, 'GET', '/sites/nowhere?key=contentUrl', { token: s.token })).body.error
        .code,
    ).toBe('404000');
    const created = await call(sandbox, 'POST', '/sites', {
      token: s.token,
      body: { site: { name: 'Finance', contentUrl: 'finance' } },
    });
    expect(created.status).toBe(201);
    const dup = await call(sandbox, 'POST', '/sites', {
      token: s.token,
      body: { site: { name: 'Finance 2', contentUrl: 'finance' } },
    });
    expect(dup.status).toBe(409);
    const signin = await call(sandbox, 'POST', '/auth/signin', {
      body: {
        credentials: { name: 'admin', password: 'trestle', site: { contentUrl: 'finance' } },
      },
    });
    expect(signin.status).toBe(200);
    expect(
      (await call(sandbox, 'DELETE', `/sites/${created.body.site.id}`, { token: s.token })).status,
    ).toBe(204);
    expect(
      (await call(sandbox, 'GET', '/sites', { token: s.token })).body.pagination.totalAvailable,
    ).toBe('2');
  });

  it('forbids site administration to a Viewer (403) and project creation (403045)', async () => {
    const viewer = (await api('GET', '/users?filter=siteRole:eq:Viewer&pageSize=1')).body.users
      .user[0];
    const signin = await call(sandbox, 'POST', '/auth/signin', {
      body: {
        credentials: {
          name: 'admin',
          password: 'trestle',
          site: { contentUrl: '' },
          user: { id: viewer.id },
        },
      },
    });
    const token = signin.body.credentials.token;
    const asViewer = (method: string, p: string, body?: unknown) =>
      call(sandbox, method, `${site()}${p}`, { token, body });
    expect((await asViewer('GET', '/users?pageSize=1')).status).toBe(200);
    const add = await asViewer('POST', '/users', { user: { name: 'sneaky', siteRole: 'Creator' } });
    expect(add.status).toBe(403);
    expect(add.body.error.code).toMatch(/^403/);
    const project = await asViewer('POST', '/projects', { project: { name: 'Mine' } });
    expect(project.body.error.code).toBe('403045');
    expect((await call(sandbox, 'GET', '/sites', { token })).status).toBe(403);
  });

  it('forbids deleting the Default project (403)', async () => {
    const def = (await api('GET', '/projects?filter=name:eq:Default')).body.projects.project[0];
    const res = await api('DELETE', `/projects/${def.id}`);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toMatch(/^403/);
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
    const xml = await call(sandbox, 'POST', `${site()}/projects`, {
      token: s.token,
      rawBody: '<tsRequest><project name="x"',
    });
    expect(xml.body.error.code).toBe('400000');
    const json = await call(sandbox, 'POST', `${site()}/projects`, {
      token: s.token,
      rawBody: '{"project":',
      contentType: 'application/json',
    });
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
      [
        {
          method: 'GET',
          path: '/boom',
          auth: 'none',
          handler: () => {
            throw new Error('secret internals');
          },
        },
      ],
      new FaultInjector(),
    );
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    const res = await fetch(`http://127.0.0.1:${port}/api/3.29/boom`, {
      headers: { Accept: 'application/json' },
    });
    const body = await res.json();
    server.close();
    expect(res.status).toBe(500);
    expect(body.error.code).toBe('500000');
    expect(JSON.stringify(body)).not.toContain('secret internals');
  });
});
