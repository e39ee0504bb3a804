import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SCHEMA_VERSIONS, type DocumentKind } from '../../shared/documents';
import { emptyDocument } from '../../shared/migrate';
import { ConnectionStore } from '../connections';
import { JsonDirStore } from './document-store';
import { Persistence } from './persistence';

/**
 * Issue 11 item 13: a store file that does not validate — truncated, garbage, from another
 * version, the wrong shape, or only missing its `schemaVersion` — is moved aside with its bytes
 * intact and reported; it is never replaced silently.
 */
const dirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trestle-store-files-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const spec = { method: 'GET', path: '/api/{api-version}/sites/{site-id}/users' };

/** A document of each kind with something the user would miss in it. */
const valid: Record<DocumentKind, Record<string, unknown>> = {
  connections: {
    schemaVersion: 1,
    connections: [
      {
        id: 'prod',
        name: 'Production',
        serverUrl: 'https://tableau.example.com',
        auth: { kind: 'pat', identity: 'admin-pat' },
        apiVersion: { mode: 'auto' },
      },
    ],
  },
  collections: {
    schemaVersion: 2,
    collections: [
      { id: 'f1', name: 'Audit', folders: [], requests: [{ id: 'r1', name: 'Users', spec }] },
    ],
  },
  history: {
    schemaVersion: 2,
    entries: [
      {
        id: 'h1',
        at: '2026-11-01T10:00:00.000Z',
        connectionId: 'prod',
        connectionName: 'Production',
        spec,
        status: 200,
        totalMs: 12,
        bodyBytes: 2,
      },
    ],
  },
  settings: { schemaVersion: 1, settings: { theme: 'dark', fetchAllConcurrency: 8 } },
  workspace: {
    schemaVersion: 2,
    tabs: [{ id: 't1', title: 'Users', connectionId: 'prod', spec }],
    activeTabId: 't1',
  },
  secrets: { schemaVersion: 1, secrets: { prod: { ciphertext: 'c2VjcmV0', protected: true } } },
  variables: {
    schemaVersion: 1,
    globals: [{ name: 'project-name', value: 'Finance', secret: false, enabled: true }],
    environments: { prod: [{ name: 'pat', value: '', secret: true, enabled: true }] },
  },
};

const listKey: Record<DocumentKind, string> = {
  connections: 'connections',
  collections: 'collections',
  history: 'entries',
  settings: 'settings',
  workspace: 'tabs',
  secrets: 'secrets',
  variables: 'globals',
};

function withoutVersion(doc: Record<string, unknown>): Record<string, unknown> {
  const { schemaVersion: _dropped, ...rest } = doc;
  return rest;
}

/** The contents each kind is tried with: none of them is a document this build can read. */
function unreadable(kind: DocumentKind): Array<[string, string]> {
  const text = JSON.stringify(valid[kind]);
  return [
    ['truncated', text.slice(0, Math.floor(text.length / 2))],
    ['garbage', '\u0000\u00ffnot json {{{'],
    ['empty', ''],
    ['null', 'null'],
    ['a newer version', JSON.stringify({ ...valid[kind], schemaVersion: 99 })],
    ['a version that is not a number', JSON.stringify({ ...valid[kind], schemaVersion: '1' })],
    ['the wrong shape', JSON.stringify({ ...valid[kind], [listKey[kind]]: 'not a list' })],
    ['a bare number', '42'],
    ['only its schemaVersion missing', JSON.stringify(withoutVersion(valid[kind]))],
  ];
}

const kinds = Object.keys(valid) as DocumentKind[];

describe('store files that do not validate', () => {
  it('reads every valid document as written (the fixtures are real documents)', () => {
    const dir = tempDir();
    for (const kind of kinds)
      fs.writeFileSync(path.join(dir, `${kind}.json`), JSON.stringify(valid[kind]));
    const persistence = new Persistence(new JsonDirStore(dir));
    for (const kind of kinds) {
      expect(persistence.read(kind).schemaVersion).toBe(SCHEMA_VERSIONS[kind]);
      expect(persistence.read(kind)).not.toEqual(emptyDocument(kind));
    }
    expect(persistence.reports()).toEqual([]);
  });

  for (const kind of kinds) {
    it(`moves an unreadable ${kind} file aside, bytes intact, and reports it`, () => {
      for (const [what, text] of unreadable(kind)) {
        const dir = tempDir();
        const file = path.join(dir, `${kind}.json`);
        fs.writeFileSync(file, text);
        const persistence = new Persistence(new JsonDirStore(dir));
        expect(persistence.read(kind), what).toEqual(emptyDocument(kind));
        const reports = persistence.reports();
        expect(reports, what).toHaveLength(1);
        expect(reports[0], what).toMatchObject({ file, reason: expect.any(String) });
        expect(fs.readFileSync(reports[0].movedTo, 'utf8'), what).toBe(text);
        // Not replaced: the file is gone until the user's next change writes a fresh one.
        expect(fs.existsSync(file), what).toBe(false);
        persistence.write(kind, emptyDocument(kind));
        expect(fs.readFileSync(reports[0].movedTo, 'utf8'), what).toBe(text);
      }
    });
  }

  it('keeps a connections file with one unreadable entry aside before writing the rest back', () => {
    const dir = tempDir();
    const file = path.join(dir, 'connections.json');
    const doc = valid.connections as { connections: unknown[] };
    const text = JSON.stringify({ ...doc, connections: [...doc.connections, { id: 'broken' }] });
    fs.writeFileSync(file, text);
    const persistence = new Persistence(new JsonDirStore(dir));
    const connections = new ConnectionStore(persistence);
    expect(connections.list().map((c) => c.id)).toEqual(['sandbox', 'prod']);
    const [report] = persistence.reports();
    expect(report).toMatchObject({ file, reason: expect.stringMatching(/1 of 2 connections/) });
    expect(fs.readFileSync(report.movedTo, 'utf8')).toBe(text);
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).connections).toHaveLength(1);
  });
});
