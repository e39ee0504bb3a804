import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CREDENTIALS, startSandbox, type RunningSandbox } from '../sandbox';
import { startFront, type LoopbackFront } from '../engine/front-test-support';
import { MAX_FOLDER_DEPTH } from '../shared/documents';
import { startWebApp, type WebApp } from './app';

/**
 * Issue 11 item 15: malformed input — in URLs, cookies, a server's answer, a collections
 * document, an export's list name — gets a clean error result, never HTTP 500 or a crash;
 * and a body larger than the configured cap is refused without holding it.
 */
const KEY = 'malformed-test-key-0123456789';
let sandbox: RunningSandbox;
let web: WebApp;
let odd: LoopbackFront;
let dataDir = '';
let connectionId = '';

/** Answers the sandbox would never give, at paths under /api/3.29/odd/. */
const DEEP = 100_000;
const ODD: Record<string, { type: string; body: () => Buffer | string }> = {
  '/api/3.29/odd/deep-json': {
    type: 'application/json',
    body: () => '['.repeat(DEEP) + ']'.repeat(DEEP),
  },
  '/api/3.29/odd/deep-xml': {
    type: 'application/xml',
    body: () => '<tsResponse>' + '<a>'.repeat(DEEP) + '</a>'.repeat(DEEP) + '</tsResponse>',
  },
  '/api/3.29/odd/crlf-list': {
    type: 'application/json',
    body: () => JSON.stringify({ 'us\r\nSet-Cookie: x=1\r\ners': { user: [{ id: '1' }] } }),
  },
  '/api/3.29/odd/big': { type: 'application/json', body: () => Buffer.alloc(3 * 1024 * 1024, 32) },
  '/api/3.29/odd/big-streamed': {
    type: 'application/json',
    body: () => Buffer.alloc(3 * 1024 * 1024, 32),
  },
};

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, seed: 9 });
  odd = await startFront(sandbox.url, (req, res) => {
    const answer = ODD[req.url ?? ''];
    if (!answer) return false;
    const body = Buffer.from(answer.body());
    if (req.url?.endsWith('-streamed')) {
      // Chunked, saying nothing of its length up front, as a streamed answer does.
      res.writeHead(200, { 'content-type': answer.type, 'transfer-encoding': 'chunked' });
      for (let at = 0; at < body.length; at += 256 * 1024)
        res.write(body.subarray(at, at + 256 * 1024));
      res.end();
      return true;
    }
    res.writeHead(200, { 'content-type': answer.type });
    res.end(body);
    return true;
  });
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'trestle-malformed-'));
  web = await startWebApp({
    port: 0,
    accessKey: KEY,
    rendererDir: dataDir,
    dataDir,
    sandboxUrl: sandbox.url,
  });
  const saved = (await call('connections:save', [
    {
      name: 'Odd server',
      serverUrl: odd.url,
      auth: { kind: 'password', identity: 'admin', rememberSecret: false },
      apiVersion: { mode: 'auto' },
    },
  ])) as { data: { id: string } };
  connectionId = saved.data.id;
  await call('session:signIn', [connectionId, { secret: DEMO_CREDENTIALS.password }]);
});
afterAll(async () => {
  await web.close();
  await odd.close();
  await sandbox.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

interface Answer {
  ok: boolean;
  data?: unknown;
  error?: { code: string; message: string };
}

async function call(channel: string, args: unknown[]): Promise<Answer & { status: number }> {
  const res = await fetch(`${web.host.url}/ipc/${channel}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${KEY}` },
    body: JSON.stringify({ args }),
  });
  return { status: res.status, ...((await res.json()) as Answer) };
}

/** A raw request, for targets and headers `fetch` would clean up. */
function raw(target: string, headers: Record<string, string>, method = 'GET'): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: web.host.port, path: target, method, headers },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

const host = () => ({ host: `127.0.0.1:${web.host.port}` });

describe('malformed input at the web host', () => {
  it('answers malformed percent-encoding in the URL with 400, not 500', async () => {
    const bearer = { ...host(), authorization: `Bearer ${KEY}` };
    expect(await raw('/ipc/%zz', bearer, 'POST')).toBe(400);
    expect(await raw('/downloads/%E0%A4%A', bearer)).toBe(400);
    expect(await raw('/assets/%', bearer)).toBe(400);
    expect(await raw('/?key=%zz', host())).toBe(401);
  });

  it('ignores malformed cookies: no 500, the key still counts, no cookie still gives 401', async () => {
    const cookie = `trestle_key=%zz; trestle-session-${web.host.port}=%E0%A4%A; junk`;
    expect(await raw('/', { ...host(), cookie })).toBe(401);
    expect(await raw('/', { ...host(), cookie, authorization: `Bearer ${KEY}` })).not.toBe(500);
  });
});

describe('malformed answers and documents', () => {
  it('sends a deeply nested JSON or XML answer as raw text, with no parsed body', async () => {
    for (const path of ['/api/3.29/odd/deep-json', '/api/3.29/odd/deep-xml']) {
      const answer = await call('request:send', [connectionId, { method: 'GET', path }]);
      expect(answer.status, path).toBe(200);
      expect(answer.ok, path).toBe(true);
      expect(answer.data, path).toMatchObject({ status: 200, body: null, list: null });
    }
  });

  it('refuses 1,000-deep collection folders with a clear error, and stores nothing', async () => {
    const nested = (depth: number) => {
      let folder = { id: 'f0', name: 'f0', folders: [] as unknown[], requests: [] };
      const root = folder;
      for (let i = 1; i < depth; i++) {
        const child = { id: `f${i}`, name: `f${i}`, folders: [], requests: [] };
        folder.folders.push(child);
        folder = child;
      }
      return root;
    };
    const deepest = await call('collections:put', [
      { schemaVersion: 2, collections: [nested(MAX_FOLDER_DEPTH)] },
    ]);
    expect(deepest).toMatchObject({ ok: true });
    await call('collections:put', [{ schemaVersion: 2, collections: [] }]);
    const put = await call('collections:put', [{ schemaVersion: 2, collections: [nested(1000)] }]);
    expect(put.status).toBe(200);
    expect(put).toMatchObject({
      ok: false,
      error: { code: 'ipc.badArguments', message: expect.stringMatching(/deep/) },
    });
    expect(((await call('collections:get', [])).data as { collections: [] }).collections).toEqual(
      [],
    );
  });

  it('exports a list whose name holds CR/LF under a safe file name', async () => {
    const answer = await call('request:send', [
      connectionId,
      { method: 'GET', path: '/api/3.29/odd/crlf-list' },
    ]);
    const { responseId } = answer.data as { responseId: string };
    const exported = await call('export:save', [responseId, 'csv']);
    expect(exported.ok).toBe(true);
    const { downloadUrl } = exported.data as { downloadUrl: string };
    const download = await fetch(`${web.host.url}${downloadUrl}`, {
      headers: { authorization: `Bearer ${KEY}` },
    });
    expect(download.status).toBe(200);
    expect(download.headers.get('set-cookie')).toBeNull();
    expect(download.headers.get('content-disposition')).toMatch(
      /^attachment; filename="trestle-[\w.-]+\.csv"$/,
    );
  });

  it('refuses an answer larger than the cap in settings, with a clear error', async () => {
    const settings = (await call('settings:get', [])).data as Record<string, unknown>;
    expect(settings.maxResponseMb).toBe(256);
    await call('settings:put', [{ ...settings, maxResponseMb: 1 }]);
    try {
      for (const path of ['/api/3.29/odd/big', '/api/3.29/odd/big-streamed']) {
        const answer = await call('request:send', [connectionId, { method: 'GET', path }]);
        expect(answer, path).toMatchObject({
          ok: false,
          error: { code: 'request.tooLarge', message: expect.stringMatching(/1 MB/) },
        });
      }
      // Within the cap it is an ordinary answer.
      await call('settings:put', [{ ...settings, maxResponseMb: 4 }]);
      const fits = await call('request:send', [
        connectionId,
        { method: 'GET', path: '/api/3.29/odd/big-streamed' },
      ]);
      expect(fits).toMatchObject({ ok: true, data: { status: 200 } });
    } finally {
      await call('settings:put', [settings]);
    }
  });
});
