import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CREDENTIALS, startSandbox, type RunningSandbox } from '../sandbox';
import { startFront, tableauError, type LoopbackFront } from './front-test-support';
import { engineFor, liveTokens, USERS } from './test-support';

const APP = {
  clientId: 'trestle-app',
  secretId: 'kid-1',
  secretValue: 'connected-app-secret-value',
};
let sandbox: RunningSandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, seed: 7, connectedApp: APP });
});
afterAll(async () => {
  await sandbox.stop();
});

function jwt(sub: string): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const header = part({ alg: 'HS256', kid: APP.secretId, iss: APP.clientId });
  const payload = part({
    iss: APP.clientId,
    sub,
    aud: 'tableau',
    exp: Math.floor(Date.now() / 1000) + 300,
    jti: `${Math.random()}`,
    scp: ['tableau:users:read'],
  });
  const signature = createHmac('sha256', APP.secretValue)
    .update(`${header}.${payload}`)
    .digest('base64url');
  return `${header}.${payload}.${signature}`;
}

describe('sessions', () => {
  it('signs in and tells the renderer who and where, never the token', async () => {
    const { engine, events } = engineFor(sandbox);
    const info = await engine.signIn('sandbox');
    expect(info).toMatchObject({
      userName: 'admin',
      siteContentUrl: '',
      apiVersion: '3.29',
      connectionId: 'sandbox',
    });
    expect(info.siteName).toBe('Default');
    expect(info.productVersion).not.toBe('unknown');
    expect(info.expiresAt).not.toBeNull();
    const tokens = liveTokens(sandbox);
    expect(tokens.length).toBeGreaterThan(0);
    const seen = JSON.stringify([info, events, engine.sessions.list()]);
    for (const token of tokens) expect(seen).not.toContain(token);
    expect(events.at(-1)).toMatchObject({
      event: 'session:changed',
      payload: { reason: 'signedIn' },
    });
  });

  it('switches site and back, and signing out ends the session on the server', async () => {
    const { engine } = engineFor(sandbox);
    await engine.signIn('sandbox');
    const marketing = await engine.switchSite('sandbox', 'marketing');
    expect(marketing).toMatchObject({ siteContentUrl: 'marketing', siteName: 'Marketing' });
    const users = await engine.send('sandbox', USERS);
    expect(users.status).toBe(200);
    expect(users.pagination?.totalAvailable).toBe(250);
    await engine.signOut('sandbox');
    expect(engine.sessions.list()).toEqual([]);
    await expect(engine.send('sandbox', USERS)).rejects.toMatchObject({ code: 'session.none' });
  });

  it('re-signs in once after the token expires, single-flight for concurrent requests', async () => {
    const { engine, events } = engineFor(sandbox);
    await engine.signIn('sandbox');
    sandbox.expireTokens();
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => engine.send('sandbox', USERS)),
    );
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(answers.some((a) => a.reSignedIn)).toBe(true);
    const renewals = events.filter(
      (e) =>
        e.event === 'session:changed' && (e.payload as { reason: string }).reason === 'reSignedIn',
    );
    expect(renewals).toHaveLength(1);
    // The demo PAT holds one session: one renewal leaves one live session for it.
    expect(sandbox.sessions().filter((s) => s.pat === DEMO_CREDENTIALS.patName)).toHaveLength(1);
  });

  it('asks for the secret when none is at hand, then signs in with a password', async () => {
    const { engine } = engineFor(sandbox);
    const saved = await engine.saveConnection({
      name: 'Local admin',
      serverUrl: sandbox.url,
      auth: { kind: 'password', identity: 'admin', rememberSecret: true },
      apiVersion: { mode: 'pinned', pinned: '3.22' },
    });
    await expect(engine.signIn(saved.id)).rejects.toMatchObject({ code: 'session.secretNeeded' });
    await expect(engine.signIn(saved.id, 'wrong')).rejects.toMatchObject({
      code: 'session.signInFailed',
      detail: { code: '401001' },
    });
    // A rejected secret is not tried again unasked.
    await expect(engine.signIn(saved.id)).rejects.toMatchObject({ code: 'session.secretNeeded' });
    const info = await engine.signIn(saved.id, DEMO_CREDENTIALS.password);
    expect(info.apiVersion).toBe('3.22');
  });

  it('ends the session cleanly when a re-sign-in is impossible (connected-app JWT)', async () => {
    const { engine, events } = engineFor(sandbox);
    const saved = await engine.saveConnection({
      name: 'Connected app',
      serverUrl: sandbox.url,
      auth: { kind: 'jwt', identity: '', rememberSecret: false },
      apiVersion: { mode: 'auto' },
    });
    await engine.signIn(saved.id, jwt('admin'));
    expect((await engine.send(saved.id, USERS)).status).toBe(200);
    sandbox.expireTokens();
    await expect(engine.send(saved.id, USERS)).rejects.toMatchObject({ code: 'session.expired' });
    expect(engine.sessions.info(saved.id)).toBeNull();
    expect(events.at(-1)).toMatchObject({ payload: { reason: 'expired', session: null } });
  });

  it('caches the API version serverinfo reported on the connection', async () => {
    const { engine } = engineFor(sandbox);
    const saved = await engine.saveConnection({
      name: 'Auto version',
      serverUrl: sandbox.url,
      auth: {
        kind: 'password',
        identity: 'admin',
        secret: DEMO_CREDENTIALS.password,
        rememberSecret: false,
      },
      apiVersion: { mode: 'auto' },
    });
    await engine.signIn(saved.id);
    expect(engine.connections.get(saved.id).apiVersion.detected).toBe('3.29');
  });
});

describe('sign-in forms and server versions', () => {
  it('signs the built-in Sandbox in with a password on a server older than PATs (3.5)', async () => {
    const old = await startSandbox({ port: 0, apiVersion: '3.5' });
    try {
      const { engine } = engineFor(old);
      const info = await engine.signIn('sandbox');
      expect(info.apiVersion).toBe('3.5');
      expect(info.userName).toBe(DEMO_CREDENTIALS.username);
      const pat = await engine.saveConnection({
        name: 'Old server, PAT',
        serverUrl: old.url,
        auth: { kind: 'pat', identity: DEMO_CREDENTIALS.patName, rememberSecret: false },
        apiVersion: { mode: 'auto' },
      });
      await expect(engine.signIn(pat.id, DEMO_CREDENTIALS.patSecret)).rejects.toMatchObject({
        code: 'session.unsupportedCredentials',
        message: expect.stringMatching(/3\.6 or later; this server speaks 3\.5/),
      });
    } finally {
      await old.stop();
    }
  });
});

describe('sign-in through transient faults (issue 11 item 11)', () => {
  type Fault = number | 'reset';
  /** A server in front of the sandbox that fails the next calls scheduled for each kind. */
  async function flaky(serverinfo: Fault[] = [], signin: Fault[] = []) {
    const next = { serverinfo, signin };
    const front = await startFront(sandbox.url, (req, res) => {
      const url = req.url ?? '';
      const kind = /\/serverinfo$/i.test(url)
        ? 'serverinfo'
        : /\/auth\/signin$/i.test(url)
          ? 'signin'
          : null;
      const fault = kind ? next[kind].shift() : undefined;
      if (fault === undefined) return false;
      if (fault === 'reset') req.socket.destroy();
      else tableauError(res, fault, '500000', 'Internal Server Error');
      return true;
    });
    const signIns = () => front.requests.filter((r) => /\/auth\/signin$/.test(r.path)).length;
    return { front, next, signIns };
  }
  const viaFront = (front: LoopbackFront) => ({
    name: 'Behind a flaky gateway',
    serverUrl: front.url,
    auth: { kind: 'password' as const, identity: 'admin', rememberSecret: false },
    apiVersion: { mode: 'auto' as const },
  });

  it('signs in through a 500 on serverinfo, then a 500, a 502 and a reset on sign-in', async () => {
    const { front, signIns } = await flaky([500], [500, 502, 'reset']);
    try {
      const { engine } = engineFor(sandbox);
      const saved = await engine.saveConnection(viaFront(front));
      const info = await engine.signIn(saved.id, DEMO_CREDENTIALS.password);
      expect(info).toMatchObject({ userName: 'admin', apiVersion: '3.29' });
      expect(signIns()).toBe(4);
    } finally {
      await front.close();
    }
  });

  it('still fails at once on a wrong secret (401001): no retry', async () => {
    const { front, signIns } = await flaky();
    try {
      const { engine } = engineFor(sandbox);
      const saved = await engine.saveConnection(viaFront(front));
      await expect(engine.signIn(saved.id, 'wrong')).rejects.toMatchObject({
        detail: { code: '401001' },
      });
      expect(signIns()).toBe(1);
    } finally {
      await front.close();
    }
  });

  it('keeps the session when the automatic re-sign-in meets one transient 500', async () => {
    const { front, next, signIns } = await flaky();
    try {
      const { engine } = engineFor(sandbox);
      const saved = await engine.saveConnection(viaFront(front));
      await engine.signIn(saved.id, DEMO_CREDENTIALS.password);
      sandbox.expireTokens();
      next.serverinfo.push(500);
      next.signin.push(500);
      const answer = await engine.send(saved.id, USERS);
      expect(answer).toMatchObject({ status: 200, reSignedIn: true });
      expect(engine.sessions.info(saved.id)).not.toBeNull();
      expect(signIns()).toBe(3);
    } finally {
      await front.close();
    }
  });
});
