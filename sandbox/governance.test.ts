/**
 * The families issue 17 added to the sandbox, through their REST methods: subscriptions,
 * webhooks, data-driven alerts, bulk removal, extracts and encryption, flow publishing and
 * tasks, virtual connections, the Catalog and data quality, settings, connected apps — and
 * the behaviours fixed (empty project update, Update Site settings, externalAuthUserId).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from './index';
import { call, signIn, type SignedIn } from './test-support';

const SAMPLES = path.resolve(import.meta.dirname, '..', '..', 'shared', 'reference', 'samples');

let sandbox: RunningSandbox;
let s: SignedIn;
const api = (
  method: string,
  p: string,
  options: { body?: unknown; rawBody?: string; contentType?: string } = {},
) => call(sandbox, method, `/sites/${s.siteId}${p}`, { token: s.token, ...options });
const firstOf = async (p: string, list: string, item: string) =>
  (await api('GET', p)).body[list][item][0];

/** A multipart/mixed body as Tableau's publish and CSV methods take it. */
function multipart(parts: Array<{ name: string; body: string; filename?: string }>) {
  const b = 'governance-boundary';
  const text =
    parts
      .map(
        (p) =>
          `--${b}\r\nContent-Disposition: name="${p.name}"${p.filename ? `; filename="${p.filename}"` : ''}\r\nContent-Type: ${p.filename ? 'application/octet-stream' : 'text/xml'}\r\n\r\n${p.body}\r\n`,
      )
      .join('') + `--${b}--\r\n`;
  return { rawBody: text, contentType: `multipart/mixed; boundary=${b}` };
}

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
  s = await signIn(sandbox);
});
afterAll(() => sandbox.stop());

describe('behaviours Tableau has', () => {
  it('answers an update with an empty <project/> with the project unchanged (TSC get_by_id)', async () => {
    const project = await firstOf('/projects', 'projects', 'project');
    const res = await api('PUT', `/projects/${project.id}`, {
      rawBody: '<tsRequest><project/></tsRequest>',
    });
    expect(res.status).toBe(200);
    expect([res.body.project.id, res.body.project.name]).toEqual([project.id, project.name]);
  });

  it('applies every Update Site setting it is sent, and refuses a revisionLimit out of range', async () => {
    const res = await call(sandbox, 'PUT', `/sites/${s.siteId}`, {
      token: s.token,
      body: {
        site: {
          revisionLimit: '17',
          tagLimit: '25',
          dataAlertsEnabled: 'False',
          timeZone: 'Europe/Paris',
        },
      },
    });
    expect(res.status).toBe(200);
    const site = (await call(sandbox, 'GET', `/sites/${s.siteId}`, { token: s.token })).body.site;
    expect([site.revisionLimit, site.tagLimit, site.dataAlertsEnabled, site.timeZone]).toEqual([
      '17',
      '25',
      'false',
      'Europe/Paris',
    ]);
    const bad = await call(sandbox, 'PUT', `/sites/${s.siteId}`, {
      token: s.token,
      body: { site: { revisionLimit: '1' } },
    });
    expect(bad.status).toBe(400);
  });

  it('fills externalAuthUserId for generated users under fields=_all_', async () => {
    const users = (await api('GET', '/users?fields=_all_&pageSize=5')).body.users.user;
    for (const user of users) expect(user.externalAuthUserId).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('subscriptions', () => {
  it('creates, updates and deletes a subscription, and 404s an unknown one', async () => {
    const view = await firstOf('/views?pageSize=1', 'views', 'view');
    const schedules = (await call(sandbox, 'GET', '/schedules?pageSize=100', { token: s.token }))
      .body.schedules.schedule;
    const schedule = schedules.find((x: { type: string }) => x.type === 'Subscription');
    const created = await api('POST', '/subscriptions', {
      body: {
        subscription: {
          subject: 'Daily',
          content: { id: view.id, type: 'View' },
          schedule: { id: schedule.id },
          user: { id: s.userId },
        },
      },
    });
    expect(created.status).toBe(201);
    const id = created.body.subscription.id;
    const updated = await api('PUT', `/subscriptions/${id}`, {
      body: { subscription: { subject: 'Weekly', suspended: true } },
    });
    expect([updated.body.subscription.subject, updated.body.subscription.suspended]).toEqual([
      'Weekly',
      'true',
    ]);
    expect((await api('DELETE', `/subscriptions/${id}`)).status).toBe(204);
    expect((await api('GET', `/subscriptions/${id}`)).status).toBe(404);
    const noView = await api('POST', '/subscriptions', {
      body: {
        subscription: {
          subject: 'x',
          content: { id: s.userId, type: 'View' },
          schedule: { id: schedule.id },
        },
      },
    });
    expect(noView.body.error.code).toBe('404011');
  });
});

describe('webhooks', () => {
  it('creates, tests and deletes a webhook; a non-https destination is refused', async () => {
    const hook = (url: string) => ({
      webhook: {
        name: 'Hook',
        event: 'workbook-created',
        'webhook-destination': { 'webhook-destination-http': { method: 'POST', url } },
      },
    });
    const created = await api('POST', '/webhooks', { body: hook('https://hooks.example.com/a') });
    expect(created.status).toBe(201);
    const id = created.body.webhook.id;
    expect((await api('GET', `/webhooks/${id}/test`)).body.webhookTestResult.status).toBe('200');
    expect(
      (await api('POST', '/webhooks', { body: hook('http://insecure.example.com') })).status,
    ).toBe(400);
    expect((await api('DELETE', `/webhooks/${id}`)).status).toBe(204);
  });
});

describe('data-driven alerts', () => {
  it('adds and removes a recipient, shown by Get Data-Driven Alert', async () => {
    const alert = await firstOf('/dataAlerts', 'dataAlerts', 'dataAlert');
    const user = (await api('GET', '/users?pageSize=3')).body.users.user[2];
    expect(
      (await api('POST', `/dataAlerts/${alert.id}/users`, { body: { user: { id: user.id } } }))
        .status,
    ).toBe(200);
    const recipients = (await api('GET', `/dataAlerts/${alert.id}`)).body.dataAlerts.dataAlert[0]
      .recipients.recipient;
    expect(recipients.map((r: { id: string }) => r.id)).toContain(user.id);
    expect((await api('DELETE', `/dataAlerts/${alert.id}/users/${user.id}`)).status).toBe(204);
    expect((await api('DELETE', `/dataAlerts/${alert.id}/users/${user.id}`)).status).toBe(404);
  });
});

describe('bulk removal', () => {
  it('removes the users a CSV names (POST …/users/delete), never the caller', async () => {
    for (const name of ['bulk.one', 'bulk.two']) {
      await api('POST', '/users', { body: { user: { name, siteRole: 'Viewer' } } });
    }
    const res = await api(
      'POST',
      '/users/delete',
      multipart([
        {
          name: 'tableau_user_delete',
          filename: 'u.csv',
          body: 'bulk.one\nlocal\\bulk.two\nadmin\nnobody\n',
        },
      ]),
    );
    expect(res.status).toBe(202);
    expect(res.body.job.type).toBe('UserDelete');
    const left = (await api('GET', '/users?filter=name:in:[bulk.one,bulk.two,admin]')).body.users
      .user;
    expect(left.map((u: { name: string }) => u.name)).toEqual(['admin']);
  });

  it('removes several members from a group at once (PUT …/users/remove)', async () => {
    const group = (await api('POST', '/groups', { body: { group: { name: 'Bulk members' } } })).body
      .group;
    const users = (await api('GET', '/users?pageSize=3')).body.users.user;
    await api('POST', `/groups/${group.id}/users`, {
      body: { users: { user: users.map((u: { id: string }) => ({ id: u.id })) } },
    });
    const res = await api('PUT', `/groups/${group.id}/users/remove`, {
      body: { users: { user: users.slice(0, 2).map((u: { id: string }) => ({ id: u.id })) } },
    });
    expect(res.status).toBe(204);
    const members = (await api('GET', `/groups/${group.id}/users`)).body.users.user;
    expect(members.map((u: { id: string }) => u.id)).toEqual([users[2].id]);
  });
});

describe('extracts and encryption', () => {
  it('creates an encrypted extract, deletes it, and refuses deleting one that is gone', async () => {
    const ds = await firstOf(
      '/datasources?filter=hasExtracts:eq:false&pageSize=1',
      'datasources',
      'datasource',
    );
    const created = await api('POST', `/datasources/${ds.id}/createExtract?encrypt=true`, {
      rawBody: '<tsRequest/>',
    });
    expect([created.status, created.body.job.type]).toEqual([202, 'CreateExtract']);
    const after = (await api('GET', `/datasources/${ds.id}`)).body.datasource;
    expect([after.hasExtracts, after.encryptExtracts]).toEqual(['true', 'true']);
    expect(
      (await api('POST', `/datasources/${ds.id}/deleteExtract`, { rawBody: '<tsRequest/>' }))
        .status,
    ).toBe(202);
    expect(
      (await api('POST', `/datasources/${ds.id}/deleteExtract`, { rawBody: '<tsRequest/>' }))
        .status,
    ).toBe(400);
  });

  it('encrypts every extract of the site, and decrypts them', async () => {
    expect((await api('POST', '/encrypt-extracts', { rawBody: '<tsRequest/>' })).status).toBe(202);
    const encrypted = (await api('GET', '/workbooks?filter=hasExtracts:eq:true&pageSize=5')).body
      .workbooks.workbook;
    for (const wb of encrypted) {
      expect((await api('GET', `/workbooks/${wb.id}`)).body.workbook.encryptExtracts).toBe('true');
    }
    expect((await api('POST', '/decrypt-extracts', { rawBody: '<tsRequest/>' })).status).toBe(202);
    expect((await api('GET', `/workbooks/${encrypted[0].id}`)).body.workbook.encryptExtracts).toBe(
      'false',
    );
  });
});

describe('flows', () => {
  it('publishes a flow, refuses the same name without overwrite (409), and runs its task', async () => {
    const project = await firstOf('/projects', 'projects', 'project');
    // A real Prep flow (a zip), sent as bytes: multipart/mixed with the payload and the file.
    const flowFile = readFileSync(path.join(SAMPLES, 'SampleFlow.tfl'));
    const b = 'flow-boundary';
    const body = Buffer.concat([
      Buffer.from(
        `--${b}\r\nContent-Disposition: name="request_payload"\r\nContent-Type: text/xml\r\n\r\n<tsRequest><flow name="Published flow"><project id="${project.id}"/></flow></tsRequest>\r\n--${b}\r\nContent-Disposition: name="tableau_flow"; filename="SampleFlow.tfl"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      flowFile,
      Buffer.from(`\r\n--${b}--\r\n`),
    ]);
    const publish = (query: string) =>
      fetch(`${sandbox.url}/api/3.29/sites/${s.siteId}/flows${query}`, {
        method: 'POST',
        headers: { 'X-Tableau-Auth': s.token, 'Content-Type': `multipart/mixed; boundary=${b}` },
        body,
      }).then((r) => r.status);
    expect(await publish('?flowType=tfl')).toBe(201);
    expect(await publish('?flowType=tfl')).toBe(409);
    expect(await publish('?flowType=tfl&overwrite=true')).toBe(201);
    expect(await publish('?flowType=twb')).toBe(400);
    const task = (await api('GET', '/tasks/runFlow')).body.tasks.task[0].flowRun;
    const run = await api('POST', `/tasks/runFlow/${task.id}/runNow`, { rawBody: '<tsRequest/>' });
    expect([run.status, run.body.job.type]).toEqual([202, 'RunFlow']);
  });
});

describe('workbook validation', () => {
  it('keeps a valid .twb in an upload session and reports where a broken one fails', async () => {
    const twb = (body: string) =>
      api(
        'POST',
        '/workbooks/validateWorkbookAndUpload',
        multipart([{ name: 'tableau_workbook', filename: 'w.twb', body }]),
      );
    const good = await twb("<?xml version='1.0'?><workbook><worksheets/></workbook>");
    expect(good.status).toBe(200);
    expect(good.body.uploadId).toMatch(/^\d+:[0-9a-f]{32}-1:0$/);
    expect(good.body.errors).toBeUndefined();
    const broken = await twb('<workbook>\n<worksheets>\n</workbook>');
    expect(broken.body.uploadId).toBeUndefined();
    expect(broken.body.errors[0].line).toBe(3);
    const notTwb = await api(
      'POST',
      '/workbooks/validateWorkbookAndUpload',
      multipart([{ name: 'tableau_workbook', filename: 'w.twbx', body: 'PK' }]),
    );
    expect(notTwb.status).toBe(400);
  });
});

describe('virtual connections', () => {
  it('updates a connection, lists revisions, and refuses a definition that is not JSON', async () => {
    const vc = await firstOf('/virtualConnections', 'virtualConnections', 'virtualConnection');
    const connection = (await api('GET', `/virtualConnections/${vc.id}/connections`)).body
      .virtualConnectionConnections.connection[0];
    const modified = await api(
      'PUT',
      `/virtualConnections/${vc.id}/connections/${connection.connectionId}/modify`,
      { body: { connection: { serverAddress: 'db2.example.com' } } },
    );
    expect(modified.body.connection.serverAddress).toBe('db2.example.com');
    expect(
      Number(
        (await api('GET', `/virtualConnections/${vc.id}/revisions`)).body.pagination.totalAvailable,
      ),
    ).toBeGreaterThan(0);
    const bad = await api('POST', '/virtualConnections', {
      body: { virtualConnection: { name: 'Bad', content: '{not json' } },
    });
    expect(bad.status).toBe(400);
  });
});

describe('Tableau Catalog and data quality', () => {
  it('certifies a database (the caller becomes its certifier) and grants permissions on it', async () => {
    const db = (await api('GET', '/databases?filter=isCertified:eq:false&pageSize=1')).body
      .databases.database[0];
    const res = await api('PUT', `/databases/${db.id}`, {
      body: { database: { isCertified: true, certificationNote: 'Checked' } },
    });
    expect(res.body.database.certifier.id).toBe(s.userId);
    const group = (await api('GET', '/groups?pageSize=1')).body.groups.group[0];
    await api('PUT', `/databases/${db.id}/permissions`, {
      body: {
        permissions: {
          granteeCapabilities: [
            {
              group: { id: group.id },
              capabilities: { capability: [{ name: 'Read', mode: 'Allow' }] },
            },
          ],
        },
      },
    });
    const rules = (await api('GET', `/databases/${db.id}/permissions`)).body.permissions
      .granteeCapabilities;
    expect(rules.some((r: { group?: { id: string } }) => r.group?.id === group.id)).toBe(true);
  });

  it('updates a column description and tags a column', async () => {
    const table = await firstOf('/tables', 'tables', 'table');
    const column = (await api('GET', `/tables/${table.id}/columns`)).body.columns.column[0];
    const res = await api('PUT', `/tables/${table.id}/columns/${column.id}`, {
      body: { column: { description: 'Order key' } },
    });
    expect(res.body.column.description).toBe('Order key');
    const tags = await api('PUT', `/columns/${column.id}/tags`, {
      body: { tags: { tag: [{ label: 'pii' }] } },
    });
    expect(tags.body.tags.tag[0].label).toBe('pii');
  });

  it('puts a warning on a table, reads it as a label, and removes it in a batch', async () => {
    const table = await firstOf('/tables', 'tables', 'table');
    const added = await api('POST', `/dataQualityWarnings/table/${table.id}`, {
      body: { dataQualityWarning: { type: 'STALE', message: 'Old' } },
    });
    expect(added.body.dataQualityWarningList.dataQualityWarning[0].type).toBe('STALE');
    const labels = await api('POST', '/labels', {
      body: { contentList: { content: [{ contentType: 'table', id: table.id }] } },
    });
    expect(labels.body.labelList.label[0].value).toBe('Stale data');
    await api('DELETE', '/dataQualityWarnings/batchDelete', {
      body: { contentList: { content: [{ contentType: 'table', id: table.id }] } },
    });
    expect(
      (await api('GET', `/dataQualityWarnings/table/${table.id}`)).body.dataQualityWarningList,
    ).toEqual({});
    const wrongType = await api('POST', `/dataQualityWarnings/table/${table.id}`, {
      body: { dataQualityWarning: { type: 'BROKEN' } },
    });
    expect(wrongType.status).toBe(400);
  });
});

describe('bulk updates', () => {
  it('points every listed connection of a workbook at a new server in one call', async () => {
    const wb = await firstOf('/workbooks?pageSize=1', 'workbooks', 'workbook');
    const connections = (await api('GET', `/workbooks/${wb.id}/connections`)).body.connections
      .connection;
    const res = await api('PUT', `/workbooks/${wb.id}/connections`, {
      body: {
        connectionLuids: { connectionLuid: connections.map((c: { id: string }) => c.id) },
        connection: { serverAddress: 'db-new.example.com', authenticationType: 'auth-keypair' },
      },
    });
    expect(res.status).toBe(200);
    const after = (await api('GET', `/workbooks/${wb.id}/connections`)).body.connections.connection;
    expect(
      after.every((c: { serverAddress: string }) => c.serverAddress === 'db-new.example.com'),
    ).toBe(true);
    const unknown = await api('PUT', `/workbooks/${wb.id}/connections`, {
      body: { connectionLuids: { connectionLuid: [s.userId] }, connection: { serverAddress: 'x' } },
    });
    expect(unknown.status).toBe(404);
  });

  it('suspends the listed server schedules, and needs a state', async () => {
    const schedules = (await call(sandbox, 'GET', '/schedules?pageSize=2', { token: s.token })).body
      .schedules.schedule;
    const ids = schedules.map((x: { id: string }) => x.id);
    const res = await call(sandbox, 'PUT', '/schedules?state=suspended', {
      token: s.token,
      body: { scheduleLuids: { scheduleLuid: ids } },
    });
    expect(res.body.scheduleLuids.scheduleLuid).toEqual(ids);
    for (const id of ids) {
      expect(
        (await call(sandbox, 'GET', `/schedules/${id}`, { token: s.token })).body.schedule.state,
      ).toBe('Suspended');
    }
    expect((await call(sandbox, 'PUT', '/schedules', { token: s.token, body: {} })).status).toBe(
      400,
    );
  });
});

describe('quality-warning triggers', () => {
  it('adds one trigger per data source, updates it on a second add, and deletes it by content', async () => {
    const ds = await firstOf('/datasources?pageSize=1', 'datasources', 'datasource');
    const add = (message: string) =>
      api('POST', `/dataQualityTriggers/datasource/contentIds?filter=contentId:in:[${ds.id}]`, {
        body: { dataQualityTrigger: { type: 'extract_refresh', active: true, message } },
      });
    const first = (await add('Refresh failed')).body.dataQualityTriggerList.dataQualityTrigger[0];
    const second = (await add('Refresh failed again')).body.dataQualityTriggerList
      .dataQualityTrigger[0];
    expect(second.id).toBe(first.id);
    const listed = (await api('GET', `/dataQualityTriggers/datasource/${ds.id}`)).body
      .dataQualityTriggerList.dataQualityTrigger;
    expect(listed.map((t: { message: string }) => t.message)).toEqual(['Refresh failed again']);
    expect(
      (
        await api(
          'DELETE',
          `/dataQualityTriggers/datasource/contentIds?filter=contentId:in:[${ds.id}]`,
        )
      ).status,
    ).toBe(204);
    expect((await api('GET', `/dataQualityTriggers/${first.id}`)).status).toBe(404);
    expect(
      (
        await api('POST', '/dataQualityTriggers/datasource/contentIds', {
          body: { dataQualityTrigger: {} },
        })
      ).status,
    ).toBe(400);
  });
});

describe('settings and connected apps', () => {
  it('keeps the site’s extension safe list and the user’s notification preferences', async () => {
    await api('PUT', '/settings/extensions', {
      body: {
        extensionsSiteSettings: {
          extensionsEnabled: false,
          safeList: [
            { url: 'https://ext.example.com', fullDataAllowed: true, promptNeeded: false },
          ],
        },
      },
    });
    const doc = (await api('GET', '/settings/extensions')).body.extensionsSiteSettings;
    expect(doc.extensionsEnabled).toBe('false');
    expect(doc.safeList[0].url).toBe('https://ext.example.com');
    await api('PATCH', '/settings/notifications', {
      body: {
        userNotificationsPreferences: {
          userNotificationsPreference: [
            { notificationType: 'comments', channel: 'email', enabled: false },
          ],
        },
      },
    });
    const prefs = (await api('GET', '/settings/notifications')).body.userNotificationsPreferences
      .userNotificationsPreference;
    expect(
      prefs.find(
        (p: { notificationType: string; channel: string }) =>
          p.notificationType === 'comments' && p.channel === 'email',
      ).enabled,
    ).toBe('false');
  });

  it('creates a connected app with a secret shown once, and deletes it', async () => {
    const app = (
      await api('POST', '/connected-apps/direct-trust', {
        body: { connectedApplication: { name: 'Embed', enabled: true } },
      })
    ).body.connectedApplication;
    const secret = (await api('POST', `/connected-apps/direct-trust/${app.clientId}/secrets`)).body
      .connectedApplicationSecret;
    expect(secret.value.length).toBeGreaterThan(20);
    const listed = await api('GET', `/connected-apps/direct-trust/${app.clientId}`);
    expect(listed.text).not.toContain(secret.value);
    expect((await api('DELETE', `/connected-apps/direct-trust/${app.clientId}`)).status).toBe(204);
    expect((await api('GET', `/connected-apps/direct-trust/${app.clientId}`)).status).toBe(404);
  });
});
