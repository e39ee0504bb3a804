import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repoRoot = path.resolve(__dirname, '..');
const KEY = 'test-key-abcdefgh';
let child: ChildProcess;
let base = '';
let port = 0;
let dataDir = '';

/**
 * Starts `npm run web`'s entry exactly as a user would, on a free port. It serves the renderer
 * build, so `npm test` builds before the unit tests.
 */
beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'trestle-web-'));
  child = spawn(
    process.execPath,
    [
      path.join(repoRoot, 'node_modules/tsx/dist/cli.mjs'),
      'web-host/cli.ts',
      '--port',
      '0',
      '--no-open',
      '--access-key',
      KEY,
      '--data-dir',
      dataDir,
    ],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  base = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /(http:\/\/127\.0\.0\.1:(\d+))\/\?key=/.exec(out);
      if (match) resolve(match[1]);
    });
    child.on('exit', (code) => reject(new Error(`web host exited early (${code})`)));
  });
  port = Number(new URL(base).port);
});

afterAll(() => {
  child?.kill();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('npm run web', () => {
  it('refuses requests without the access key with 401', async () => {
    expect((await fetch(`${base}/`)).status).toBe(401);
    expect(
      (await fetch(`${base}/ipc/app:info`, { method: 'POST', body: '{"args":[]}' })).status,
    ).toBe(401);
    expect((await fetch(`${base}/?key=wrong-key-123`)).status).toBe(401);
  });

  it('refuses a foreign Host (DNS rebinding) and a foreign Origin with 403', async () => {
    const http = await import('node:http');
    const status = (headers: Record<string, string>) =>
      new Promise<number>((resolve) => {
        http.get(
          {
            host: '127.0.0.1',
            port,
            path: '/',
            headers: { authorization: `Bearer ${KEY}`, ...headers },
          },
          (res) => resolve(res.statusCode ?? 0),
        );
      });
    expect(await status({ host: `evil.example:${port}` })).toBe(403);
    expect(await status({ origin: 'http://evil.example' })).toBe(403);
    expect(await status({ host: `localhost:${port}` })).toBe(200);
  });

  it('turns ?key= into an HttpOnly SameSite=Strict cookie and serves the app with a CSP', async () => {
    const first = await fetch(`${base}/?key=${KEY}`, { redirect: 'manual' });
    expect(first.status).toBe(303);
    const cookie = first.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(first.headers.get('location')).toBe('/');
    const page = await fetch(`${base}/`, { headers: { cookie: cookie.split(';')[0] } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
  });

  it('puts a per-run session value in a cookie named for the port, never the key itself', async () => {
    const first = await fetch(`${base}/?key=${KEY}`, { redirect: 'manual' });
    const [pair] = (first.headers.get('set-cookie') ?? '').split(';');
    const [name, value] = pair.split('=');
    expect(name).toBe(`trestle-session-${port}`);
    expect(value.length).toBeGreaterThanOrEqual(32);
    expect(value).not.toContain(KEY);
    // The same value again for the next visit with the key: one session per run.
    const again = await fetch(`${base}/?key=${KEY}`, { redirect: 'manual' });
    expect((again.headers.get('set-cookie') ?? '').split(';')[0]).toBe(pair);
    const status = async (cookie: string) =>
      (await fetch(`${base}/`, { headers: { cookie } })).status;
    // The key is not a session value, under any cookie name.
    expect(await status(`trestle-session-${port}=${KEY}`)).toBe(401);
    expect(await status(`trestle_key=${KEY}`)).toBe(401);
    // The right value under another port's name is not ours.
    expect(await status(`trestle-session-${port + 1}=${value}`)).toBe(401);
    expect(await status(`trestle-session-${port}=${value.slice(0, -1)}`)).toBe(401);
    // A cookie another page on 127.0.0.1 planted, even under our name, does not lock us out.
    expect(
      await status(`trestle-session-${port}=planted; other=1; trestle-session-${port}=${value}`),
    ).toBe(200);
  });

  it('answers IPC calls with the result union, and bad arguments with a clear error', async () => {
    const call = async (channel: string, args: unknown) => {
      const res = await fetch(`${base}/ipc/${channel}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${KEY}` },
        body: JSON.stringify({ args }),
      });
      return res.json() as Promise<{
        ok: boolean;
        data?: unknown;
        error?: { code: string; message: string };
      }>;
    };
    expect(await call('app:info', [])).toEqual({
      ok: true,
      data: { version: expect.any(String), host: 'web' },
    });
    const list = await call('connections:list', []);
    expect(list.ok).toBe(true);
    expect((list.data as Array<{ name: string }>)[0].name).toBe('Sandbox');
    const bad = await call('session:signIn', [42]);
    expect(bad.ok).toBe(false);
    expect(bad.error?.code).toBe('ipc.badArguments');
    const unknown = await call('nope:nothing', []);
    expect(unknown.error?.code).toBe('ipc.unknownChannel');
  });
});

describe('--key-file', () => {
  const started: ChildProcess[] = [];
  afterAll(() => {
    for (const host of started) host.kill('SIGKILL');
  });

  /** Runs the web host's entry in this process (no tsx wrapper) and waits for its URL or exit. */
  function run(
    args: string[],
  ): Promise<{ child: ChildProcess; url?: string; code?: number; err: string }> {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'web-host/cli.ts', '--port', '0', '--no-open', ...args],
      { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    started.push(child);
    let err = '';
    child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
    return new Promise((resolve) => {
      let out = '';
      child.stdout?.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /(http:\/\/127\.0\.0\.1:\d+\/\?key=[\w.~-]+)/.exec(out);
        if (match) resolve({ child, url: match[1], err });
      });
      child.on('exit', (code) => resolve({ child, code: code ?? undefined, err }));
    });
  }

  it('creates an owner-only key file once and keeps its key across restarts', async () => {
    const keyFile = path.join(dataDir, 'web.key');
    const first = await run(['--key-file', keyFile, '--data-dir', dataDir]);
    expect(first.url).toBeDefined();
    const key = fs.readFileSync(keyFile, 'utf8').trim();
    expect(key.length).toBeGreaterThanOrEqual(32);
    expect(first.url).toContain(`?key=${key}`);
    if (process.platform !== 'win32') expect(fs.statSync(keyFile).mode & 0o077).toBe(0);
    first.child.kill('SIGKILL');
    const second = await run(['--key-file', keyFile, '--data-dir', dataDir]);
    expect(new URL(second.url!).searchParams.get('key')).toBe(key);
    // The bookmarked address (with the new run's port) still lets the user in.
    const entry = await fetch(second.url!, { redirect: 'manual' });
    expect(entry.status).toBe(303);
    second.child.kill('SIGKILL');
  });

  it('refuses a key file others can read, and --key-file with --access-key', async () => {
    const keyFile = path.join(dataDir, 'shared.key');
    fs.writeFileSync(keyFile, 'a-key-anyone-can-read-0123456789\n', { mode: 0o644 });
    fs.chmodSync(keyFile, 0o644);
    const open = await run(['--key-file', keyFile, '--data-dir', dataDir]);
    expect(open.code).toBe(2);
    expect(open.err).toMatch(/readable by others.*chmod 600/);
    const both = await run([
      '--key-file',
      keyFile,
      '--access-key',
      'another-key-1',
      '--data-dir',
      dataDir,
    ]);
    expect(both.code).toBe(2);
    expect(both.err).toMatch(/either --access-key or --key-file/);
  });
});
