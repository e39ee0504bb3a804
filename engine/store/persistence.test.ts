import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HISTORY_BODY_LIMIT_BYTES, HISTORY_LIMIT } from '../../shared/documents';
import { emptyDocument, migrate, MigrationError } from '../../shared/migrate';
import { sandboxConnection } from '../connections';
import { RequestHistory } from '../history';
import { HISTORY_FILE_LIMIT_BYTES } from '../history-bounds';
import { spec } from '../test-support';
import { JsonDirStore, type CorruptFileReport } from './document-store';
import { Persistence } from './persistence';

const dirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trestle-store-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const folder = {
  id: 'f1',
  name: 'Users',
  folders: [],
  requests: [
    {
      id: 'r1',
      name: 'List users',
      spec: { method: 'GET', path: '/api/{api-version}/sites/{site-id}/users' },
    },
  ],
};

describe('migrate()', () => {
  it('gives the empty document for a fresh install', () => {
    expect(migrate('collections', undefined)).toEqual({ schemaVersion: 2, collections: [] });
    expect(migrate('settings', undefined).settings.fetchAllConcurrency).toBe(4);
  });

  it('upgrades version 0 (no schemaVersion, bare lists) of every document', () => {
    expect(migrate('collections', [folder]).collections[0].requests[0].spec.query).toEqual([]);
    expect(migrate('connections', [{ id: 'a' }])).toEqual({
      schemaVersion: 1,
      connections: [{ id: 'a' }],
    });
    expect(migrate('history', [])).toEqual({ schemaVersion: 2, entries: [] });
    expect(migrate('settings', { theme: 'dark' }).settings).toMatchObject({
      theme: 'dark',
      requestTimeoutMs: 120_000,
    });
    expect(migrate('secrets', {})).toEqual({ schemaVersion: 1, secrets: {} });
  });

  it('keeps version 1 as it is, and does not change its input', () => {
    const doc = { schemaVersion: 1, collections: [folder] };
    const before = JSON.stringify(doc);
    expect(migrate('collections', doc).collections[0].name).toBe('Users');
    expect(JSON.stringify(doc)).toBe(before);
  });

  it('refuses a document from a newer Trestle or one that does not fit its schema', () => {
    expect(() => migrate('collections', { schemaVersion: 3, collections: [] })).toThrow(
      MigrationError,
    );
    expect(() => migrate('collections', { schemaVersion: 1, collections: 'nope' })).toThrow(
      MigrationError,
    );
    expect(() => migrate('history', { schemaVersion: 'x' })).toThrow(MigrationError);
  });
});

describe('document files', () => {
  it('writes atomically, leaving no temp files, and reads back what it wrote', () => {
    const dir = tempDir();
    const persistence = new Persistence(new JsonDirStore(dir));
    persistence.write('collections', {
      schemaVersion: 2,
      collections: migrate('collections', [folder]).collections,
    });
    expect(fs.readdirSync(dir)).toEqual(['collections.json']);
    const again = new Persistence(new JsonDirStore(dir));
    expect(again.read('collections').collections[0].requests[0].name).toBe('List users');
  });

  it('moves a corrupt file aside, keeps it, reports it, and starts empty', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'connections.json'), '{"schemaVersion":1,"conn');
    const reports: CorruptFileReport[] = [];
    const persistence = new Persistence(new JsonDirStore(dir, (r) => reports.push(r)));
    expect(persistence.read('connections')).toEqual(emptyDocument('connections'));
    expect(reports).toHaveLength(1);
    expect(fs.readFileSync(reports[0].movedTo, 'utf8')).toBe('{"schemaVersion":1,"conn');
    expect(persistence.reports()).toEqual(reports);
  });

  it('moves aside a document written by a newer version rather than overwrite it', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'collections.json'), '{"schemaVersion":9,"collections":[]}');
    const persistence = new Persistence(new JsonDirStore(dir));
    expect(persistence.read('collections').collections).toEqual([]);
    expect(persistence.reports()[0].reason).toMatch(/newer Trestle/);
    expect(fs.readdirSync(dir).some((f) => f.startsWith('collections.json.corrupt-'))).toBe(true);
  });

  it('upgrades an old file in place once', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'settings.json'), '{"theme":"light"}');
    new Persistence(new JsonDirStore(dir)).read('settings');
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'settings.json'), 'utf8'))).toMatchObject({
      schemaVersion: 1,
      settings: { theme: 'light' },
    });
  });
});

describe('history', () => {
  it('keeps the newest 1,000 entries, no body over 256 KB, and no auth header values', () => {
    const dir = tempDir();
    const persistence = new Persistence(new JsonDirStore(dir), 10_000);
    const history = new RequestHistory(persistence);
    const connection = sandboxConnection();
    const request = spec({
      method: 'GET',
      path: '/x',
      headers: [{ name: 'Authorization', value: 'Bearer secret-value' }],
    });
    for (let i = 0; i < HISTORY_LIMIT + 5; i++) {
      history.record({
        connection,
        spec: request,
        status: 200,
        totalMs: i,
        bodyBytes: 2,
        bodyText: () => `${i}`,
      });
    }
    const big = 'x'.repeat(HISTORY_BODY_LIMIT_BYTES + 1);
    history.record({
      connection,
      spec: request,
      status: 200,
      totalMs: 1,
      bodyBytes: big.length,
      bodyText: () => big,
    });
    const entries = history.list();
    expect(entries).toHaveLength(HISTORY_LIMIT);
    expect(entries[0].body).toBeUndefined();
    expect(entries[1].body).toBe(`${HISTORY_LIMIT + 4}`);
    persistence.flush();
    const text = fs.readFileSync(path.join(dir, 'history.json'), 'utf8');
    expect(text).not.toContain('secret-value');
    expect(JSON.parse(text).entries).toHaveLength(HISTORY_LIMIT);
  });

  it('keeps no request or response body of a sign-in', () => {
    const persistence = new Persistence(new JsonDirStore(tempDir()));
    const history = new RequestHistory(persistence);
    const body = {
      kind: 'json' as const,
      text: '{"credentials":{"name":"admin","password":"hunter2"}}',
    };
    history.record({
      connection: sandboxConnection(),
      spec: spec({ method: 'POST', path: '/api/3.29/auth/signin', body }),
      status: 200,
      totalMs: 1,
      bodyBytes: 10,
      bodyText: () => 'token-abc',
    });
    expect(JSON.stringify(history.list())).not.toMatch(/hunter2|token-abc/);
  });
});

describe('history on disk (issue 11 item 14)', () => {
  it('bounds history.json by size too: entries with large request bodies do not grow it without end', () => {
    const dir = tempDir();
    const persistence = new Persistence(new JsonDirStore(dir));
    const history = new RequestHistory(persistence);
    const body = { kind: 'json' as const, text: `"${'x'.repeat(HISTORY_BODY_LIMIT_BYTES - 10)}"` };
    for (let i = 0; i < 100; i++) {
      history.record({
        connection: sandboxConnection(),
        spec: spec({ method: 'POST', path: `/api/{api-version}/sites/{site-id}/n${i}`, body }),
        status: 201,
        totalMs: 1,
        bodyBytes: 0,
      });
    }
    persistence.flush();
    const size = fs.statSync(path.join(dir, 'history.json')).size;
    expect(size).toBeLessThanOrEqual(HISTORY_FILE_LIMIT_BYTES);
    const entries = history.list();
    expect(entries.length).toBeLessThan(100);
    // The newest are the ones kept.
    expect(entries[0].spec.path).toBe('/api/{api-version}/sites/{site-id}/n99');
  });

  it('writes pending history when the process exits, without waiting for the timer', () => {
    const dir = tempDir();
    const script = `
      import { JsonDirStore } from './engine/store/document-store.ts';
      import { Persistence } from './engine/store/persistence.ts';
      const persistence = new Persistence(new JsonDirStore(${JSON.stringify(dir)}), 60_000);
      persistence.writeLater('history', { schemaVersion: 2, entries: [] });
      process.exit(0);
    `;
    execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: path.resolve(__dirname, '../..'),
    });
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'history.json'), 'utf8'))).toEqual({
      schemaVersion: 2,
      entries: [],
    });
  });

  it('reads back entries a crash left in the journal, once each, and writes them whole', () => {
    const dir = tempDir();
    const first = new Persistence(new JsonDirStore(dir), 60_000);
    const history = new RequestHistory(first);
    for (let i = 0; i < 3; i++)
      history.record({
        connection: sandboxConnection(),
        spec: spec({
          method: 'GET',
          path: `/api/{api-version}/sites/{site-id}/users`,
          query: [{ name: 'n', value: String(i) }],
        }),
        status: 200,
        totalMs: 1,
        bodyBytes: 0,
      });
    // No flush: as after a kill. A torn last line, as a kill mid-append leaves.
    fs.appendFileSync(path.join(dir, 'history.journal'), '{"id":"torn","at":');
    const reopened = new Persistence(new JsonDirStore(dir));
    expect(reopened.read('history').entries.map((e) => e.spec.query[0].value)).toEqual([
      '2',
      '1',
      '0',
    ]);
    expect(fs.existsSync(path.join(dir, 'history.journal'))).toBe(false);
    expect(
      JSON.parse(fs.readFileSync(path.join(dir, 'history.json'), 'utf8')).entries,
    ).toHaveLength(3);
    expect(reopened.reports()).toEqual([]);
  });
});
