import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channels, type Channel } from '../shared/ipc/contract';
import { startSandbox, type RunningSandbox } from '../sandbox';
import { liveTokens, USERS } from '../engine/test-support';
import { startWebApp, type WebApp } from './app';

const KEY = 'bridge-test-key-0123456789';
let sandbox: RunningSandbox;
let web: WebApp;
let dataDir = '';
/** Everything the bridge sent: IPC answers, downloads and the event stream. */
const received: string[] = [];
const tokens = new Set<string>();
const events = new AbortController();
let eventText = '';

async function call<C extends Channel>(channel: C, args: unknown[]): Promise<unknown> {
  const res = await fetch(`${web.host.url}/ipc/${channel}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ args }),
  });
  const text = await res.text();
  received.push(text);
  const result = JSON.parse(text) as {
    ok: boolean;
    data?: unknown;
    error?: { code: string; message: string };
  };
  if (!result.ok)
    throw Object.assign(new Error(result.error?.message), { code: result.error?.code });
  // Every answer fits its channel's result schema.
  return channels[channel].result.parse(result.data);
}

function noteTokens(): void {
  for (const token of liveTokens(sandbox)) tokens.add(token);
}

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, seed: 21 });
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'trestle-bridge-'));
  web = await startWebApp({
    port: 0,
    accessKey: KEY,
    rendererDir: dataDir,
    dataDir,
    sandboxUrl: sandbox.url,
  });
  const stream = await fetch(`${web.host.url}/events`, {
    headers: { authorization: `Bearer ${KEY}` },
    signal: events.signal,
  });
  const reader = (stream.body as ReadableStream<Uint8Array>).getReader();
  void (async () => {
    const decoder = new TextDecoder();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        eventText += decoder.decode(value);
      }
    } catch {
      // aborted at the end of the suite
    }
  })();
});

afterAll(async () => {
  events.abort();
  await web.close();
  await sandbox.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('web host bridge', () => {
  it('never sends the session token to the browser, across every channel and event', async () => {
    const info = (await call('session:signIn', ['sandbox'])) as { userName: string };
    expect(info.userName).toBe('admin');
    noteTokens();
    await call('app:info', []);
    await call('connections:list', []);
    await call('session:list', []);
    const sent = (await call('request:send', ['sandbox', USERS, { requestId: 'r-1' }])) as {
      responseId: string;
    };
    await call('request:send', [
      'sandbox',
      { method: 'GET', path: '/api/{api-version}/sessions/current' },
    ]);
    await call('response:slice', [sent.responseId, { kind: 'bytes', start: 0, end: 5000 }]);
    await call('response:slice', [sent.responseId, { kind: 'lines', start: 0, end: 10 }]);
    sandbox.expireTokens();
    const started = (await call('operations:start', [
      'sandbox',
      { kind: 'fetchAll', spec: USERS, concurrency: 4, pageSize: 500 },
      { operationId: 'bridge-run' },
    ])) as { operationId: string; state: string };
    expect(started).toMatchObject({ operationId: 'bridge-run', state: 'running' });
    const ended = (await call('operations:wait', ['bridge-run'])) as {
      state: string;
      outcome: { responseId: string; items: number };
    };
    await call('operations:list', []);
    await call('operations:get', ['bridge-run']);
    const run = ended.outcome;
    noteTokens();
    expect(ended.state).toBe('succeeded');
    expect(run.items).toBe(2500);
    await call('response:slice', [run.responseId, { kind: 'items', start: 0, end: 100 }]);
    await call('session:switchSite', ['sandbox', 'marketing']);
    noteTokens();
    await call('history:list', []);
    await call('settings:get', []);
    await call('collections:get', []);

    for (const format of ['csv', 'json'] as const) {
      const exported = (await call('export:save', [run.responseId, format])) as {
        downloadUrl: string;
        rows: number;
      };
      expect(exported.rows).toBe(2500);
      const download = await fetch(`${web.host.url}${exported.downloadUrl}`, {
        headers: { authorization: `Bearer ${KEY}` },
      });
      expect(download.status).toBe(200);
      expect(download.headers.get('content-disposition')).toMatch(
        new RegExp(`attachment; filename=".*\\.${format}"`),
      );
      received.push(await download.text());
    }
    await call('session:signOut', ['sandbox']);

    await expect.poll(() => eventText).toContain('"reason":"signedOut"');
    expect(eventText).toContain('event: operation:progress');
    expect(eventText).toContain('"reason":"reSignedIn"');
    received.push(eventText);
    expect(tokens.size).toBeGreaterThanOrEqual(3);
    const everything = received.join('\n');
    expect([...tokens].filter((token) => everything.includes(token))).toEqual([]);
  });

  it('persists collections and settings the renderer puts, and lists history newest first', async () => {
    const doc = {
      schemaVersion: 2,
      collections: [
        {
          id: 'c',
          name: 'Admin',
          folders: [],
          requests: [{ id: 'r', name: 'Users', description: '', spec: USERS }],
        },
      ],
    };
    await call('collections:put', [doc]);
    expect(await call('collections:get', [])).toEqual(doc);
    await call('settings:put', [
      {
        theme: 'dark',
        fetchAllConcurrency: 6,
        requestTimeoutMs: 30_000,
        storeSecretsInsecurely: false,
      },
    ]);
    expect(await call('settings:get', [])).toMatchObject({ theme: 'dark', fetchAllConcurrency: 6 });
    const history = (await call('history:list', [])) as Array<{ at: string }>;
    expect(history.length).toBeGreaterThan(2);
    expect(history[0].at >= history[1].at).toBe(true);
    // The list carries no response bodies: they stay in main until an entry is reopened.
    for (const entry of history) expect(entry).not.toHaveProperty('body');
    await call('history:clear', []);
    expect(await call('history:list', [])).toEqual([]);
    expect(JSON.parse(fs.readFileSync(path.join(dataDir, 'collections.json'), 'utf8'))).toEqual(
      doc,
    );
  });

  it('answers a sign-in without a secret at hand with a code the UI can prompt on', async () => {
    const saved = (await call('connections:save', [
      {
        name: 'Typed each time',
        serverUrl: sandbox.url,
        auth: { kind: 'password', identity: 'admin', rememberSecret: true },
        apiVersion: { mode: 'auto' },
      },
    ])) as { id: string; auth: { secretStored: boolean } };
    expect(saved.auth.secretStored).toBe(false);
    await expect(call('session:signIn', [saved.id])).rejects.toMatchObject({
      code: 'session.secretNeeded',
    });
    await expect(call('session:signIn', [saved.id, { secret: 'trestle' }])).resolves.toMatchObject({
      userName: 'admin',
    });
  });
});
