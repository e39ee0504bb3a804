import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from './index';
import { call, signIn, type SignedIn } from './test-support';

let now = Date.parse('2026-06-01T12:00:00Z');
let sandbox: RunningSandbox;
let s: SignedIn;
const site = () => `/sites/${s.siteId}`;
const api = (method: string, p: string, body?: unknown) =>
  call(sandbox, method, `${site()}${p}`, { token: s.token, body });

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 }, { clock: () => now, jobDurationMs: 4000 });
  s = await signIn(sandbox);
});
afterAll(() => sandbox.stop());

describe('workbooks, views and data sources', () => {
  it('shows a workbook with its views, connections and usage; updates, tags and deletes it', async () => {
    const wb = (await api('GET', '/workbooks?pageSize=1')).body.workbooks.workbook[0];
    const one = await api('GET', `/workbooks/${wb.id}`);
    expect(one.body.workbook.views.view.length).toBeGreaterThan(0);
    const views = await api('GET', `/workbooks/${wb.id}/views?includeUsageStatistics=true`);
    expect(Number(views.body.views.view[0].usage.totalViewCount)).toBeGreaterThanOrEqual(0);
    const conns = await api('GET', `/workbooks/${wb.id}/connections`);
    expect(conns.body.connections.connection[0].datasource.id).toBeTruthy();
    const upd = await api('PUT', `/workbooks/${wb.id}`, {
      workbook: { name: 'Renamed Workbook', showTabs: true },
    });
    expect(upd.body.workbook).toMatchObject({ name: 'Renamed Workbook', showTabs: 'true' });
    const tags = await api('PUT', `/workbooks/${wb.id}/tags`, {
      tags: { tag: [{ label: 'trestle' }, { label: 'qa' }] },
    });
    expect(tags.body.tags.tag.map((t: { label: string }) => t.label)).toEqual(
      expect.arrayContaining(['trestle', 'qa']),
    );
    expect((await api('DELETE', `/workbooks/${wb.id}/tags/qa`)).status).toBe(204);
    expect((await api('DELETE', `/workbooks/${wb.id}`)).status).toBe(204);
    expect((await api('GET', `/workbooks/${wb.id}`)).body.error.code).toBe('404006');
    expect((await api('GET', `/views/${one.body.workbook.views.view[0].id}`)).body.error.code).toBe(
      '404011',
    );
  });

  it('certifies a data source and shows its connections', async () => {
    const ds = (await api('GET', '/datasources?filter=isCertified:eq:false&pageSize=1')).body
      .datasources.datasource[0];
    const upd = await api('PUT', `/datasources/${ds.id}`, {
      datasource: { isCertified: 'true', certificationNote: 'Checked' },
    });
    expect(upd.body.datasource).toMatchObject({
      isCertified: 'true',
      certificationNote: 'Checked',
    });
    const conns = await api('GET', `/datasources/${ds.id}/connections`);
    const cid = conns.body.connections.connection[0].id;
    const c = await api('PUT', `/datasources/${ds.id}/connections/${cid}`, {
      connection: { serverAddress: 'new.example.com', serverPort: '5433' },
    });
    expect(c.body.connection).toMatchObject({
      serverAddress: 'new.example.com',
      serverPort: '5433',
    });
    expect(
      (await api('GET', '/datasources/00000000-0000-4000-8000-000000000000')).body.error.code,
    ).toBe('404004');
  });
});

describe('favorites and permissions', () => {
  it('adds, lists and deletes favorites', async () => {
    const view = (await api('GET', '/views?pageSize=1')).body.views.view[0];
    const added = await api('PUT', `/favorites/${s.userId}`, {
      favorite: { label: 'My view', view: { id: view.id } },
    });
    expect(added.status).toBe(200);
    const list = await api('GET', `/favorites/${s.userId}`);
    expect(list.body.favorites.favorite.some((f: { label: string }) => f.label === 'My view')).toBe(
      true,
    );
    expect((await api('DELETE', `/favorites/${s.userId}/views/${view.id}`)).status).toBe(204);
    expect((await api('DELETE', `/favorites/${s.userId}/views/${view.id}`)).status).toBe(404);
  });

  it('grants, lists and revokes capabilities; refuses unknown capabilities with 400009', async () => {
    const wb = (await api('GET', '/workbooks?pageSize=1')).body.workbooks.workbook[0];
    const group = (await api('GET', '/groups?pageSize=2')).body.groups.group[1];
    const grant = await api('PUT', `/workbooks/${wb.id}/permissions`, {
      permissions: {
        granteeCapabilities: [
          {
            group: { id: group.id },
            capabilities: { capability: [{ name: 'ExportData', mode: 'Deny' }] },
          },
        ],
      },
    });
    expect(grant.status).toBe(200);
    const list = await api('GET', `/workbooks/${wb.id}/permissions`);
    const rule = list.body.permissions.granteeCapabilities.find(
      (g: { group?: { id: string } }) => g.group?.id === group.id,
    );
    expect(rule.capabilities.capability).toEqual([{ name: 'ExportData', mode: 'Deny' }]);
    expect(
      (await api('DELETE', `/workbooks/${wb.id}/permissions/groups/${group.id}/ExportData/Deny`))
        .status,
    ).toBe(204);
    const bad = await api(
      'PUT',
      `/projects/${(await api('GET', '/projects?pageSize=1')).body.projects.project[0].id}/permissions`,
      {
        permissions: {
          granteeCapabilities: {
            group: { id: group.id },
            capabilities: { capability: { name: 'ExportData', mode: 'Allow' } },
          },
        },
      },
    );
    expect(bad.body.error.code).toBe('400009');
  });
});

describe('jobs', () => {
  it('refreshes with 202 and a job that progresses to success; cancelling a running job gives finishCode 2', async () => {
    const ds = (await api('GET', '/datasources?filter=hasExtracts:eq:true&pageSize=2')).body
      .datasources.datasource;
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
    expect(listed.body.backgroundJobs.backgroundJob.map((j: { id: string }) => j.id)).toContain(
      second,
    );
  });
});

describe('hyper update data', () => {
  it('answers 202 with an UpdateUploadedFile job that fails on a live data source', async () => {
    const live = (await api('GET', '/datasources?filter=hasExtracts:eq:false&pageSize=1')).body
      .datasources.datasource[0];
    const upload = (await api('POST', '/fileUploads')).body.fileUpload.uploadSessionId;
    const res = await call(
      sandbox,
      'PATCH',
      `${site()}/datasources/${live.id}/data?uploadSessionId=${encodeURIComponent(upload)}`,
      {
        token: s.token,
        body: {
          actions: [{ action: 'insert', 'source-table': 'Extract', 'target-table': 'Extract' }],
        },
      },
    );
    expect(res.status).toBe(202);
    expect(res.body.job.updateUploadedFileJob.datasource.id).toBe(live.id);
    now += 5000;
    const done = (await api('GET', `/jobs/${res.body.job.id}`)).body.job;
    expect(done.finishCode).toBe('1');
    const noUpload = await call(sandbox, 'PATCH', `${site()}/datasources/${live.id}/data`, {
      token: s.token,
      body: { actions: [{ action: 'insert' }] },
    });
    expect(noUpload.status).toBe(400);
  });
});

// Publishing itself is tested in publish.test.ts, with the sample files.
describe('revisions', () => {
  it('lists revisions of a workbook, newest marked current', async () => {
    const wb = (await api('GET', '/workbooks?pageSize=1')).body.workbooks.workbook[0];
    const revs = (await api('GET', `/workbooks/${wb.id}/revisions`)).body.revisions.revision;
    expect(revs.at(-1).current).toBe('true');
    expect(revs[0].publisher.id).toBe(wb.owner.id);
  });
});
