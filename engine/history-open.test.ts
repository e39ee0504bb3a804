import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../sandbox';
import type { SliceResult } from '../shared/ipc/contract';
import { JsonDirStore } from './store/document-store';
import { engineFor, spec, USERS, type EngineFixture } from './test-support';
import { EngineError } from './errors';

let sandbox: RunningSandbox;
let dir: string;
let fixture: EngineFixture;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, seed: 5 });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trestle-history-open-'));
  fixture = engineFor(sandbox, { store: new JsonDirStore(dir) });
  await fixture.engine.signIn('sandbox');
});
afterAll(async () => {
  await fixture.engine.dispose();
  await sandbox.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

const userNames = (slice: SliceResult) =>
  (slice.items as Array<{ name: string }>).map((user) => user.name);

describe('reopening a history entry with its response', () => {
  it('summarises the stored body like the live answer: list, pagination, headers, slices', async () => {
    const { engine } = fixture;
    const live = await engine.send('sandbox', USERS);
    const liveRows = await engine.responses.slice(live.responseId, {
      kind: 'items',
      start: 0,
      end: 100,
    });
    // The live body is gone: whatever comes back below was read from history.
    engine.responses.release(live.responseId);
    const [entry] = engine.history.list();

    const reopened = engine.openHistoryEntry(entry.id);
    expect(reopened.responseId).not.toBe(live.responseId);
    expect(reopened).toMatchObject({
      status: 200,
      statusText: live.statusText,
      url: live.url,
      method: 'GET',
      contentType: live.contentType,
      pagination: { pageNumber: 1, pageSize: 100, totalAvailable: 2500 },
      list: { path: 'users.user', count: 100 },
      size: { bodyBytes: live.size.bodyBytes, headerBytes: live.size.headerBytes },
      error: null,
    });
    expect(reopened.timings.ttfbMs).toBe(live.timings.ttfbMs);
    expect(reopened.headers).toEqual(live.headers);
    const rows = await engine.responses.slice(reopened.responseId, {
      kind: 'items',
      start: 0,
      end: 100,
    });
    expect(rows.total).toBe(100);
    expect(userNames(rows)).toEqual(userNames(liveRows));
    const raw = await engine.responses.slice(reopened.responseId, {
      kind: 'bytes',
      start: 0,
      end: 20,
    });
    expect(raw.text).toBe(reopened.preview.slice(0, 20));
  });

  it('says the body was over 256 KB and not kept, instead of a half answer', async () => {
    const { engine } = fixture;
    const big = await engine.send(
      'sandbox',
      spec({ method: 'GET', path: '/api/-/sandbox/big-json?mb=1' }),
    );
    expect(big.size.bodyBytes).toBeGreaterThan(256 * 1024);
    const [entry] = engine.history.list();
    expect(entry.body).toBeUndefined();
    let caught: unknown;
    try {
      engine.openHistoryEntry(entry.id);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(EngineError);
    expect(caught).toMatchObject({
      code: 'history.bodyNotKept',
      message: 'The response body was over 256 KB and was not kept — send the request again.',
    });
    expect(() => engine.openHistoryEntry('no-such-entry')).toThrow(/history was cleared/);
  });

  it('reopens an entry after a restart, from the history file alone, with no session', async () => {
    const { engine } = fixture;
    const xml = await engine.send('sandbox', { ...USERS, accept: 'xml' });
    engine.persistence.flush();
    const [entry] = engine.history.list();

    const restarted = engineFor(sandbox, { store: new JsonDirStore(dir) });
    try {
      expect(restarted.engine.sessions.info('sandbox')).toBeFalsy();
      const reopened = restarted.engine.openHistoryEntry(entry.id);
      expect(reopened.contentType).toMatch(/xml/);
      expect(reopened.list).toEqual({ path: 'users.user', count: 100 });
      expect(reopened.pagination).toEqual(xml.pagination);
      const text = fs.readFileSync(path.join(dir, 'history.json'), 'utf8');
      const token = engine.sessions.tokenFor('sandbox');
      expect(token).toBeTruthy();
      expect(text).not.toContain(token as string);
    } finally {
      await restarted.engine.dispose();
    }
  });
});
