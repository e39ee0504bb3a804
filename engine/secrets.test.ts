import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CREDENTIALS, startSandbox, type RunningSandbox } from '../sandbox';
import { JsonDirStore } from './store/document-store';
import { engineFor, fakeSecretBackend, liveTokens, USERS, fetchAllOf } from './test-support';

let sandbox: RunningSandbox;
const dirs: string[] = [];

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, seed: 9 });
});
afterAll(async () => {
  await sandbox.stop();
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trestle-secrets-'));
  dirs.push(dir);
  return dir;
}

function storeText(dir: string): string {
  return fs
    .readdirSync(dir)
    .map((name) => fs.readFileSync(path.join(dir, name), 'utf8'))
    .join('\n');
}

const passwordConnection = (url: string) => ({
  name: 'Admin by password',
  serverUrl: url,
  auth: {
    kind: 'password' as const,
    identity: 'admin',
    secret: DEMO_CREDENTIALS.password,
    rememberSecret: true,
  },
  apiVersion: { mode: 'auto' as const },
});

describe('secrets and tokens on disk', () => {
  it('stores a secret only as ciphertext from a protecting backend, and signs in with it after a restart', async () => {
    const dir = tempDir();
    const backend = fakeSecretBackend(true);
    const first = engineFor(sandbox, { store: new JsonDirStore(dir), secretBackend: backend });
    const saved = await first.engine.saveConnection(passwordConnection(sandbox.url));
    expect(saved.auth.secretStored).toBe(true);
    expect(JSON.stringify(saved)).not.toContain(DEMO_CREDENTIALS.password);
    const seenTokens = new Set<string>();
    await first.engine.signIn(saved.id);
    liveTokens(sandbox).forEach((t) => seenTokens.add(t));
    await first.engine.send(saved.id, USERS);
    await fetchAllOf(first.engine, saved.id, USERS, { concurrency: 4 });
    await first.engine.signIn('sandbox');
    liveTokens(sandbox).forEach((t) => seenTokens.add(t));
    await first.engine.send('sandbox', USERS);
    await first.engine.dispose();

    const again = engineFor(sandbox, { store: new JsonDirStore(dir), secretBackend: backend });
    expect(again.engine.connections.get(saved.id).auth.secretStored).toBe(true);
    await again.engine.signIn(saved.id);
    liveTokens(sandbox).forEach((t) => seenTokens.add(t));
    await again.engine.dispose();

    expect(fs.readdirSync(dir).sort()).toEqual(
      ['connections.json', 'history.json', 'secrets.json', 'settings.json'].filter((f) =>
        fs.existsSync(path.join(dir, f)),
      ),
    );
    expect(fs.existsSync(path.join(dir, 'history.json'))).toBe(true);
    const text = storeText(dir);
    expect(text.includes(saved.id)).toBe(true);
    expect(seenTokens.size).toBeGreaterThanOrEqual(3);
    const leaked = [DEMO_CREDENTIALS.password, DEMO_CREDENTIALS.patSecret, ...seenTokens].filter(
      (s) => text.includes(s),
    );
    expect(leaked).toEqual([]);
  });

  it('does not store a secret when the backend does not protect it, unless the user opted in', async () => {
    const dir = tempDir();
    const backend = fakeSecretBackend(false);
    const { engine } = engineFor(sandbox, { store: new JsonDirStore(dir), secretBackend: backend });
    const saved = await engine.saveConnection(passwordConnection(sandbox.url));
    expect(saved.auth.secretStored).toBe(false);
    // Kept in memory for this run, so signing in (and renewing) works without asking again.
    await engine.signIn(saved.id);
    const restarted = engineFor(sandbox, { store: new JsonDirStore(dir), secretBackend: backend });
    await expect(restarted.engine.signIn(saved.id)).rejects.toMatchObject({
      code: 'session.secretNeeded',
    });

    restarted.engine.putSettings({ ...restarted.engine.settings(), storeSecretsInsecurely: true });
    const optedIn = await restarted.engine.saveConnection({
      ...passwordConnection(sandbox.url),
      id: saved.id,
    });
    expect(optedIn.auth.secretStored).toBe(true);
    expect(storeText(dir)).not.toContain(DEMO_CREDENTIALS.password);
    expect(
      JSON.parse(fs.readFileSync(path.join(dir, 'secrets.json'), 'utf8')).secrets[saved.id]
        .protected,
    ).toBe(false);
  });

  it('never stores a secret without a backend (web host), even when opted in', async () => {
    const dir = tempDir();
    const { engine } = engineFor(sandbox, { store: new JsonDirStore(dir), secretBackend: null });
    engine.putSettings({ ...engine.settings(), storeSecretsInsecurely: true });
    const saved = await engine.saveConnection(passwordConnection(sandbox.url));
    expect(saved.auth.secretStored).toBe(false);
    expect(storeText(dir)).not.toContain(DEMO_CREDENTIALS.password);
  });

  it('forgets a stored secret when the user turns remembering off', async () => {
    const { engine } = engineFor(sandbox, { secretBackend: fakeSecretBackend(true) });
    const saved = await engine.saveConnection(passwordConnection(sandbox.url));
    const input = passwordConnection(sandbox.url);
    const off = await engine.saveConnection({
      ...input,
      id: saved.id,
      auth: { ...input.auth, secret: undefined, rememberSecret: false },
    });
    expect(off.auth.secretStored).toBe(false);
  });
});

describe('connection checks', () => {
  it('refuses plain http to a non-loopback server unless allowed for that connection', async () => {
    const { engine } = engineFor(sandbox);
    const input = {
      ...passwordConnection('http://tableau.example.com'),
      auth: { kind: 'pat' as const, identity: 'x', rememberSecret: false },
    };
    await expect(engine.saveConnection(input)).rejects.toMatchObject({
      code: 'connection.insecureHttp',
    });
    const allowed = await engine.saveConnection({ ...input, allowInsecureHttp: true });
    expect(allowed.serverUrl).toBe('http://tableau.example.com');
  });

  it('refuses a CA bundle that cannot be read or holds no certificate', async () => {
    const { engine } = engineFor(sandbox);
    const input = {
      ...passwordConnection('https://tableau.example.com'),
      tls: { caBundlePath: '/nonexistent/ca.pem', allowInvalidCertificate: false },
    };
    await expect(engine.saveConnection(input)).rejects.toMatchObject({
      code: 'connection.caBundle',
    });
    const notPem = path.join(tempDir(), 'ca.pem');
    fs.writeFileSync(notPem, 'hello');
    await expect(
      engine.saveConnection({
        ...input,
        tls: { caBundlePath: notPem, allowInvalidCertificate: false },
      }),
    ).rejects.toMatchObject({
      code: 'connection.caBundle',
    });
  });
});
