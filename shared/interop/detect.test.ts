import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CollectionFolder } from '../documents';
import { collectionToFiles } from './collection-files';
import { detectImport } from './detect';
import { writeTar } from './tar';

const fixture = (name: string) =>
  fs.readFileSync(path.join(import.meta.dirname, 'fixtures', name), 'utf8');
const tree: CollectionFolder = {
  id: 'c',
  name: 'Team',
  folders: [],
  requests: [
    {
      id: 'r',
      name: 'Sites',
      description: '',
      presetId: 'sites.query-sites',
      spec: {
        method: 'GET',
        path: '/api/{api-version}/sites',
        pathParams: {},
        query: [],
        headers: [],
        body: { kind: 'none' },
        accept: 'json',
      },
    },
  ],
};

describe('what the Import dialog is given', () => {
  it('tells a Postman collection, an environment, curl commands, a Trestle tree (folder or .tar) and a collection file apart', () => {
    const postman = detectImport({
      kind: 'text',
      text: fixture('tableau-reduced.postman_collection.json'),
    });
    expect(postman.ok && postman.kind === 'collection' && postman.report.source).toBe(
      'Postman collection v2.0',
    );
    const env = detectImport({ kind: 'text', text: fixture('tableau.postman_environment.json') });
    expect(env.ok && env.kind === 'environment' && env.environment.name).toBe(
      'Tableau Environment',
    );
    const curl = detectImport(
      { kind: 'text', text: 'curl https://other.example.com/api/3.19/sites' },
      { serverUrl: 'https://tableau.example.com' },
    );
    expect(curl.ok && curl.kind === 'collection' && curl.otherServers).toEqual([
      'https://other.example.com',
    ]);
    const files = collectionToFiles(tree).files;
    const folder = detectImport({
      kind: 'files',
      files: files.map((f) => ({ ...f, path: `Team/${f.path}` })),
    });
    expect(folder.ok && folder.kind === 'collection' && folder.collection.requests[0].name).toBe(
      'Sites',
    );
    const tar = detectImport({ kind: 'bytes', bytes: writeTar('Team', files), name: 'Team.tar' });
    expect(tar.ok && tar.kind === 'collection' && tar.report.source).toBe(
      'Trestle collection files',
    );
    const whole = detectImport(
      { kind: 'text', text: JSON.stringify(tree) },
      { newId: () => 'fresh' },
    );
    expect(
      whole.ok &&
        whole.kind === 'collection' && [whole.collection.id, whole.collection.requests[0].id],
    ).toEqual(['fresh', 'fresh']);
    const bytes = detectImport({
      kind: 'bytes',
      bytes: new Uint8Array(Buffer.from(fixture('constructs.postman_collection.json'))),
    });
    expect(bytes.ok && bytes.kind === 'collection' && bytes.collection.name).toBe(
      'Admin constructs',
    );
  });

  it('says plainly when it is none of them, or broken', () => {
    expect(detectImport({ kind: 'text', text: 'hello' })).toMatchObject({
      ok: false,
      error: { code: 'import.wrongFormat' },
    });
    expect(
      detectImport({ kind: 'bytes', bytes: new Uint8Array([0xff, 0xfe, 0x00, 0x41]) }),
    ).toMatchObject({ ok: false });
    expect(
      detectImport({ kind: 'text', text: '{"schemaVersion": 2, "collections": 3}' }),
    ).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('Trestle collection file does not read') },
    });
  });
});
