import { describe, expect, it } from 'vitest';
import type { CollectionFolder, SavedRequest } from '../documents';
import { collectionFromFiles, collectionToFiles, type CollectionFile } from './collection-files';

let n = 0;
const id = () => `id-${++n}`;

function request(
  name: string,
  extra: Omit<Partial<SavedRequest>, 'spec'> & { spec?: Partial<SavedRequest['spec']> } = {},
): SavedRequest {
  const { spec, ...rest } = extra;
  return {
    id: id(),
    name,
    description: '',
    spec: {
      method: 'GET',
      path: '/api/{api-version}/sites/{site-id}/users',
      pathParams: {},
      query: [],
      headers: [],
      body: { kind: 'none' },
      accept: 'json',
      ...spec,
    },
    ...rest,
  };
}

const collection: CollectionFolder = {
  id: id(),
  name: 'Onboarding',
  variables: [
    { name: 'tag', value: 'q3', secret: false, enabled: true },
    { name: 'off', value: 'x', secret: false, enabled: false },
  ],
  requests: [
    request('Get Users on Site', {
      presetId: 'users.get-users-on-site',
      description: 'All users,\nfirst page.',
      connectionId: 'conn-local',
      spec: {
        query: [
          { name: 'pageSize', value: '100', enabled: true },
          { name: 'filter', value: 'siteRole:eq:Viewer', enabled: false },
          { name: '', value: 'half-typed', enabled: true },
        ],
      },
    }),
    request('Create Project', {
      presetId: 'projects.create-project',
      spec: {
        method: 'POST',
        path: '/api/{api-version}/sites/{site-id}/projects',
        body: { kind: 'json', text: '{\n  "project": {\n    "name": "P {{tag}}"\n  }\n}\n' },
        timeoutMs: 30_000,
      },
      captures: [
        { name: 'project-id', from: 'body', path: 'project.id', scope: 'run', enabled: true },
      ],
      assertions: [
        { kind: 'status', expected: '201', enabled: true },
        { kind: 'jsonPath', path: 'project.name', op: 'matches', value: '^P ', enabled: true },
      ],
    }),
  ],
  folders: [
    {
      id: id(),
      name: 'Admin: danger/zone',
      requests: [
        request('Update User', {
          presetId: 'users.update-user',
          userIdFromSignIn: true,
          spec: {
            method: 'PUT',
            path: '/api/{api-version}/sites/{site-id}/users/{user-id}',
            pathParams: { 'user-id': '{{user-id}}', 'a-extra': '' },
            headers: [{ name: 'X-Debug', value: 'on', enabled: false }],
            body: {
              kind: 'xml',
              text: '<tsRequest>\r\n  <user siteRole="Creator"/>\r\n</tsRequest>',
            },
            accept: 'xml',
          },
        }),
        request('update user'),
        request('Metadata', {
          spec: {
            method: 'POST',
            path: '/api/metadata/graphql',
            body: {
              kind: 'graphql',
              text: 'query {\n  databases { name }\n}',
              variables: '{\n  "first": 5\n}',
              operationName: 'q',
            },
          },
        }),
        request('Publish', {
          presetId: 'publishing.publish-workbook',
          spec: {
            method: 'POST',
            path: '/api/{api-version}/sites/{site-id}/workbooks',
            query: [{ name: 'overwrite', value: 'true', enabled: true }],
            body: {
              kind: 'multipart',
              text: '<tsRequest>\n  <workbook name="Sales"><project id="{{project-id}}"/></workbook>\n</tsRequest>',
              payloadType: 'xml',
              files: [
                {
                  name: 'tableau_workbook',
                  path: '/home/me/Sales.twbx',
                  filename: 'Sales 2026.twbx',
                  contentType: 'application/octet-stream',
                },
              ],
              boundary: 'b0undary',
            },
          },
        }),
        request('CSV text', {
          spec: {
            method: 'POST',
            path: '/api/{api-version}/sites/{site-id}/x',
            body: { kind: 'text', text: 'a,b', contentType: 'text/csv' },
          },
        }),
      ],
      folders: [
        {
          id: id(),
          name: 'Empty',
          requests: [],
          folders: [],
          variables: [{ name: 'inner', value: '1', secret: false, enabled: true }],
        },
      ],
    },
  ],
};

/** The collection without what the files leave out on purpose: ids (new on import) and the local connection. */
function comparable(folder: CollectionFolder): unknown {
  return {
    name: folder.name,
    variables: folder.variables,
    requests: folder.requests.map(({ id: _id, connectionId: _connection, ...rest }) => rest),
    folders: folder.folders.map(comparable),
  };
}

describe('Trestle collection files', () => {
  const { files, notes } = collectionToFiles(collection);

  it('writes one file per request in a folder tree, names made safe and unique', () => {
    expect(files.map((f) => f.path)).toEqual([
      'Admin- danger-zone/CSV text.request.json',
      'Admin- danger-zone/Empty/folder.json',
      'Admin- danger-zone/Metadata.request.json',
      'Admin- danger-zone/Publish.request.json',
      'Admin- danger-zone/Update User.request.json',
      'Admin- danger-zone/folder.json',
      'Admin- danger-zone/update user (2).request.json',
      'Create Project.request.json',
      'Get Users on Site.request.json',
      'collection.json',
    ]);
    expect(notes).toEqual([]);
  });

  it('is readable and stable: fixed key order, bodies as lines, no ids, no connection, the same text twice', () => {
    const create = JSON.parse(files.find((f) => f.path === 'Create Project.request.json')!.text);
    expect(Object.keys(create)).toEqual([
      'trestle',
      'formatVersion',
      'name',
      'preset',
      'method',
      'path',
      'accept',
      'body',
      'timeoutMs',
      'captures',
      'assertions',
    ]);
    expect(create.body.text).toEqual([
      '{',
      '  "project": {',
      '    "name": "P {{tag}}"',
      '  }',
      '}',
      '',
    ]);
    const all = files.map((f) => f.text).join('\n');
    for (const word of ['id-', 'conn-local', '"id"']) expect(all).not.toContain(word);
    expect(collectionToFiles(structuredClone(collection)).files).toEqual(files);
    const root = JSON.parse(files.find((f) => f.path === 'collection.json')!.text);
    expect(root.items).toEqual([
      'Get Users on Site.request.json',
      'Create Project.request.json',
      'Admin- danger-zone/',
    ]);
  });

  it('imports back losslessly (new ids; the connection is the importer’s)', () => {
    const back = collectionFromFiles(files, { newId: id });
    if (!back.ok) throw new Error(back.error.message);
    expect(comparable(back.collection)).toEqual(comparable(collection));
    expect(back.report.counts).toMatchObject({
      requests: 7,
      folders: 2,
      mapped: 4,
      plain: 3,
      variables: 3,
    });
  });

  it('never writes a secret: credential headers and secret variables go out empty, and say so', () => {
    const secretive: CollectionFolder = {
      ...collection,
      variables: [{ name: 'pw', value: 'hunter2', secret: true, enabled: true }],
      requests: [
        request('Raw', {
          spec: {
            headers: [
              { name: 'X-Tableau-Auth', value: 'tok-123', enabled: true },
              { name: 'Authorization', value: 'Basic abc', enabled: true },
            ],
          },
        }),
      ],
      folders: [],
    };
    const out = collectionToFiles(secretive);
    const text = out.files.map((f) => f.text).join('');
    expect(text).not.toMatch(/hunter2|tok-123|Basic abc/);
    expect(out.notes).toEqual([
      'Onboarding / Raw: the X-Tableau-Auth header was written empty (it carries a credential).',
      'Onboarding / Raw: the Authorization header was written empty (it carries a credential).',
      'Onboarding: {{pw}} is secret and was written empty.',
    ]);
  });

  it('reads a tree edited by hand: unlisted files added at the end, listed ones missing said, a broken file named', () => {
    const edited: CollectionFile[] = [
      ...files.map((f) => ({ path: `repo/requests/${f.path}`, text: f.text })),
      {
        path: 'repo/requests/Added by hand.request.json',
        text: JSON.stringify({
          trestle: 'request',
          name: 'Added by hand',
          method: 'DELETE',
          path: '/api/{api-version}/sites/{site-id}/projects/{project-id}',
        }),
      },
      { path: 'repo/README.md', text: '# not ours' },
    ];
    const back = collectionFromFiles(edited, { newId: id });
    if (!back.ok) throw new Error(back.error.message);
    expect(back.collection.requests.map((r) => r.name)).toEqual([
      'Get Users on Site',
      'Create Project',
      'Added by hand',
    ]);
    expect(back.report.notes).toContainEqual(
      expect.objectContaining({
        kind: 'changed',
        what: 'Added by hand.request.json in repo/requests/.',
      }),
    );

    const missing = collectionFromFiles(
      files.filter((f) => f.path !== 'Create Project.request.json'),
      { newId: id },
    );
    expect(missing.ok && missing.report.notes).toContainEqual(
      expect.objectContaining({
        kind: 'dropped',
        what: 'Create Project.request.json in collection.json',
      }),
    );

    const broken = collectionFromFiles(
      files.map((f) =>
        f.path.endsWith('Metadata.request.json') ? { ...f, text: '{"trestle": "request",' } : f,
      ),
    );
    expect(broken).toMatchObject({
      ok: false,
      error: {
        code: 'import.badFiles',
        message: 'Admin- danger-zone/Metadata.request.json is not valid JSON.',
      },
    });
    const wrongKind = collectionFromFiles(
      files.map((f) =>
        f.path === 'CSV text.request.json' || !f.path.endsWith('CSV text.request.json')
          ? f
          : {
              ...f,
              text: JSON.stringify({
                trestle: 'request',
                name: 'x',
                method: 'GET',
                path: '/api/x',
                body: { kind: 'yaml' },
              }),
            },
      ),
    );
    expect(wrongKind).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('the body kind “yaml”') },
    });
    expect(collectionFromFiles([{ path: 'a.json', text: '{}' }])).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('No collection.json') },
    });
  });
});
