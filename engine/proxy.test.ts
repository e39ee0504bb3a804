import fs from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CREDENTIALS, startSandbox, type RunningSandbox } from '../sandbox';
import type { ConnectionInput } from '../shared/connection';
import { engineFor, USERS, type EngineFixture } from './test-support';
import {
  CORPORATE_HOST,
  makeCertificates,
  startConnectProxy,
  startHttpsFront,
  type ConnectProxy,
  type HttpsFront,
  type TestCertificates,
} from './tls-test-support';
import { proxyFor } from './http-client';

let sandbox: RunningSandbox;
let certificates: TestCertificates;
let front: HttpsFront;
let proxy: ConnectProxy;
let fixture: EngineFixture;

beforeAll(async () => {
  certificates = makeCertificates();
  sandbox = await startSandbox({ port: 0, seed: 13 });
  front = await startHttpsFront(sandbox, certificates);
  proxy = await startConnectProxy();
  // One attempt: a refused or unresolvable target should fail at once, not after backoff.
  fixture = engineFor(sandbox, { retryPolicy: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 } });
});
afterAll(async () => {
  await fixture?.engine.dispose();
  await proxy?.close();
  await front?.close();
  await sandbox?.stop();
  if (certificates) fs.rmSync(certificates.dir, { recursive: true, force: true });
});

/**
 * Every variable proxy-from-env reads, either case. The engine reads the real environment, as
 * it must at run time; each test file runs in its own process (vitest forks), and each test
 * here restores what it changed.
 */
const PROXY_VARIABLES = ['https_proxy', 'http_proxy', 'all_proxy', 'no_proxy']
  .flatMap((name) => [name, `npm_config_${name}`])
  .flatMap((name) => [name, name.toUpperCase()]);
const saved = new Map(PROXY_VARIABLES.map((name) => [name, process.env[name]]));

function useProxyEnvironment(values: { HTTPS_PROXY?: string; NO_PROXY?: string }): void {
  for (const name of PROXY_VARIABLES) delete process.env[name];
  Object.assign(process.env, values);
}
afterEach(() => {
  for (const [name, value] of saved) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

function behindProxy(host: string, caBundlePath?: string): ConnectionInput {
  return {
    name: `Corporate ${host}`,
    serverUrl: `https://${host}:${front.port}`,
    auth: { kind: 'pat', identity: DEMO_CREDENTIALS.patName, rememberSecret: false },
    apiVersion: { mode: 'auto' },
    tls: { caBundlePath: caBundlePath ?? certificates.caFile, allowInvalidCertificate: false },
  };
}

async function signIn(input: ConnectionInput) {
  const saved = await fixture.engine.saveConnection(input);
  return { saved, info: await fixture.engine.signIn(saved.id, DEMO_CREDENTIALS.patSecret) };
}

describe('HTTPS_PROXY and NO_PROXY', () => {
  it('reaches a server only the proxy can resolve through a CONNECT tunnel, checking its certificate', async () => {
    useProxyEnvironment({ HTTPS_PROXY: proxy.url });
    const before = proxy.tunnels.length;
    const { saved, info } = await signIn(behindProxy(CORPORATE_HOST));
    expect(info.serverUrl).toBe(`https://${CORPORATE_HOST}:${front.port}`);
    const answers = await Promise.all([1, 2, 3].map(() => fixture.engine.send(saved.id, USERS)));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    const opened = proxy.tunnels.slice(before);
    expect(opened.length).toBeGreaterThan(0);
    expect(new Set(opened)).toEqual(new Set([`${CORPORATE_HOST}:${front.port}`]));
    // Kept-alive tunnels are reused: fewer tunnels than the 6 exchanges (3 sign-in, 3 sends).
    expect(opened.length).toBeLessThan(6);
  });

  it('checks the server certificate at the end of the tunnel, not just the proxy', async () => {
    useProxyEnvironment({ HTTPS_PROXY: proxy.url });
    const withoutCa = { ...behindProxy(CORPORATE_HOST), tls: { allowInvalidCertificate: false } };
    const before = proxy.tunnels.length;
    await expect(signIn(withoutCa)).rejects.toMatchObject({ code: 'request.tls' });
    expect(proxy.tunnels.length).toBeGreaterThan(before);
  });

  it('goes direct, without the proxy, to a host NO_PROXY names', async () => {
    useProxyEnvironment({ HTTPS_PROXY: proxy.url, NO_PROXY: `example.org, .corp.invalid` });
    expect(proxyFor(new URL(`https://${CORPORATE_HOST}/`))).toBe('');
    expect(proxyFor(new URL('https://tableau.example.com/'))).toBe(proxy.url);
    const before = proxy.tunnels.length;
    // Only the proxy can resolve this name: going direct, the lookup fails here.
    await expect(signIn(behindProxy(CORPORATE_HOST))).rejects.toMatchObject({
      message: expect.stringContaining(`The host ${CORPORATE_HOST} was not found`),
    });
    expect(proxy.tunnels.length).toBe(before);
  });

  it('never sends loopback through the proxy, whatever NO_PROXY says', async () => {
    useProxyEnvironment({ HTTPS_PROXY: proxy.url });
    const before = proxy.tunnels.length;
    for (const host of ['127.0.0.1', 'localhost']) {
      const { saved } = await signIn(behindProxy(host));
      expect((await fixture.engine.send(saved.id, USERS)).status).toBe(200);
    }
    await fixture.engine.signIn('sandbox');
    expect((await fixture.engine.send('sandbox', USERS)).status).toBe(200);
    expect(proxy.tunnels.length).toBe(before);
  });
});
