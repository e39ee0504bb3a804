import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CREDENTIALS, type RunningSandbox } from './index';
import { call, signIn, withSandbox } from './test-support';

let sandbox: RunningSandbox;
beforeAll(async () => {
  sandbox = await withSandbox();
});
afterAll(() => sandbox.stop());

describe('server info', () => {
  it('answers without auth with product version, build and REST API version', async () => {
    const res = await call(sandbox, 'GET', '/serverinfo');
    expect(res.status).toBe(200);
    expect(res.body.serverInfo.restApiVersion).toBe('3.29');
    expect(res.body.serverInfo.productVersion.value).toMatch(/^\d{4}\.\d\.\d$/);
    expect(res.body.serverInfo.productVersion.build).toMatch(/^\d{5}\.\d{2}\.\d{4}\.\d{4}$/);
  });

  it('answers XML by default with the tableau namespace', async () => {
    const res = await call(sandbox, 'GET', '/serverinfo', { xml: true });
    expect(res.headers.get('content-type')).toBe('application/xml;charset=utf-8');
    expect(res.text).toContain('<tsResponse xmlns="http://tableau.com/api"');
    expect(res.body.tsResponse.serverInfo.restApiVersion).toBe('3.29');
  });
});

describe('sign in', () => {
  it('signs in with a password to the default site', async () => {
    const res = await call(sandbox, 'POST', '/auth/signin', {
      body: { credentials: { name: 'admin', password: 'trestle', site: { contentUrl: '' } } },
    });
    expect(res.status).toBe(200);
    expect(res.body.credentials.token).toMatch(/\S{20,}/);
    expect(res.body.credentials.site.contentUrl).toBe('');
    expect(res.body.credentials.estimatedTimeToExpiration).toMatch(/^\d{2,}:\d{2}:\d{2}$/);
  });

  it('signs in with a PAT to marketing, with an XML body', async () => {
    const res = await call(sandbox, 'POST', '/auth/signin', {
      rawBody: `<tsRequest><credentials personalAccessTokenName="${DEMO_CREDENTIALS.patName}" personalAccessTokenSecret="${DEMO_CREDENTIALS.patSecret}"><site contentUrl="marketing"/></credentials></tsRequest>`,
    });
    expect(res.status).toBe(200);
    expect(res.body.credentials.site.contentUrl).toBe('marketing');
  });

  it('refuses a wrong password with 401001', async () => {
    const res = await call(sandbox, 'POST', '/auth/signin', {
      body: { credentials: { name: 'admin', password: 'nope', site: { contentUrl: '' } } },
    });
    expect(res.status).toBe(401);
    expect(res.body.error).toEqual({
      code: '401001',
      summary: 'Signin Error',
      detail: 'Error signing in to Tableau Server',
    });
  });

  it('signs out with 204 and the token stops working (401002)', async () => {
    const s = await signIn(sandbox);
    const out = await call(sandbox, 'POST', '/auth/signout', { token: s.token });
    expect(out.status).toBe(204);
    const after = await call(sandbox, 'GET', `/sites/${s.siteId}/projects`, { token: s.token });
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe('401002');
  });

  it('answers 401000 without a token', async () => {
    const s = await signIn(sandbox);
    const res = await call(sandbox, 'GET', `/sites/${s.siteId}/users`);
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('401000');
  });
});

describe('lists', () => {
  it('pages 2,500 default-site users 100 at a time', async () => {
    const s = await signIn(sandbox);
    const res = await call(sandbox, 'GET', `/sites/${s.siteId}/users?pageSize=100&pageNumber=25`, {
      token: s.token,
    });
    expect(res.status).toBe(200);
    expect(res.body.pagination).toEqual({
      pageNumber: '25',
      pageSize: '100',
      totalAvailable: '2500',
    });
    expect(res.body.users.user).toHaveLength(100);
  });

  it('puts pagination first in XML and lists projects with owners', async () => {
    const s = await signIn(sandbox);
    const res = await call(sandbox, 'GET', `/sites/${s.siteId}/projects`, {
      token: s.token,
      xml: true,
    });
    expect(res.text).toMatch(
      /\.xsd"><pagination pageNumber="1" pageSize="100" totalAvailable="\d+"\/><projects><project /,
    );
    expect(res.body.tsResponse.projects.project[0].name).toBe('Default');
  });

  it('returns an empty list as {} in JSON', async () => {
    const s = await signIn(sandbox);
    const res = await call(sandbox, 'GET', `/sites/${s.siteId}/users?filter=name:eq:nobody`, {
      token: s.token,
    });
    expect(res.body.users).toEqual({});
    expect(res.body.pagination.totalAvailable).toBe('0');
  });
});
