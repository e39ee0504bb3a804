import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { NO_FAULTS } from '../sandbox/options';
import { DEMO_CREDENTIALS, startSandbox, type RunningSandbox } from '../sandbox';
import { startFront } from './front-test-support';
import { engineFor, spec, USERS, type EngineFixture } from './test-support';

let sandbox: RunningSandbox;
let fixture: EngineFixture;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, seed: 11 });
  fixture = engineFor(sandbox);
  await fixture.engine.signIn('sandbox');
});
afterEach(() => sandbox.setFaults(NO_FAULTS));
afterAll(async () => {
  await fixture.engine.dispose();
  await sandbox.stop();
});

const send = (input: Parameters<typeof spec>[0], requestId?: string) =>
  fixture.engine.send('sandbox', spec(input), requestId);

describe('request executor', () => {
  it('fills session placeholders and summarises a paginated list', async () => {
    const answer = await send({
      method: 'GET',
      path: '/api/{api-version}/sites/{site-id}/users',
      query: [{ name: 'pageSize', value: '7' }],
    });
    expect(answer.status).toBe(200);
    expect(answer.url).toContain(
      `/api/3.29/sites/${fixture.engine.sessions.info('sandbox')?.siteId}/users?pageSize=7`,
    );
    expect(answer.pagination).toEqual({ pageNumber: 1, pageSize: 7, totalAvailable: 2500 });
    expect(answer.list).toEqual({ path: 'users.user', count: 7 });
    expect(answer.contentType).toMatch(/application\/json/);
    expect(answer.timings.totalMs).toBeGreaterThanOrEqual(answer.timings.ttfbMs);
  });

  it('parses XML by Tableau’s JSON conventions, keeping the raw text', async () => {
    const path = '/api/{api-version}/sites/{site-id}/users';
    const query = [{ name: 'pageSize', value: '3' }];
    const asJson = await send({ method: 'GET', path, query });
    const asXml = await send({ method: 'GET', path, query, accept: 'xml' });
    expect(asXml.contentType).toMatch(/xml/);
    expect(asXml.preview).toMatch(/^<\?xml|^<tsResponse/);
    expect(asXml.list).toEqual({ path: 'users.user', count: 3 });
    expect(asXml.pagination).toEqual(asJson.pagination);
    const ids = (body: unknown) =>
      (body as { users: { user: Array<{ id: string }> } }).users.user.map((u) => u.id);
    expect(ids(asXml.body)).toEqual(ids(asJson.body));
  });

  it('decodes a Tableau error and explains it', async () => {
    const answer = await send({
      method: 'GET',
      path: '/api/{api-version}/sites/{site-id}/users/{id}',
      pathParams: { id: '00000000-0000-0000-0000-000000000000' },
    });
    expect(answer.status).toBe(404);
    expect(answer.error).toMatchObject({ code: '404002' });
    expect(answer.error?.explanation).toBeTruthy();
    expect(answer.error?.suggestedFix).toBeTruthy();
  });

  it('refuses a spec aimed at another origin, however it is written', async () => {
    for (const path of [
      'https://evil.example/api/3.29/serverinfo',
      '//evil.example/x',
      'http://127.0.0.1:1/api',
    ]) {
      await expect(send({ method: 'GET', path })).rejects.toMatchObject({
        code: 'request.foreignOrigin',
      });
    }
    // A placeholder value is one encoded path segment: it cannot change the origin.
    const answer = await send({
      method: 'GET',
      path: '/api/{api-version}/{x}',
      pathParams: { x: '//evil.example/' },
    });
    expect(new URL(answer.url).origin).toBe(sandbox.url);
  });

  it('refuses sign-in and switch-site through a plain request: their answer holds a token', async () => {
    for (const path of ['/api/{api-version}/auth/signin', '/api/3.29/auth/switchSite']) {
      await expect(
        send({ method: 'POST', path, body: { kind: 'json', text: '{"credentials":{}}' } }),
      ).rejects.toMatchObject({ code: 'request.tokenEndpoint' });
    }
    expect(fixture.engine.sessions.info('sandbox')).not.toBeNull();
  });

  it('keeps the session token: a user X-Tableau-Auth header neither replaces it nor shows', async () => {
    const answer = await send({
      method: 'GET',
      path: '/api/{api-version}/sites/{site-id}/users',
      headers: [{ name: 'X-Tableau-Auth', value: 'forged' }],
    });
    expect(answer.status).toBe(200);
    for (const [name, value] of answer.headers)
      if (name === 'set-cookie') expect(value).toBe('[redacted]');
  });

  it('honours Retry-After through a 429 storm', async () => {
    sandbox.setFaults({ rateLimitPerSecond: 2 });
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => fixture.engine.send('sandbox', USERS)),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(6).fill(200));
    expect(answers.reduce((n, a) => n + a.retries, 0)).toBeGreaterThan(0);
  });

  it('rides out a 5xx burst for GETs', async () => {
    sandbox.setFaults({ errorRate: 0.5 });
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => fixture.engine.send('sandbox', USERS)),
    );
    // 503 is retried for a GET; a 500 is answered as it is (the server said it failed).
    for (const answer of answers) expect([200, 500]).toContain(answer.status);
    expect(answers.some((a) => a.status === 200)).toBe(true);
  });

  it('does not repeat a POST after a 503 (it may have taken effect)', async () => {
    sandbox.setFaults({ errorRate: 1 });
    const body = {
      kind: 'json' as const,
      text: JSON.stringify({ project: { name: 'Never twice' } }),
    };
    const answer = await send({
      method: 'POST',
      path: '/api/{api-version}/sites/{site-id}/projects',
      body,
    });
    expect([500, 503]).toContain(answer.status);
    expect(answer.retries).toBe(0);
  });

  it('retries a GET whose connection was reset in the middle of the body', async () => {
    sandbox.setFaults({ resetMidBody: 0.3 });
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => fixture.engine.send('sandbox', USERS)),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(6).fill(200));
  });

  it('cancels by request id and times out', async () => {
    sandbox.setFaults({ latencyMs: 10_000 });
    const pending = send(
      { method: 'GET', path: '/api/{api-version}/sites/{site-id}/users' },
      'cancel-me',
    );
    expect(fixture.engine.executor.cancel('cancel-me')).toBe(true);
    await expect(pending).rejects.toMatchObject({ code: 'request.cancelled' });
    expect(fixture.engine.executor.cancel('cancel-me')).toBe(false);
    await expect(
      send({ method: 'GET', path: '/api/{api-version}/sites/{site-id}/users', timeoutMs: 50 }),
    ).rejects.toMatchObject({
      code: 'request.timeout',
    });
  });
});

describe('redirects', () => {
  it('follows a same-origin redirect with the token and a cross-origin one without it', async () => {
    const seen: Array<{ path: string; auth: string | undefined }> = [];
    const foreign = http.createServer((req, res) => {
      seen.push({ path: req.url ?? '', auth: req.headers['x-tableau-auth'] as string | undefined });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
    await new Promise<void>((resolve) => foreign.listen(0, '127.0.0.1', resolve));
    const foreignUrl = `http://localhost:${(foreign.address() as AddressInfo).port}`;
    // A server that signs in like the sandbox (it forwards there) and redirects these paths.
    const origin = await startFront(sandbox.url, (req, res) => {
      if (!/^\/api\/3\.29\/(start|next|post)$/.test(req.url ?? '')) return false;
      seen.push({ path: req.url ?? '', auth: req.headers['x-tableau-auth'] as string | undefined });
      if (req.url === '/api/3.29/start') res.writeHead(302, { location: '/api/3.29/next' }).end();
      else if (req.url === '/api/3.29/next')
        res.writeHead(307, { location: `${foreignUrl}/file` }).end();
      else res.writeHead(303, { location: `${foreignUrl}/file` }).end();
      return true;
    });
    try {
      const engine = fixture.engine;
      const saved = await engine.saveConnection({
        name: 'Redirecting',
        serverUrl: origin.url,
        auth: { kind: 'password', identity: 'admin', rememberSecret: false },
        apiVersion: { mode: 'auto' },
      });
      await engine.signIn(saved.id, DEMO_CREDENTIALS.password);
      const answer = await engine.send(saved.id, spec({ method: 'GET', path: '/api/3.29/start' }));
      expect(answer.status).toBe(200);
      expect(seen.map((s) => [s.path, Boolean(s.auth)])).toEqual([
        ['/api/3.29/start', true],
        ['/api/3.29/next', true],
        ['/file', false],
      ]);
      await expect(
        engine.send(saved.id, spec({ method: 'POST', path: '/api/3.29/post' })),
      ).rejects.toMatchObject({
        code: 'request.foreignRedirect',
      });
    } finally {
      await origin.close();
      foreign.close();
    }
  });
});
