import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../sandbox';
import { USERS } from '../engine/test-support';
import { startWebApp, type WebApp } from './app';

const KEY = 'downloads-test-key-0123456789';
const auth = { authorization: `Bearer ${KEY}` };
let sandbox: RunningSandbox;
let web: WebApp;
let rendererDir = '';

async function call(channel: string, args: unknown[]): Promise<Record<string, unknown>> {
  const res = await fetch(`${web.host.url}/ipc/${channel}`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify({ args }),
  });
  const result = (await res.json()) as { ok: boolean; data: Record<string, unknown> };
  expect(result.ok).toBe(true);
  return result.data;
}

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, seed: 23 });
  rendererDir = fs.mkdtempSync(path.join(os.tmpdir(), 'trestle-downloads-'));
  web = await startWebApp({ port: 0, accessKey: KEY, rendererDir, sandboxUrl: sandbox.url });
});
afterAll(async () => {
  await web?.close();
  await sandbox?.stop();
  fs.rmSync(rendererDir, { recursive: true, force: true });
});

describe('web-host exports', () => {
  it('serves an export from a temp file, keeps the last 20, and deletes the older files', async () => {
    await call('session:signIn', ['sandbox']);
    const sent = await call('request:send', ['sandbox', USERS]);
    const urls: string[] = [];
    for (let i = 0; i < 21; i++) {
      const exported = await call('export:save', [sent.responseId, 'csv']);
      urls.push(exported.downloadUrl as string);
    }
    const latest = await fetch(`${web.host.url}${urls[20]}`, { headers: auth });
    expect(latest.status).toBe(200);
    const text = await latest.text();
    expect(latest.headers.get('content-length')).toBe(String(Buffer.byteLength(text)));
    expect(text.split('\r\n')).toHaveLength(101);
    const evicted = await fetch(`${web.host.url}${urls[0]}`, { headers: auth });
    expect(evicted.status).toBe(404);
    // One file per kept export in the responses' temp folder, and none for the evicted one.
    await expect.poll(() => tempExports()).toHaveLength(20);
  });
});

/** The CSV exports waiting in the engine's temp folder. */
function tempExports(): string[] {
  const probe = web.engine.responses.tempFile('.probe');
  const dir = path.dirname(probe);
  return fs.readdirSync(dir).filter((name) => name.endsWith('.csv'));
}
