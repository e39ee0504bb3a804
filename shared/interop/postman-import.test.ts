import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectionFolderSchema, type CollectionFolder, type SavedRequest } from '../documents';
import { importPostmanEnvironment } from './postman-environment';
import { importPostmanCollection, importPostmanValue } from './postman-import';
import { reportText } from './report';

const fixture = (name: string) =>
  fs.readFileSync(path.join(import.meta.dirname, 'fixtures', name), 'utf8');

function counter() {
  let n = 0;
  return () => `id-${++n}`;
}

function requests(folder: CollectionFolder): SavedRequest[] {
  return [...folder.requests, ...folder.folders.flatMap(requests)];
}

function byName(folder: CollectionFolder, name: string): SavedRequest {
  const found = requests(folder).find((r) => r.name === name);
  if (!found) throw new Error(`no request ${name}`);
  return found;
}

function imported(name: string, options = {}) {
  const result = importPostmanCollection(fixture(name), { newId: counter(), ...options });
  if (!result.ok) throw new Error(result.error.message);
  return result;
}

describe('Postman v2.1: every construct', () => {
  const result = imported('constructs.postman_collection.json', { connectionId: 'conn-1' });
  const { collection, report } = result;
  const notesOf = (name: string) => report.requests.find((r) => r.name === name)!.notes;

  it('keeps the folder tree and every request, valid as a Trestle collection', () => {
    expect(collectionFolderSchema.safeParse(collection).success).toBe(true);
    expect(collection.name).toBe('Admin constructs');
    expect(collection.folders.map((f) => f.name)).toEqual(['Users', 'Bodies']);
    expect(collection.folders[0].folders.map((f) => f.name)).toEqual(['Admin']);
    expect(requests(collection)).toHaveLength(14);
    expect(report.counts.requests).toBe(14);
    expect(report.counts.folders).toBe(3);
    expect(requests(collection).every((r) => r.connectionId === 'conn-1')).toBe(true);
    // The item that is neither is named, not silently lost.
    expect(
      report.notes.some(
        (n) => n.kind === 'dropped' && n.what.includes('neither folder nor request'),
      ),
    ).toBe(true);
  });

  it('reads the URL: {{base}} expanded, {{site-id}} as the session’s, query rows with disabled ones, headers with disabled ones', () => {
    const users = byName(collection, 'Get Users on Site');
    expect(users.spec.method).toBe('GET');
    expect(users.spec.path).toBe('/api/{api-version}/sites/{site-id}/users');
    expect(users.presetId).toBe('users.get-users-on-site');
    expect(users.spec.query).toEqual([
      { name: 'pageSize', value: '{{page-size}}', enabled: true },
      { name: 'filter', value: 'siteRole:eq:{{role}}', enabled: true },
      { name: 'fields', value: '_all_', enabled: false },
    ]);
    expect(users.spec.headers).toEqual([{ name: 'X-Debug', value: '1', enabled: false }]);
    expect(users.spec.accept).toBe('json');
    expect(result.origins).toEqual(['https://tableau.example.com']);
    expect(result.connection.serverUrl).toBe('https://tableau.example.com');
  });

  it('turns :param path variables into placeholders with their values, and links the preset by method and path', () => {
    const update = byName(collection, 'Update User');
    expect(update.spec.path).toBe('/api/{api-version}/sites/{site-id}/users/{user-id}');
    expect(update.spec.pathParams).toEqual({ 'user-id': '{{user-id}}' });
    expect(update.presetId).toBe('users.update-user');
    expect(update.spec.body).toEqual({
      kind: 'xml',
      text: '<tsRequest>\n  <user siteRole="{{role}}" />\n</tsRequest>',
    });
  });

  it('reads hard-coded URLs: the version and site LUID become the session’s, an id becomes the preset’s field', () => {
    const remove = byName(collection, 'Remove User');
    expect(remove.spec.path).toBe('/api/{api-version}/sites/{site-id}/users/{user-id}');
    expect(remove.spec.pathParams).toEqual({ 'user-id': '1f2e3d4c-0000-4aaa-8bbb-cccccccccccc' });
    expect(remove.presetId).toBe('users.remove-user-from-site');
    const whats = notesOf('Remove User').map((n) => n.what);
    expect(whats).toContain('API version 3.19 in the path');
    expect(whats).toContain('site id 9a8b7c6d-1234-4bcd-8ef0-0123456789ab in the path');
    expect(whats).toContain('Postman settings followRedirects');
  });

  it('maps each body mode: raw JSON/XML/text, urlencoded, graphql, formdata as multipart; a file body reported, a disabled one dropped', () => {
    expect(byName(collection, 'Create Project (JSON)').spec.body).toEqual({
      kind: 'json',
      text: '{"project": {"name": "{{project-name}}"}}',
    });
    expect(byName(collection, 'Form').spec.body).toEqual({
      kind: 'text',
      text: 'a=1%202&b={{x}}',
      contentType: 'application/x-www-form-urlencoded',
    });
    expect(
      notesOf('Form').some((n) => n.kind === 'dropped' && n.what === '1 disabled form field'),
    ).toBe(true);
    expect(byName(collection, 'Text body').spec.body).toEqual({
      kind: 'text',
      text: 'name,role\nann,Viewer',
      contentType: 'text/csv',
    });
    expect(byName(collection, 'Text body').spec.headers).toEqual([]);
    const graphql = byName(collection, 'Metadata: databases');
    expect(graphql.spec.path).toBe('/api/metadata/graphql');
    expect(graphql.spec.body).toEqual({
      kind: 'graphql',
      text: 'query { databases { name } }',
      variables: '{"first": 10}',
    });
    const publish = byName(collection, 'Publish Workbook');
    // Tableau's multipart/mixed: the payload is the body's text; the file part is named, but
    // its file is never taken from the path the collection gives (it must be picked).
    expect(publish.spec.body).toEqual({
      kind: 'multipart',
      text: '<tsRequest><workbook name="Sales"><project id="{{project-id}}"/></workbook></tsRequest>',
      payloadType: 'xml',
      files: [{ name: 'tableau_workbook', path: '', filename: 'Sales.twbx' }],
    });
    expect(publish.presetId).toBe('publishing.publish-workbook');
    expect(publish.spec.query).toEqual([{ name: 'overwrite', value: 'true', enabled: true }]);
    expect(publish.spec.headers).toEqual([]);
    expect(notesOf('Publish Workbook')).toContainEqual(
      expect.objectContaining({
        kind: 'changed',
        what: 'file part tableau_workbook (/home/admin/Sales.twbx)',
      }),
    );
    expect(
      notesOf('Upload binary').some(
        (n) => n.kind === 'dropped' && n.what === 'file body (extract.hyper)',
      ),
    ).toBe(true);
    expect(byName(collection, 'Upload binary').spec.pathParams).toEqual({
      'upload-session-id': '',
    });
    expect(byName(collection, 'Disabled body').spec.body).toEqual({ kind: 'none' });
  });

  it('keeps variables at each scope: collection (disabled kept), folder; token, server and credential variables go to the session', () => {
    expect(collection.variables).toEqual([
      { name: 'project-name', value: 'Finance', secret: false, enabled: true },
      { name: 'page-size', value: '50', secret: false, enabled: false },
    ]);
    expect(collection.folders[0].variables).toEqual([
      { name: 'role', value: 'Creator', secret: false, enabled: true },
    ]);
    const mapped = report.notes.filter((n) => n.kind === 'mapped').map((n) => n.what);
    for (const name of ['url', 'base', 'api-version', 'auth-token', 'admin-password'])
      expect(mapped).toContain(`collection variable {{${name}}}`);
  });

  it('replaces X-Tableau-Auth (collection auth, a hard-coded header) and drops other auth blocks with a note', () => {
    expect(report.notes[0]).toMatchObject({
      kind: 'mapped',
      what: 'collection auth: X-Tableau-Auth {{auth-token}}',
    });
    const update = notesOf('Update User');
    expect(update).toContainEqual(
      expect.objectContaining({
        kind: 'mapped',
        what: 'X-Tableau-Auth header (a hard-coded token, not kept)',
      }),
    );
    expect(update).toContainEqual(
      expect.objectContaining({ kind: 'dropped', what: 'request auth (basic)' }),
    );
    expect(report.notes).toContainEqual(
      expect.objectContaining({ kind: 'dropped', what: 'folder “Bodies” auth (bearer)' }),
    );
    expect(notesOf('Form')).toContainEqual(
      expect.objectContaining({ kind: 'dropped', what: 'inherited auth (bearer)' }),
    );
    // Nothing of a hard-coded token or secret survives anywhere in the collection.
    const text = JSON.stringify(collection);
    for (const secret of ['literal-token-abc123', 's3cr3t-literal-pat', 'hunter2-literal', '"pw"'])
      expect(text).not.toContain(secret);
  });

  it('keeps a sign-in request with its secret emptied, and reads the connection from it', () => {
    const signIn = byName(collection, 'Sign in');
    expect(signIn.presetId).toBe('auth.sign-in');
    expect(
      JSON.parse((signIn.spec.body as { text: string }).text).credentials.personalAccessTokenSecret,
    ).toBe('');
    expect(report.counts.session).toBe(1);
    expect(result.connection).toMatchObject({
      identity: 'ci-bot',
      authKind: 'pat',
      siteContentUrl: 'finance',
    });
    expect(notesOf('Sign in').map((n) => n.what)).toEqual([
      'Sign In request',
      'personalAccessTokenSecret in the body',
      'preset “Sign In”',
    ]);
  });

  it('runs no script: status checks and values set from the answer become assertions and captures, the rest is reported', () => {
    const users = byName(collection, 'Get Users on Site');
    expect(users.captures).toEqual([
      {
        name: 'user-id',
        from: 'body',
        path: 'users.user[0].id',
        scope: 'connection',
        enabled: true,
      },
    ]);
    expect(users.assertions).toEqual([{ kind: 'status', expected: '200', enabled: true }]);
    expect(notesOf('Get Users on Site')).toContainEqual(
      expect.objectContaining({
        kind: 'dropped',
        what: 'test script',
        why: expect.stringMatching(/^1 of its 6 lines/),
      }),
    );
    const create = byName(collection, 'Create Project (JSON)');
    expect(create.captures).toEqual([
      { name: 'project-id', from: 'body', path: 'project.id', scope: 'collection', enabled: true },
    ]);
    expect(create.assertions).toEqual([{ kind: 'status', expected: '201', enabled: true }]);
    expect(report.notes).toContainEqual(
      expect.objectContaining({ kind: 'dropped', what: 'pre-request script of the collection' }),
    );
    expect(report.notes).toContainEqual(
      expect.objectContaining({
        kind: 'dropped',
        what: 'pre-request script of the folder “Users”',
      }),
    );
    expect(notesOf('Get Users on Site')).toContainEqual(
      expect.objectContaining({ what: '1 saved example response' }),
    );
  });

  it('says what it changed: HEAD as GET, a bare URL string, a path outside the API', () => {
    expect(byName(collection, 'Head request').spec.method).toBe('GET');
    expect(notesOf('Head request')).toContainEqual(
      expect.objectContaining({ kind: 'changed', what: 'method HEAD' }),
    );
    expect(byName(collection, 'Server info as a bare URL').spec.path).toBe(
      '/api/{api-version}/serverinfo',
    );
    expect(notesOf('Nonsense path')).toContainEqual(
      expect.objectContaining({
        kind: 'changed',
        why: expect.stringContaining('not under Tableau’s API paths'),
      }),
    );
  });

  it('counts what it did, and says it in text', () => {
    const c = report.counts;
    expect(c.mapped + c.plain).toBe(c.requests);
    expect(c.dropped).toBe(
      [...report.notes, ...report.requests.flatMap((r) => r.notes)].filter(
        (n) => n.kind === 'dropped',
      ).length,
    );
    const text = reportText(report);
    expect(text.split('\n')[0]).toMatch(
      /^Postman collection v2\.1 “Admin constructs”: 14 requests in 3 folders; \d+ linked to catalog presets/,
    );
    expect(text).toContain(
      'Users / Admin / Update User (PUT /api/{api-version}/sites/{site-id}/users/{user-id})',
    );
  });
});

describe('Postman v2.0: a collection shaped like Tableau’s', () => {
  const { collection, report, connection } = imported('tableau-reduced.postman_collection.json');

  it('reads v2.0 auth as an object, replaces the session, drops the known scripts', () => {
    expect(report.source).toBe('Postman collection v2.0');
    expect(report.notes).toContainEqual(
      expect.objectContaining({
        kind: 'mapped',
        what: 'collection auth: X-Tableau-Auth {{api-key}}',
      }),
    );
    expect(report.notes).toContainEqual(
      expect.objectContaining({ kind: 'changed', what: 'Tableau’s official collection' }),
    );
    expect(report.notes).toContainEqual(
      expect.objectContaining({ kind: 'dropped', what: '2 collection scripts' }),
    );
    expect(collection.variables).toBeUndefined();
    expect(connection.serverUrl).toBeUndefined();
  });

  it('links every request, fixing the collection’s three path slips and :table-id:', () => {
    expect(report.counts.requests).toBe(13);
    expect(report.counts.mapped).toBe(13);
    expect(byName(collection, 'Update Data in Hyper Connection').spec.path).toBe(
      '/api/{api-version}/sites/{site-id}/datasources/{datasource-id}/connections/{connection-id}/data',
    );
    expect(byName(collection, 'Update Virtual Connection Database Connections').presetId).toBe(
      'virtual-connections.update-virtual-connection-database-connections',
    );
    const publish = byName(collection, 'Publish Workbook');
    expect(publish.spec.path).toBe('/api/{api-version}/sites/{site-id}/workbooks');
    expect(publish.presetId).toBe('publishing.publish-workbook');
    expect(byName(collection, 'Add Tags to Table').spec.pathParams).toEqual({
      'table-id': '{{table-id}}',
    });
    expect(byName(collection, 'List ask data lenses in site').spec.path).toBe(
      '/api/-/askdata/lenses',
    );
    // A vendor Content-Type stays: it is not one the body kind says.
    expect(byName(collection, 'List ask data lenses in site').spec.headers[0].name).toBe(
      'Content-Type',
    );
  });

  it('keeps disabled query parameters disabled, sign-ins kept and counted', () => {
    expect(byName(collection, 'Get Users on Site').spec.query.every((q) => !q.enabled)).toBe(true);
    expect(report.counts.session).toBe(3);
    expect(byName(collection, 'Remove User from Site').spec.pathParams).toEqual({
      'user-id': '{{user-id}}',
    });
    expect(byName(collection, 'Add Data Source to Schedule').spec.pathParams).toEqual({
      'schedule-id': '{{schedule-id}}',
    });
  });

  it('with its environment: the server and site come from it, secrets never become variables', () => {
    const env = importPostmanEnvironment(fixture('tableau.postman_environment.json'));
    if (!env.ok) throw new Error(env.error.message);
    expect(env.connection).toEqual({
      serverUrl: 'https://tableau.example.com',
      siteContentUrl: 'finance',
      identity: 'admin-bot',
      authKind: 'pat',
    });
    expect(env.variables).toEqual([
      {
        name: 'workbook-id',
        value: '3f0c1a2b-0000-4000-8000-000000000001',
        secret: false,
        enabled: true,
      },
      { name: 'connected-app-secret-value', value: 'ca-secret', secret: true, enabled: true },
      { name: 'schedule-id', value: '', secret: false, enabled: false },
    ]);
    const text = JSON.stringify(env);
    for (const secret of ['pat-secret-value-xyz', 'pw-literal', 'a-stale-token'])
      expect(text).not.toContain(secret);
    const withEnv = importPostmanCollection(fixture('tableau-reduced.postman_collection.json'), {
      environment: env.variables,
    });
    expect(withEnv.ok).toBe(true);
  });
});

describe('malformed and hostile input: a clear error, nothing imported', () => {
  const refused = (text: string) => {
    const result = importPostmanCollection(text);
    expect(result.ok).toBe(false);
    expect('collection' in result).toBe(false);
    return (result as { error: { code: string; message: string } }).error;
  };

  it('not JSON, with where', () => {
    const error = refused('{\n  "info": {\n    "name": "x",\n  }\n}');
    expect(error.code).toBe('import.notJson');
    expect(error.message).toMatch(/^The collection file is not valid JSON \(line 4, column 3\)\.$/);
    expect(refused('').code).toBe('import.empty');
  });

  it('the wrong schema: v1, an environment, another JSON file', () => {
    expect(
      refused(JSON.stringify({ id: 'x', name: 'old', requests: [], order: [] })).message,
    ).toMatch(/collection v1.*export it again as Collection v2\.1/);
    expect(refused(fixture('tableau.postman_environment.json')).message).toMatch(
      /Postman environment, not a collection/,
    );
    expect(
      refused(
        JSON.stringify({
          info: { name: 'x', schema: 'https://schema.getpostman.com/json/collection/v3.0.0/' },
          item: [],
        }),
      ).message,
    ).toMatch(/v2\.0 and v2\.1/);
    expect(refused('[1,2,3]').code).toBe('import.wrongFormat');
    expect(refused('"just a string"').code).toBe('import.wrongFormat');
  });

  it('50 MB', () => {
    const big = JSON.stringify({
      info: {
        name: 'big',
        schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json',
      },
      item: [],
      pad: 'x'.repeat(50 * 1024 * 1024),
    });
    const error = refused(big);
    expect(error.code).toBe('import.tooLarge');
    expect(error.message).toMatch(/is 50\.0 MB; Trestle imports up to 20 MB/);
  });

  it('deep nesting: a million brackets, and folders 101 deep', () => {
    expect(refused('['.repeat(1_000_000) + ']'.repeat(1_000_000)).code).toBe('import.tooDeep');
    let item: unknown = {
      name: 'leaf',
      request: { method: 'GET', url: '{{url}}/api/3.19/serverinfo' },
    };
    for (let i = 0; i < 101; i++) item = { name: `f${i}`, item: [item] };
    const error = refused(
      JSON.stringify({
        info: {
          name: 'deep',
          schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json',
        },
        item: [item],
      }),
    );
    expect(error.code).toBe('import.tooDeep');
    expect(error.message).toMatch(/nest more than 100 deep/);
  });

  it('100,000 requests', () => {
    const item = Array.from({ length: 100_000 }, (_, i) => ({
      name: `r${i}`,
      request: 'https://x/api/3.19/serverinfo',
    }));
    const error = refused(
      JSON.stringify({
        info: {
          name: 'many',
          schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json',
        },
        item,
      }),
    );
    expect(error.code).toBe('import.tooMany');
    expect(error.message).toMatch(/more than 10,000 requests.*Nothing was imported/);
  });

  it('odd but valid: unwraps {"collection": …}, skips items that are not objects', () => {
    const wrapped = importPostmanValue({
      collection: {
        info: {
          name: 'w',
          schema: 'https://schema.postman.com/json/collection/v2.1.0/collection.json',
        },
        item: [null, 7, { name: 'ok', request: 'https://x.example.com/api/3.19/serverinfo' }],
      },
    });
    expect(wrapped.ok && wrapped.collection.requests.map((r) => r.name)).toEqual(['ok']);
  });
});

/**
 * Tableau's own collection (tableau/tableau-postman, 347 requests), read from a fetched copy
 * when one is on this machine: TABLEAU_POSTMAN_COLLECTION names the file, or the search
 * tool's mirror of the repository is read with git. Not in CI; the reduced fixture above is.
 */
function tableauCollection(): string | null {
  const file = process.env.TABLEAU_POSTMAN_COLLECTION;
  if (file && fs.existsSync(file)) return fs.readFileSync(file, 'utf8');
  const mirror = path.resolve(import.meta.dirname, '../../../.mirror/tableau+tableau-postman/repo');
  if (!fs.existsSync(mirror)) return null;
  try {
    return execFileSync(
      'git',
      [
        '--git-dir',
        mirror,
        'show',
        'HEAD:Postman Collections/Tableau_REST_API.postman_collection.json',
      ],
      { encoding: 'utf8', maxBuffer: 20_000_000 },
    );
  } catch {
    return null;
  }
}

const official = tableauCollection();
describe.skipIf(!official)('Tableau’s official collection (fetched copy)', () => {
  it('keeps all 347 requests and links at least 95% to presets', () => {
    const result = importPostmanCollection(official!, { newId: counter() });
    if (!result.ok) throw new Error(result.error.message);
    const { counts } = result.report;
    console.log(reportText(result.report).split('\n')[0]);
    expect(counts.requests).toBe(347);
    expect(requests(result.collection)).toHaveLength(347);
    expect(counts.mapped / counts.requests).toBeGreaterThanOrEqual(0.95);
    expect(collectionFolderSchema.safeParse(result.collection).success).toBe(true);
  });
});
if (!official)
  console.log(
    'Tableau’s official collection not on this machine: set TABLEAU_POSTMAN_COLLECTION to run its test.',
  );
