/** The versionless `/api/-/` APIs: identity pools, extension settings, content exploration, Pulse. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from './index';
import { call, signIn, type SignedIn } from './test-support';

let server: RunningSandbox;
let cloud: RunningSandbox;
let s: SignedIn;
let c: SignedIn;
const v = (sandbox: RunningSandbox, who: SignedIn, method: string, p: string, body?: unknown) =>
  call(sandbox, method, `/api/-${p}`, { token: who.token, body });
const onServer = (method: string, p: string, body?: unknown) => v(server, s, method, p, body);
const onCloud = (method: string, p: string, body?: unknown) => v(cloud, c, method, p, body);

beforeAll(async () => {
  [server, cloud] = await Promise.all([
    startSandbox({ port: 0 }),
    startSandbox({ port: 0, cloud: true }),
  ]);
  [s, c] = await Promise.all([signIn(server), signIn(cloud)]);
});
afterAll(() => Promise.all([server.stop(), cloud.stop()]));

describe('versionless API basics', () => {
  it('answers JSON errors: 401000 without a token, 404003 for an unknown path, 400 for bad JSON', async () => {
    expect((await call(server, 'GET', '/api/-/search?terms=x')).body.error.code).toBe('401000');
    expect((await onServer('GET', '/no/such/thing')).body.error.code).toBe('404003');
    const bad = await call(server, 'POST', '/api/-/authn-service/identity-pools', {
      token: s.token,
      rawBody: '{oops',
      contentType: 'application/json',
    });
    expect(bad.status).toBe(400);
  });
});

describe('identity pools (Tableau Server)', () => {
  it('creates a pool, refuses a second of the same name, and lets a user join and leave it', async () => {
    const created = await onServer('POST', '/authn-service/identity-pools', {
      identity_pool: {
        name: 'Contractors',
        identity_store_instance_id: 1,
        auth_type_instance_id: 1,
      },
    });
    expect(created.status).toBe(201);
    const pool = created.body.pool;
    const again = await onServer('POST', '/authn-service/identity-pools', {
      identity_pool: { name: 'contractors' },
    });
    expect(again.status).toBe(409);
    expect(
      (await onServer('GET', '/authn-service/identity-pools')).body.pools.map(
        (p: { id: string }) => p.id,
      ),
    ).toContain(pool.id);
    const user = (
      await call(server, 'GET', `/sites/${s.siteId}/users?pageSize=2`, { token: s.token })
    ).body.users.user[1];
    const joined = await call(server, 'POST', `/sites/${s.siteId}/users/identityPool`, {
      token: s.token,
      body: { user: { id: user.id, identityPoolUuid: pool.id } },
    });
    expect(joined.body.user.identityPoolUuid).toBe(pool.id);
    const left = await call(
      server,
      'DELETE',
      `/sites/${s.siteId}/users/${user.id}/identityPool/${pool.id}`,
      { token: s.token },
    );
    expect(left.status).toBe(204);
    const unknownStore = await onServer('PUT', `/authn-service/identity-pools/${pool.id}`, {
      identity_pool: { identity_store_instance_id: 99 },
    });
    expect(unknownStore.status).toBe(400);
    expect((await onServer('DELETE', `/authn-service/identity-pools/${pool.id}`)).status).toBe(204);
  });

  it('is not there on a Tableau Cloud pod', async () => {
    expect((await onCloud('GET', '/authn-service/identity-pools')).body.error.code).toBe('404003');
  });
});

describe('extension settings', () => {
  it('keeps the site’s dashboard-extension safe list and refuses an entry without a URL', async () => {
    const added = await onServer('POST', '/settings/site/extensions/dashboard/safeListItems', {
      url: 'https://ext.example.com/a.trex',
      allow_full_data: true,
    });
    expect(added.status).toBe(201);
    const id = added.body.safe_list_item_luid;
    await onServer('PUT', `/settings/site/extensions/dashboard/safeListItems/${id}`, {
      prompt_needed: false,
    });
    const listed = (await onServer('GET', '/settings/site/extensions/dashboard/safeListItems')).body
      .safe_list_items;
    expect(listed).toEqual([
      {
        safe_list_item_luid: id,
        url: 'https://ext.example.com/a.trex',
        allow_full_data: true,
        prompt_needed: false,
      },
    ]);
    expect(
      (
        await onServer('POST', '/settings/site/extensions/dashboard/safeListItems', {
          url: 'ftp://x',
        })
      ).status,
    ).toBe(400);
    expect(
      (await onServer('DELETE', `/settings/site/extensions/dashboard/safeListItems/${id}`)).status,
    ).toBe(204);
  });

  it('selects an analytics extension connection for a workbook', async () => {
    const conn = await onServer('POST', '/settings/site/extensions/analytics/connections', {
      connection_name: 'TabPy',
      connection_type: 'TABPY',
      host: 'tabpy.example.com',
      port: 9004,
    });
    expect(conn.status).toBe(201);
    const wb = (
      await call(server, 'GET', `/sites/${s.siteId}/workbooks?pageSize=1`, { token: s.token })
    ).body.workbooks.workbook[0];
    const path = `/settings/site/extensions/analytics/workbooks/${wb.id}/selected_connection`;
    await onServer('PUT', path, { connection_luid: conn.body.connection_luid });
    expect((await onServer('GET', path)).body.connectionList[0].connection_name).toBe('TabPy');
    const badType = await onServer('POST', '/settings/site/extensions/analytics/connections', {
      connection_name: 'x',
      connection_type: 'SPREADSHEET',
      host: 'h',
    });
    expect(badType.status).toBe(400);
  });
});

describe('content exploration', () => {
  it('finds a workbook by its name, pages the hits and orders them by views', async () => {
    const wb = (
      await call(server, 'GET', `/sites/${s.siteId}/workbooks?pageSize=1`, { token: s.token })
    ).body.workbooks.workbook[0];
    const found = (
      await onServer('GET', `/search?terms=${encodeURIComponent(wb.name)}&filter=type:eq:workbook`)
    ).body.hits;
    expect(found.items.map((i: { content: { luid: string } }) => i.content.luid)).toContain(wb.id);
    const page = (await onServer('GET', '/search?terms=a&limit=5&order_by=hitsTotal:desc')).body
      .hits;
    expect(page.items).toHaveLength(5);
    const views = page.items.map((i: { content: { hitsTotal: number } }) => i.content.hitsTotal);
    expect([...views].sort((a, b) => b - a)).toEqual(views);
    expect(page.next).toContain('page=1');
    const stats = await onServer('GET', `/content/usage-stats/workbook/${wb.id}`);
    expect(stats.body.luid).toBe(wb.id);
  });
});

describe('Pulse (Tableau Cloud)', () => {
  it('creates a definition with its default metric, follows it, and deletes both', async () => {
    const ds = (
      await call(cloud, 'GET', `/sites/${c.siteId}/datasources?pageSize=1`, { token: c.token })
    ).body.datasources.datasource[0];
    const created = await onCloud('POST', '/pulse/definitions', {
      name: 'Revenue',
      specification: {
        datasource: { id: ds.id },
        basic_specification: {
          measure: { field: 'Sales', aggregation: 'AGGREGATION_SUM' },
          time_dimension: { field: 'Order Date' },
          filters: [],
        },
      },
    });
    expect(created.status).toBe(201);
    const id = created.body.definition.metadata.id;
    const full = (await onCloud('GET', `/pulse/definitions/${id}?view=DEFINITION_VIEW_DEFAULT`))
      .body.definition;
    expect(full.metrics).toHaveLength(1);
    const metric = full.metrics[0];
    expect(metric.is_default).toBe(true);
    const again = await onCloud('POST', '/pulse/metrics:getOrCreate', {
      definition_id: id,
      specification: {},
    });
    expect(again.body.is_metric_created).toBe(false);
    const sub = await onCloud('POST', '/pulse/subscriptions', {
      metric_id: metric.id,
      follower: { user_id: c.userId },
    });
    expect(sub.status).toBe(201);
    expect(
      (await onCloud('POST', '/pulse/metrics:batchGet', { metric_ids: [metric.id] })).body
        .metrics[0].is_followed,
    ).toBe(true);
    expect((await onCloud('GET', '/pulse/subscriptions')).body.subscriptions).toHaveLength(1);
    const counts = await onCloud(
      'GET',
      `/pulse/subscriptions:batchGetMetricFollowerCounts?metric_ids=${metric.id}`,
    );
    expect(counts.body.follower_counts).toEqual([{ metric_id: metric.id, follower_count: 1 }]);
    const byId = await onCloud(
      'GET',
      `/pulse/subscriptions:batchGet?subscription_ids=${sub.body.subscription.id}`,
    );
    expect(byId.body.subscriptions[0].metric_id).toBe(metric.id);
    expect((await onCloud('DELETE', `/pulse/definitions/${id}`)).status).toBe(204);
    expect((await onCloud('GET', `/pulse/metrics/${metric.id}`)).status).toBe(404);
    expect((await onCloud('GET', '/pulse/subscriptions')).body.subscriptions).toHaveLength(0);
  });

  it('refuses a definition on a data source that does not exist, and is not on Tableau Server', async () => {
    const bad = await onCloud('POST', '/pulse/definitions', {
      name: 'X',
      specification: { datasource: { id: '00000000-0000-4000-8000-000000000000' } },
    });
    expect(bad.status).toBe(404);
    expect((await onServer('GET', '/pulse/definitions')).body.error.code).toBe('404003');
  });
});

describe('VizQL Data Service', () => {
  const vds = (p: string, body?: unknown) =>
    call(server, body === undefined ? 'GET' : 'POST', `/api/v1/vizql-data-service/${p}`, {
      token: s.token,
      body,
    });

  it('reads a data source’s fields and aggregates a query by dimension', async () => {
    const ds = (
      await call(server, 'GET', `/sites/${s.siteId}/datasources?pageSize=1`, { token: s.token })
    ).body.datasources.datasource[0];
    const datasource = { datasourceLuid: ds.id };
    const fields = (await vds('read-metadata', { datasource })).body.data.map(
      (f: { fieldCaption: string }) => f.fieldCaption,
    );
    expect(fields).toEqual(expect.arrayContaining(['Region', 'Sales']));
    const result = await vds('query-datasource', {
      datasource,
      query: { fields: [{ fieldCaption: 'Region' }, { fieldCaption: 'Sales', function: 'SUM' }] },
    });
    expect(result.body.data.map((r: { Region: string }) => r.Region).sort()).toEqual([
      'Central',
      'East',
      'South',
      'West',
    ]);
    const again = await vds('query-datasource', {
      datasource,
      query: { fields: [{ fieldCaption: 'Region' }, { fieldCaption: 'Sales', function: 'SUM' }] },
    });
    expect(again.body).toEqual(result.body);
    const unknown = await vds('query-datasource', {
      datasource,
      query: { fields: [{ fieldCaption: 'Margin' }] },
    });
    expect([unknown.status, unknown.body.errorCode]).toEqual([400, '400803']);
    expect((await vds('simple-request')).text).toBe('OK');
    expect(
      (await call(server, 'GET', '/api/v1/vizql-data-service/simple-request')).body.error.code,
    ).toBe('401000');
  });
});
