import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../sandbox';
import { channels, type Channel } from '../shared/ipc/contract';
import { startWebApp, type WebApp } from './app';

/**
 * Issue 12: a secret variable set through the web host is held by the engine only. Nothing
 * the bridge answers, streams or offers for download — the variables, a send's summary, the
 * checks after it, history, a run and its report — carries its value, and no file does.
 */
const KEY = 'variables-bridge-key-0123456789';
const SECRET = 'bridge-secret-5f1e0c7a';
let sandbox: RunningSandbox;
let web: WebApp;
let dataDir = '';
const received: string[] = [];
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
  const result = JSON.parse(text) as { ok: boolean; data?: unknown; error?: { code: string } };
  if (!result.ok) throw Object.assign(new Error(text), { code: result.error?.code });
  return channels[channel].result.parse(result.data);
}

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, seed: 41 });
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'trestle-variables-bridge-'));
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
      // aborted at the end
    }
  })();
});

afterAll(async () => {
  events.abort();
  await web.close();
  await sandbox.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const withSecret = {
  method: 'GET',
  path: '/api/{api-version}/sites/{site-id}/projects',
  query: [{ name: 'note', value: '{{token-ish}}', enabled: true }],
  headers: [{ name: 'X-Trestle-Note', value: 'Bearer {{token-ish}}', enabled: true }],
};

describe('secret variables over the web host bridge', () => {
  it('never sends a secret variable’s value to the browser or writes it to a file', async () => {
    await call('session:signIn', ['sandbox']);
    const view = (await call('variables:put', [
      { scope: 'connection', connectionId: 'sandbox' },
      [{ name: 'token-ish', value: SECRET, secret: true, enabled: true }],
    ])) as {
      environments: Record<string, Array<{ value: string; held?: string }>>;
      secretsPersist: boolean;
    };
    expect(view.secretsPersist).toBe(false);
    expect(view.environments.sandbox[0]).toMatchObject({ value: '', held: 'session' });
    await call('variables:get', []);

    const summary = (await call('request:send', ['sandbox', withSecret])) as {
      status: number;
      url: string;
      responseId: string;
    };
    expect(summary.status).toBe(200);
    expect(summary.url).toContain('note=••••••');
    const checks = (await call('response:check', [
      summary.responseId,
      {
        captures: [{ name: 'first-project', path: 'projects.project[0].id' }],
        assertions: [{ kind: 'status', expected: '2xx' }],
      },
    ])) as { captures: Array<{ value: string | null }>; assertions: Array<{ passed: boolean }> };
    expect(checks.captures[0].value).toMatch(/^[0-9a-f-]{36}$/);
    expect(checks.assertions[0].passed).toBe(true);
    const history = (await call('history:list', [])) as Array<{ spec: typeof withSecret }>;
    expect(history[0].spec.headers[0].value).toBe('Bearer {{token-ish}}');

    const started = (await call('operations:start', [
      'sandbox',
      {
        kind: 'run',
        source: {
          from: 'inline',
          collection: {
            id: 'c',
            name: 'Secret run',
            folders: [],
            requests: [{ id: 'r', name: 'Projects', spec: withSecret }],
          },
        },
      },
      { operationId: 'secret-run' },
    ])) as { operationId: string };
    const ended = (await call('operations:wait', [started.operationId])) as { state: string };
    expect(ended.state).toBe('succeeded');
    await call('operations:get', ['secret-run']);
    for (const format of ['json', 'csv', 'junit'] as const) {
      const exported = (await call('runs:export', ['secret-run', format])) as {
        downloadUrl: string;
      };
      const download = await fetch(`${web.host.url}${exported.downloadUrl}`, {
        headers: { authorization: `Bearer ${KEY}` },
      });
      const text = await download.text();
      expect(download.headers.get('content-disposition')).toContain('Secret-run');
      received.push(text);
      if (format === 'junit') expect(text).toContain('<testcase name="1. Projects"');
      if (format === 'json') expect(JSON.parse(text).results[0].url).toContain('note=••••••');
    }

    web.engine.persistence.flush();
    const files = fs
      .readdirSync(dataDir)
      .filter((name) => name.endsWith('.json') || name.endsWith('.journal'))
      .map((name) => fs.readFileSync(path.join(dataDir, name), 'utf8'))
      .join('\n');
    expect(files).toContain('{{token-ish}}');
    for (const text of [...received, eventText, files]) {
      expect(text).not.toContain(SECRET);
    }
  });

  it('refuses a send whose {{name}} is defined nowhere, with the name', async () => {
    const res = await fetch(`${web.host.url}/ipc/request:send`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        args: ['sandbox', { ...withSecret, query: [{ name: 'q', value: '{{nowhere}}' }] }],
      }),
    });
    const result = (await res.json()) as { ok: boolean; error: { code: string; message: string } };
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'variables.unresolved', message: expect.stringContaining('{{nowhere}}') },
    });
  });
});
