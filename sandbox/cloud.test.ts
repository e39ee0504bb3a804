/** The Tableau Cloud pod (`--cloud`): what it answers, what it does not, and its rate limits. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from './index';
import { call, signIn, type SignedIn } from './test-support';

let cloud: RunningSandbox;
let server: RunningSandbox;
let s: SignedIn;
const api = (method: string, p: string, options: { body?: unknown; rawBody?: string } = {}) =>
  call(cloud, method, `/sites/${s.siteId}${p}`, { token: s.token, ...options });

beforeAll(async () => {
  [cloud, server] = await Promise.all([
    startSandbox({ port: 0, cloud: true }),
    startSandbox({ port: 0 }),
  ]);
  s = await signIn(cloud);
});
afterAll(() => Promise.all([cloud.stop(), server.stop()]));

describe('Tableau Cloud pod', () => {
  it('has no server administration: sites, server schedules and domains answer 404003', async () => {
    for (const path of ['/sites', '/schedules', '/domains', '/settings/extensions']) {
      const res = await call(cloud, 'GET', path, { token: s.token });
      expect(res.status, path).toBe(404);
      expect(res.body.error.code, path).toBe('404003');
    }
    // The signed-in site itself is still there.
    expect((await call(cloud, 'GET', `/sites/${s.siteId}`, { token: s.token })).status).toBe(200);
  });

  it('signs the demo admin in as a site administrator: a Cloud pod has no server administrator', async () => {
    const me = await api('GET', `/users/${s.userId}`);
    expect(me.body.user.siteRole).toBe('SiteAdministratorCreator');
  });

  it('lists the site’s identity providers, which Tableau Server does not answer', async () => {
    const res = await api('GET', '/site-auth-configurations');
    const settings = res.body.siteAuthConfigurations.siteAuthConfiguration.map(
      (c: { authSetting: string }) => c.authSetting,
    );
    expect(settings).toContain('SAML');
    const onServer = await signIn(server);
    const there = await call(server, 'GET', `/sites/${onServer.siteId}/site-auth-configurations`, {
      token: onServer.token,
    });
    expect(there.body.error.code).toBe('404003');
  });

  it('creates and updates a Cloud extract refresh task with its own schedule', async () => {
    const ds = (await api('GET', '/datasources?pageSize=1')).body.datasources.datasource[0];
    const created = await api('POST', '/tasks/extractRefreshes', {
      rawBody: `<tsRequest><extractRefresh type="FullRefresh"><datasource id="${ds.id}"/></extractRefresh><schedule frequency="Weekly"><frequencyDetails start="06:00:00"><intervals><interval weekDay="Monday"/></intervals></frequencyDetails></schedule></tsRequest>`,
    });
    expect(created.status).toBe(201);
    const id = created.body.extractRefresh.id;
    expect(created.body.schedule.frequency).toBe('Weekly');
    const updated = await api('POST', `/tasks/extractRefreshes/${id}`, {
      body: {
        extractRefresh: { type: 'IncrementalRefresh' },
        schedule: { frequency: 'Daily', frequencyDetails: { start: '02:00:00' } },
      },
    });
    expect(updated.body.extractRefresh.type).toBe('IncrementalRefresh');
    const task = (await api('GET', `/tasks/extractRefreshes/${id}`)).body.task.extractRefresh;
    expect(task.schedule.frequency).toBe('Daily');
    expect(task.datasource.id).toBe(ds.id);
    const bad = await api('POST', '/tasks/extractRefreshes', {
      body: { extractRefresh: { datasource: { id: ds.id } }, schedule: { frequency: 'Yearly' } },
    });
    expect(bad.status).toBe(400);
  });

  it('stores an OpenID Connect configuration, never answering its secret, and disables it', async () => {
    const created = await api('PUT', '/site-oidc-configuration', {
      body: {
        siteOIDCConfiguration: {
          clientId: 'abc',
          clientSecret: 'shh',
          authorizationEndpoint: 'https://idp.example.com/authorize',
          tokenEndpoint: 'https://idp.example.com/token',
        },
      },
    });
    const config = created.body.siteOIDCConfiguration;
    expect(config.clientSecret).toBe('omit');
    expect(created.text).not.toContain('shh');
    const id = config.idpConfigurationId;
    expect(
      (await api('GET', `/site-oidc-configuration/${id}`)).body.siteOIDCConfiguration.clientId,
    ).toBe('abc');
    const off = await api('PUT', `/disable-site-oidc-configuration?idpConfigurationId=${id}`);
    expect(off.body.siteOIDCConfiguration.enabled).toBe('false');
    const missing = await api('PUT', '/site-oidc-configuration', {
      body: { siteOIDCConfiguration: {} },
    });
    expect(missing.status).toBe(400);
  });

  it('throttles past Tableau Cloud’s extract-refresh budget only while the fault is on', async () => {
    const wb = (await api('GET', '/workbooks?pageSize=1')).body.workbooks.workbook[0];
    const refresh = () => api('POST', `/workbooks/${wb.id}/refresh`, { rawBody: '<tsRequest/>' });
    // Off by default: well past 60 an hour is fine.
    for (let i = 0; i < 65; i++) expect((await refresh()).status).toBe(202);
    cloud.setFaults({ cloudRateLimits: 1 });
    try {
      const answers = [];
      for (let i = 0; i < 61; i++) answers.push(await refresh());
      expect(answers.slice(0, 60).every((a) => a.status === 202)).toBe(true);
      const throttled = answers[60];
      expect(throttled.status).toBe(429);
      expect(throttled.body.error.code).toBe('429000');
      expect(throttled.body.error.detail).toContain("'api.rest.refresh_extracts'");
      expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0);
      // Other methods have their own budgets.
      expect((await api('GET', '/projects')).status).toBe(200);
    } finally {
      cloud.setFaults({ cloudRateLimits: 0 });
    }
    expect((await refresh()).status).toBe(202);
  });

  it('refuses a fault value other than 0 or 1 for the Cloud limits', () => {
    expect(() => cloud.setFaults({ cloudRateLimits: 2 })).toThrow(/0 \(off\) or 1 \(on\)/);
  });
});
