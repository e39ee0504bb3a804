import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CREDENTIALS, startSandbox, type RunningSandbox } from '../sandbox';
import type { ConnectionInput } from '../shared/connection';
import { startFront, type LoopbackFront } from './front-test-support';
import { engineFor, spec, USERS, type EngineFixture } from './test-support';

/**
 * Where a request goes (DESIGN.md §4, §11): only what the user filled in, only under Tableau's
 * API, never to a token endpoint, and only to the origin the session belongs to.
 */
let sandbox: RunningSandbox;
let fixture: EngineFixture;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, seed: 5 });
  fixture = engineFor(sandbox);
  await fixture.engine.signIn('sandbox');
});
afterAll(async () => {
  await fixture.engine.dispose();
  await sandbox.stop();
});

const send = (input: Parameters<typeof spec>[0]) => fixture.engine.send('sandbox', spec(input));
const me = () => fixture.engine.sessions.info('sandbox')!.userId;

describe('placeholders: only {api-version} and {site-id} come from the session', () => {
  const USER = '/api/{api-version}/sites/{site-id}/users/{user-id}';
  const demote = {
    method: 'PUT' as const,
    path: USER,
    body: { kind: 'json' as const, text: '{"user":{"siteRole":"Viewer"}}' },
  };

  it('refuses Update User with an empty {user-id} instead of demoting the signed-in admin', async () => {
    const role = async () =>
      (
        (await send({ method: 'GET', path: USER, pathParams: { 'user-id': me() } })).body as {
          user: { siteRole: string };
        }
      ).user.siteRole;
    const before = await role();
    expect(before).not.toBe('Viewer');
    for (const pathParams of [{}, { 'user-id': '' }, { 'user-id': '  ' }] as Array<
      Record<string, string>
    >) {
      await expect(send({ ...demote, pathParams })).rejects.toMatchObject({
        code: 'request.missingPlaceholder',
        message: expect.stringContaining('{user-id}'),
        detail: ['user-id'],
      });
    }
    expect(await role()).toBe(before);
  });

  it('names every empty placeholder, and keeps the signed-in user’s id for a “Me” button', async () => {
    await expect(
      send({
        method: 'GET',
        path: '/api/{api-version}/sites/{site-id}/users/{user-id}/groups/{group-id}',
      }),
    ).rejects.toMatchObject({ detail: ['user-id', 'group-id'] });
    expect(sandbox.sessions().map((s) => s.userId)).toContain(me());
    const mine = await send({ method: 'GET', path: USER, pathParams: { 'user-id': me() } });
    expect(mine.status).toBe(200);
  });
});

describe('token endpoints, however the path is written (issue 11 item 7)', () => {
  const password = JSON.stringify({
    credentials: { name: 'admin', password: 'trestle', site: { contentUrl: '' } },
  });
  const toMarketing = JSON.stringify({ site: { contentUrl: 'marketing' } });
  const forms: Array<[string, string, Record<string, string>?]> = [
    ['/api/{api-version}//auth/switchSite', toMarketing],
    ['/api/{api-version}/auth//signin', password],
    ['/api/{api-version}/auth/signin//', password],
    ['/api/{api-version}/auth%2Fsignin', password],
    ['/api/{api-version}/auth/signin;x', password],
    ['/api/{api-version}/./auth/signin', password],
    ['/api/{api-version}/sites/../auth/signin', password],
    ['/api/{api-version}/AUTH/SignIn', password],
    ['/api/exp/auth/signin', password],
    ['/api/{api-version}/{a}/{b}', password, { a: 'auth', b: 'signin' }],
  ];

  it('never lets a fresh token reach the caller: each form is refused before it is sent', async () => {
    const sessionsBefore = sandbox.sessions().length;
    const answers: unknown[] = [];
    for (const [path, text, pathParams] of forms) {
      const sent = send({ method: 'POST', path, pathParams, body: { kind: 'json', text } }).then(
        (answer) => (answers.push(answer), { code: 'sent' }),
        (error: { code: string }) => ({ code: error.code }),
      );
      expect(await sent, path).toEqual({ code: 'request.tokenEndpoint' });
    }
    // The sandbox collapses empty segments as a real server does: had any been sent, it
    // would have minted a session, and its token would be in an answer.
    expect(sandbox.sessions()).toHaveLength(sessionsBefore);
    const seen = JSON.stringify(answers);
    for (const { token } of sandbox.sessions()) expect(seen).not.toContain(token);
    expect(fixture.engine.history.list().some((e) => /auth/i.test(e.spec.path))).toBe(false);
    expect(fixture.engine.sessions.info('sandbox')?.siteContentUrl).toBe('');
  });

  it('refuses Sign Out as a plain request: the connection’s own Sign out ends the session', async () => {
    await expect(
      send({ method: 'POST', path: '/api/{api-version}/auth/signout/' }),
    ).rejects.toMatchObject({ code: 'request.tokenEndpoint' });
    expect(
      (await send({ method: 'GET', path: '/api/{api-version}/sites/{site-id}/users' })).status,
    ).toBe(200);
  });

  it('refuses them for fetch-all pages too (the pager goes through the same exchange)', async () => {
    const connection = await fixture.engine.resolve('sandbox');
    await expect(
      fixture.engine.executor.exchange(
        connection,
        spec({ method: 'GET', path: '/api/{api-version}//auth/signin' }),
      ),
    ).rejects.toMatchObject({ code: 'request.tokenEndpoint' });
  });

  it('refuses a placeholder value of . or .., which would climb out of its segment', async () => {
    // DELETE …/users/.. would be DELETE …/sites/{site-id}: Delete Site.
    await expect(
      send({
        method: 'DELETE',
        path: '/api/{api-version}/sites/{site-id}/users/{user-id}',
        pathParams: { 'user-id': '..' },
      }),
    ).rejects.toMatchObject({ code: 'request.badPlaceholder' });
  });
});

describe('only Tableau’s API prefixes (issue 11 item 8)', () => {
  it('does not reach the built-in Sandbox’s control API, which lists live tokens', async () => {
    for (const path of [
      '/__sandbox/sessions',
      '/api/{api-version}/../../__sandbox/sessions',
      '/api/{api-version}/..%2F..%2F__sandbox/sessions',
      '/__sandbox/..%2F..%2Fapi/3.29/serverinfo',
      '/',
    ]) {
      await expect(send({ method: 'GET', path }), path).rejects.toMatchObject({
        code: 'request.outsideApi',
      });
    }
    await expect(send({ method: 'PUT', path: '/__sandbox/faults' })).rejects.toMatchObject({
      code: 'request.outsideApi',
    });
    const connection = await fixture.engine.resolve('sandbox');
    await expect(
      fixture.engine.executor.exchange(
        connection,
        spec({ method: 'GET', path: '/__sandbox/sessions' }),
      ),
    ).rejects.toMatchObject({ code: 'request.outsideApi' });
  });

  it('sends the Metadata API, versionless and VizQL Data Service paths', async () => {
    for (const path of [
      '/api/metadata/graphql',
      '/api/-/search',
      '/api/v1/vizql-data-service/read-metadata',
    ]) {
      const answer = await send({ method: 'POST', path, body: { kind: 'json', text: '{}' } });
      expect(answer.url, path).toContain(path);
    }
  });

  it('refuses a malformed percent-encoding with a clear error', async () => {
    await expect(
      send({ method: 'GET', path: '/api/{api-version}/sites/{site-id}/labelValues/50%' }),
    ).rejects.toMatchObject({ code: 'request.badPath', message: expect.stringContaining('%25') });
  });
});

describe('the session belongs to its origin (issue 11 item 6)', () => {
  let home: LoopbackFront;
  let foreign: LoopbackFront;
  beforeAll(async () => {
    home = await startFront(sandbox.url);
    foreign = await startFront(sandbox.url);
  });
  afterAll(async () => {
    await home.close();
    await foreign.close();
  });

  const corporate = (changes: Partial<ConnectionInput> = {}): ConnectionInput => ({
    name: 'Corporate',
    serverUrl: home.url,
    auth: { kind: 'password', identity: 'admin', rememberSecret: false },
    apiVersion: { mode: 'auto' },
    ...changes,
  });
  const signedIn = async () => {
    const saved = await fixture.engine.saveConnection(corporate());
    const info = await fixture.engine.signIn(saved.id, DEMO_CREDENTIALS.password);
    const token = sandbox.sessions().find((s) => s.userId === info.userId && !s.pat)?.token;
    return { saved, token };
  };
  const tokensSeenBy = (front: LoopbackFront) =>
    front.requests.flatMap((r) => (r.token ? [r.token] : []));

  it('ends the session, signing out at the old origin, when an edit changes the server', async () => {
    const { saved, token } = await signedIn();
    const changes: unknown[] = [];
    fixture.onEvent((e) => {
      if (e.event === 'session:changed') changes.push(e.payload);
    });
    await fixture.engine.saveConnection({ ...corporate({ serverUrl: foreign.url }), id: saved.id });
    expect(fixture.engine.sessions.info(saved.id)).toBeNull();
    expect(changes).toContainEqual(
      expect.objectContaining({ connectionId: saved.id, session: null, reason: 'signedOut' }),
    );
    // Signed out where the token came from: the sandbox no longer holds it.
    expect(home.requests.at(-1)).toMatchObject({ method: 'POST', token });
    expect(sandbox.sessions().map((s) => s.token)).not.toContain(token);
    await expect(fixture.engine.send(saved.id, USERS)).rejects.toMatchObject({
      code: 'session.none',
    });
    expect(tokensSeenBy(foreign)).toEqual([]);
  });

  it('ends it too when the auth kind or identity changes, and keeps it for a rename', async () => {
    const { saved } = await signedIn();
    await fixture.engine.saveConnection({ ...corporate({ name: 'Renamed' }), id: saved.id });
    expect(fixture.engine.sessions.info(saved.id)).not.toBeNull();
    await fixture.engine.saveConnection({
      ...corporate({ auth: { kind: 'password', identity: 'someone-else', rememberSecret: false } }),
      id: saved.id,
    });
    expect(fixture.engine.sessions.info(saved.id)).toBeNull();
    const again = await signedIn();
    await fixture.engine.saveConnection({
      ...corporate({ auth: { kind: 'pat', identity: 'admin', rememberSecret: false } }),
      id: again.saved.id,
    });
    expect(fixture.engine.sessions.info(again.saved.id)).toBeNull();
  });

  it('refuses to carry the token to another origin for send, fetch-all, switch-site and sign-out', async () => {
    const { saved, token } = await signedIn();
    // The connection as another host might hand it over, pointed elsewhere while signed in.
    const moved = { ...fixture.engine.connections.get(saved.id), serverUrl: foreign.url };
    await expect(fixture.engine.executor.send(moved, USERS)).rejects.toMatchObject({
      code: 'session.originChanged',
    });
    await expect(fixture.engine.executor.exchange(moved, USERS)).rejects.toMatchObject({
      code: 'session.originChanged',
    });
    await expect(fixture.engine.sessions.switchSite(moved, 'marketing')).rejects.toMatchObject({
      code: 'session.originChanged',
    });
    await fixture.engine.sessions.signOut(moved);
    expect(tokensSeenBy(foreign)).toEqual([]);
    expect(home.requests.at(-1)).toMatchObject({ method: 'POST', token });
  });
});
