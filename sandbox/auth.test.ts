import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signConnectedAppJwt } from './auth/jwt';
import { DEMO_CREDENTIALS, type RunningSandbox } from './index';
import { call, signIn, withSandbox } from './test-support';

const app = { clientId: 'client-1', secretId: 'secret-1', secretValue: 'a-very-secret-value' };
let sandbox: RunningSandbox;
beforeAll(async () => {
  sandbox = await withSandbox({ connectedApp: app, tokenTtlMinutes: 30 });
});
afterAll(() => sandbox.stop());

const pat = (contentUrl = '', secret: string = DEMO_CREDENTIALS.patSecret, version = '3.29') =>
  call(sandbox, 'POST', '/auth/signin', {
    version,
    body: {
      credentials: {
        personalAccessTokenName: DEMO_CREDENTIALS.patName,
        personalAccessTokenSecret: secret,
        site: { contentUrl },
      },
    },
  });
const jwtSignIn = (jwt: string) =>
  call(sandbox, 'POST', '/auth/signin', {
    body: { credentials: { jwt, site: { contentUrl: '' } } },
  });
const inFiveMinutes = () => Math.floor(Date.now() / 1000) + 300;

describe('PAT sign-in', () => {
  it('keeps one session per PAT: a second sign-in ends the first token (401002)', async () => {
    const first = await pat();
    expect(first.status).toBe(200);
    const second = await pat('marketing');
    expect(second.status).toBe(200);
    const site = first.body.credentials.site.id;
    const old = await call(sandbox, 'GET', `/sites/${site}/projects`, {
      token: first.body.credentials.token,
    });
    expect(old.status).toBe(401);
    expect(old.body.error.code).toBe('401002');
    const now = await call(sandbox, 'GET', `/sites/${second.body.credentials.site.id}/projects`, {
      token: second.body.credentials.token,
    });
    expect(now.status).toBe(200);
  });

  it('refuses a wrong secret with 401001', async () => {
    expect((await pat('', 'wrong')).body.error.code).toBe('401001');
  });

  it('does not exist before API 3.6 (401001 on a 3.5 URL)', async () => {
    expect((await pat('', DEMO_CREDENTIALS.patSecret, '3.5')).body.error.code).toBe('401001');
  });
});

describe('connected-app JWT sign-in', () => {
  it('signs in the JWT subject with a valid HS256 token', async () => {
    const jwt = signConnectedAppJwt(app, {
      sub: 'admin',
      exp: inFiveMinutes(),
      jti: 'j1',
      scp: ['tableau:content:read'],
    });
    const res = await jwtSignIn(jwt);
    expect(res.status).toBe(200);
    expect(res.body.credentials.token).toBeTruthy();
  });

  it.each([
    [
      'a wrong secret',
      signConnectedAppJwt(
        { ...app, secretValue: 'other' },
        { sub: 'admin', exp: inFiveMinutes(), scp: ['tableau:content:read'] },
      ),
    ],
    [
      'an expired exp',
      signConnectedAppJwt(app, {
        sub: 'admin',
        exp: Math.floor(Date.now() / 1000) - 10,
        scp: ['tableau:content:read'],
      }),
    ],
    [
      'a wrong aud',
      signConnectedAppJwt(app, {
        sub: 'admin',
        aud: 'salesforce',
        exp: inFiveMinutes(),
        scp: ['tableau:content:read'],
      }),
    ],
    ['no scopes', signConnectedAppJwt(app, { sub: 'admin', exp: inFiveMinutes() })],
    [
      'an unknown subject',
      signConnectedAppJwt(app, {
        sub: 'nobody',
        exp: inFiveMinutes(),
        scp: ['tableau:content:read'],
      }),
    ],
    ['garbage', 'not.a.jwt'],
  ])('refuses %s with 401001', async (_label, jwt) => {
    const res = await jwtSignIn(jwt);
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('401001');
  });
});

describe('sessions', () => {
  it('reports the configured token lifetime in estimatedTimeToExpiration', async () => {
    const res = await call(sandbox, 'POST', '/auth/signin', {
      body: { credentials: { name: 'admin', password: 'trestle', site: { contentUrl: '' } } },
    });
    expect(res.body.credentials.estimatedTimeToExpiration).toMatch(/^00:(29|30):\d\d$/);
  });

  it('switches site with a new token and refuses the current site with 403070', async () => {
    const s = await signIn(sandbox);
    const same = await call(sandbox, 'POST', '/auth/switchSite', {
      token: s.token,
      body: { site: { contentUrl: '' } },
    });
    expect(same.status).toBe(403);
    expect(same.body.error.code).toBe('403070');
    const switched = await call(sandbox, 'POST', '/auth/switchSite', {
      token: s.token,
      body: { site: { contentUrl: 'marketing' } },
    });
    expect(switched.status).toBe(200);
    expect(switched.body.credentials.site.contentUrl).toBe('marketing');
    expect(switched.body.credentials.token).not.toBe(s.token);
  });

  it('shows the current session with its site and user', async () => {
    const s = await signIn(sandbox, 'marketing');
    const res = await call(sandbox, 'GET', '/sessions/current', { token: s.token });
    expect(res.body.session.site.contentUrl).toBe('marketing');
    expect(res.body.session.user.name).toBe('admin');
  });

  it('refuses another site’s LUID with 401002 and an unknown site LUID with 404000', async () => {
    const def = await signIn(sandbox);
    const mkt = await signIn(sandbox, 'marketing');
    const other = await call(sandbox, 'GET', `/sites/${mkt.siteId}/users`, { token: def.token });
    expect(other.status).toBe(401);
    expect(other.body.error.code).toBe('401002');
    const unknown = await call(
      sandbox,
      'GET',
      '/sites/00000000-0000-4000-8000-000000000000/users',
      { token: def.token },
    );
    expect(unknown.body.error.code).toBe('404000');
  });

  it('lists live sessions and expires them on request (then 401002)', async () => {
    const s = await signIn(sandbox);
    expect(sandbox.sessions().some((x) => x.token === s.token)).toBe(true);
    const listed = await call(sandbox, 'GET', '/__sandbox/sessions');
    expect(listed.body.sessions.some((x: { token: string }) => x.token === s.token)).toBe(true);
    const expire = await call(sandbox, 'POST', '/__sandbox/expire-tokens');
    expect(expire.status).toBe(200);
    const after = await call(sandbox, 'GET', `/sites/${s.siteId}/users`, { token: s.token });
    expect(after.body.error.code).toBe('401002');
    expect(sandbox.sessions()).toEqual([]);
  });

  it('signs in as another user by impersonation', async () => {
    const s = await signIn(sandbox);
    const viewer = (
      await call(sandbox, 'GET', `/sites/${s.siteId}/users?filter=siteRole:eq:Viewer&pageSize=1`, {
        token: s.token,
      })
    ).body.users.user[0];
    const res = await call(sandbox, 'POST', '/auth/signin', {
      body: {
        credentials: {
          name: 'admin',
          password: 'trestle',
          site: { contentUrl: '' },
          user: { id: viewer.id },
        },
      },
    });
    expect(res.body.credentials.user.id).toBe(viewer.id);
  });

  it('refuses an unknown site contentUrl with 401001', async () => {
    const res = await call(sandbox, 'POST', '/auth/signin', {
      body: {
        credentials: { name: 'admin', password: 'trestle', site: { contentUrl: 'nowhere' } },
      },
    });
    expect(res.body.error.code).toBe('401001');
  });
});

describe('versions', () => {
  it('accepts every URL version from 2.4 to 3.29 and refuses others with 404003', async () => {
    expect((await call(sandbox, 'GET', '/serverinfo', { version: '2.4' })).status).toBe(200);
    expect((await call(sandbox, 'GET', '/serverinfo', { version: '3.10' })).status).toBe(200);
    const old = await call(sandbox, 'GET', '/serverInfo', { version: '2.3', xml: true });
    expect(old.status).toBe(404);
    expect(old.text).toContain('<error code="404003">');
    expect((await call(sandbox, 'GET', '/serverinfo', { version: '3.30' })).body.error.code).toBe(
      '404003',
    );
  });

  it('refuses methods newer than the URL version (Get Current Session is 3.1+)', async () => {
    const s = await signIn(sandbox, '', '3.0');
    expect(
      (await call(sandbox, 'GET', '/sessions/current', { token: s.token, version: '3.0' })).body
        .error.code,
    ).toBe('404003');
  });

  it('emulates an older server: newer URLs are unknown, serverinfo tells its version', async () => {
    const old = await withSandbox({ apiVersion: '3.10', scale: 20 });
    try {
      const info = await call(old, 'GET', '/serverinfo', { version: '3.10' });
      expect(info.body.serverInfo.restApiVersion).toBe('3.10');
      expect(info.body.serverInfo.productVersion.value).toBe('2020.4.0');
      const newer = await call(old, 'GET', '/serverinfo', { version: '3.11' });
      expect(newer.status).toBe(404);
      expect(newer.body.error.code).toBe('404003');
    } finally {
      await old.stop();
    }
  });
});
