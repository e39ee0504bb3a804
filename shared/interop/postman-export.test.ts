import { describe, expect, it } from 'vitest';
import type { CollectionFolder, SavedRequest } from '../documents';
import { exportPostman, POSTMAN_V21_SCHEMA } from './postman-export';
import { importPostmanCollection } from './postman-import';

let n = 0;
function request(
  name: string,
  spec: Partial<SavedRequest['spec']>,
  extra: Partial<SavedRequest> = {},
): SavedRequest {
  return {
    id: `r${++n}`,
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
    ...extra,
  };
}

const folder: CollectionFolder = {
  id: 'c',
  name: 'Chain',
  variables: [
    { name: 'tag', value: 'q3', secret: false, enabled: true },
    { name: 'server', value: 'https://mine.example.com', secret: false, enabled: true },
  ],
  requests: [
    request(
      'Create Project',
      {
        method: 'POST',
        path: '/api/{api-version}/sites/{site-id}/projects',
        body: { kind: 'json', text: '{"project":{"name":"P {{tag}}"}}' },
      },
      {
        presetId: 'projects.create-project',
        captures: [
          { name: 'project-id', from: 'body', path: 'project.id', scope: 'run', enabled: true },
        ],
        assertions: [{ kind: 'status', expected: '201', enabled: true }],
      },
    ),
    request(
      'Update Project',
      {
        method: 'PUT',
        path: '/api/{api-version}/sites/{site-id}/projects/{project-id}',
        pathParams: { 'project-id': '{{project-id}}' },
        query: [{ name: 'x', value: '1', enabled: false }],
        headers: [
          { name: 'X-Tableau-Auth', value: 'tok-should-not-appear', enabled: true },
          { name: 'Authorization', value: 'Basic c2VjcmV0', enabled: true },
          { name: 'X-Debug', value: '1', enabled: false },
        ],
        body: { kind: 'xml', text: '<tsRequest><project description="d"/></tsRequest>' },
        accept: 'xml',
      },
      { presetId: 'projects.update-project', description: 'Changes the description.' },
    ),
  ],
  folders: [
    {
      id: 'f',
      name: 'Users',
      variables: [{ name: 'pw', value: 'hunter2', secret: true, enabled: true }],
      requests: [
        request(
          'Get User',
          { path: '/api/{api-version}/sites/{site-id}/users/{user-id}' },
          { presetId: 'users.query-user-on-site' },
        ),
      ],
      folders: [],
    },
  ],
};

describe('Postman v2.1 export', () => {
  const out = exportPostman(folder, {
    serverUrl: 'https://tableau.example.com/#/home',
    patName: 'ci-bot',
    siteContentUrl: 'finance',
  });
  const json = JSON.parse(out.text);

  it('is a v2.1 collection that signs in first and out last, with {{token}} as the collection auth', () => {
    expect(json.info.schema).toBe(POSTMAN_V21_SCHEMA);
    expect(json.auth).toEqual({
      type: 'apikey',
      apikey: [
        { key: 'key', value: 'X-Tableau-Auth', type: 'string' },
        { key: 'value', value: '{{token}}', type: 'string' },
        { key: 'in', value: 'header', type: 'string' },
      ],
    });
    expect(json.item.map((i: { name: string }) => i.name)).toEqual([
      'Sign in (Trestle)',
      'Create Project',
      'Update Project',
      'Users',
      'Sign out (Trestle)',
    ]);
    expect(json.item[0].request.url.raw).toBe('{{server}}/api/{{api-version}}/auth/signin');
    const variables = Object.fromEntries(
      json.variable.map((v: { key: string; value: string }) => [v.key, v.value]),
    );
    expect(variables).toMatchObject({
      server: 'https://tableau.example.com',
      'pat-name': 'ci-bot',
      'pat-secret': '',
      token: '',
      'site-content-url': 'finance',
      'api-version': '',
      tag: 'q3',
    });
  });

  it('never writes a token or a secret, and says what it left out', () => {
    expect(out.text).not.toMatch(/tok-should-not-appear|c2VjcmV0|hunter2/);
    expect(out.notes).toEqual([
      '{{server}} is Trestle’s session variable in the export; the collection’s own value was left out.',
      'Chain / Update Project: the Authorization header was left out (it carries a credential).',
      'Chain / Users: {{pw}} is secret and was exported empty.',
    ]);
  });

  it('writes paths as Postman does: session slots as variables, other placeholders as :name', () => {
    const update = json.item[2].request;
    expect(update.url).toEqual({
      raw: '{{server}}/api/{{api-version}}/sites/{{site-id}}/projects/:project-id',
      host: ['{{server}}'],
      path: ['api', '{{api-version}}', 'sites', '{{site-id}}', 'projects', ':project-id'],
      query: [{ key: 'x', value: '1', disabled: true }],
      variable: [{ key: 'project-id', value: '{{project-id}}' }],
    });
    expect(update.header).toEqual([
      { key: 'Accept', value: 'application/xml' },
      { key: 'Content-Type', value: 'application/xml' },
      { key: 'X-Debug', value: '1', disabled: true },
    ]);
    expect(json.item[3].item[0].request.url.variable).toEqual([
      { key: 'user-id', value: '{{user-id}}' },
    ]);
  });

  it('imports back: the same requests, presets, captures and assertions; Trestle’s session requests left out', () => {
    const back = importPostmanCollection(out.text);
    if (!back.ok) throw new Error(back.error.message);
    const [create, update] = back.collection.requests;
    expect(back.collection.requests.map((r) => r.name)).toEqual([
      'Create Project',
      'Update Project',
    ]);
    expect(create.spec.path).toBe(folder.requests[0].spec.path);
    expect(create.spec.body).toEqual(folder.requests[0].spec.body);
    expect(create.captures).toEqual(folder.requests[0].captures);
    expect(create.assertions).toEqual(folder.requests[0].assertions);
    expect(update.presetId).toBe('projects.update-project');
    expect(update.spec.pathParams).toEqual({ 'project-id': '{{project-id}}' });
    expect(update.spec.accept).toBe('xml');
    expect(update.description).toBe('Changes the description.');
    expect(back.collection.variables).toEqual([
      { name: 'tag', value: 'q3', secret: false, enabled: true },
    ]);
    expect(back.report.notes).toContainEqual(
      expect.objectContaining({ what: '2 Sign in / Sign out requests added by Trestle’s export' }),
    );
    expect(
      back.report.requests.flatMap((r) => r.notes).filter((n) => n.what === 'test script'),
    ).toEqual([]);
  });
});
