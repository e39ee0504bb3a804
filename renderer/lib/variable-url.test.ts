import { describe, expect, it } from 'vitest';
import { draftSpecSchema } from '../../shared/documents';
import type { RequestSpecInput } from '../../shared/request';
import { resolveSpec, type VariableLayer } from '../../shared/variables';
import { resolveUrl } from './resolved-url';
import { layersFor, prepareSend, viewVariables } from './tab-variables';
import { resolveUrlWithVariables } from './variable-url';

const target = { serverUrl: 'http://127.0.0.1:8123', apiVersion: '3.29', siteId: 'site-1' };
const spec = (input: Partial<RequestSpecInput>) =>
  draftSpecSchema.parse({
    method: 'GET',
    path: '/api/{api-version}/sites/{site-id}/users',
    ...input,
  });
const v = (name: string, value: string, extra: { secret?: boolean; enabled?: boolean } = {}) => ({
  name,
  value,
  secret: extra.secret ?? false,
  enabled: extra.enabled ?? true,
});

const layers: VariableLayer[] = [
  {
    scope: 'connection',
    label: 'Production environment',
    variables: [v('project-id', 'p 1/2'), v('role', 'Site Administrator Creator')],
  },
  {
    scope: 'global',
    label: 'Globals',
    variables: [v('pat', '', { secret: true }), v('role', 'Viewer')],
  },
];

describe('the resolved URL with variables', () => {
  it('shows each variable’s value where it lands, and is the URL the engine sends', () => {
    const request = spec({
      path: '/api/{api-version}/sites/{site-id}/projects/{{project-id}}/users',
      query: [{ name: 'filter', value: 'siteRole:eq:{{role}}' }],
    });
    const shown = resolveUrlWithVariables(request, target, layers);
    const sent = resolveUrl(resolveSpec(request, layers).spec, target);
    expect(shown.url).toBe(sent.url);
    expect(shown.url).toBe(
      'http://127.0.0.1:8123/api/3.29/sites/site-1/projects/p%201/2/users?filter=siteRole%3Aeq%3ASite+Administrator+Creator',
    );
    expect(shown.pieces.map((p) => p.text).join('')).toBe(shown.url);
    const vars = shown.pieces.filter((p) => p.kind === 'variable');
    expect(vars.map((p) => [p.text, p.kind === 'variable' && p.hit.label])).toEqual([
      ['p%201/2', 'Production environment'],
      ['Site+Administrator+Creator', 'Production environment'],
    ]);
  });

  it('fills a path field given as a variable, encoded as the field is', () => {
    const request = spec({
      path: '/api/{api-version}/sites/{site-id}/projects/{project-id}',
      pathParams: { 'project-id': '{{project-id}}' },
    });
    const shown = resolveUrlWithVariables(request, target, layers);
    expect(shown.url).toBe('http://127.0.0.1:8123/api/3.29/sites/site-1/projects/p%201%2F2');
    expect(shown.pieces.find((p) => p.kind === 'variable')?.text).toBe('p%201%2F2');
  });

  it('masks a secret and marks a name with no value, leaving no URL', () => {
    const request = spec({
      query: [
        { name: 'token', value: '{{pat}}' },
        { name: 'x', value: '{{nowhere}}' },
      ],
    });
    const shown = resolveUrlWithVariables(request, target, layers);
    expect(shown.url).toBeNull();
    expect(shown.unresolved).toEqual(['nowhere']);
    expect(shown.reason).toContain('{{nowhere}}');
    expect(shown.pieces.map((p) => p.text).join('')).toBe(
      'http://127.0.0.1:8123/api/3.29/sites/site-1/users?token=••••••&x={{nowhere}}',
    );
    expect(shown.pieces.find((p) => p.kind === 'unresolved')).toEqual({
      kind: 'unresolved',
      text: '{{nowhere}}',
      name: 'nowhere',
    });
    const withSecretOnly = resolveUrlWithVariables(
      spec({ query: [{ name: 'token', value: '{{pat}}' }] }),
      target,
      layers,
    );
    expect(withSecretOnly.url).toBe(
      'http://127.0.0.1:8123/api/3.29/sites/site-1/users?token=••••••',
    );
  });

  it('counts variables in headers and the body for hovers, though they are not in the URL', () => {
    const request = spec({
      method: 'POST',
      headers: [{ name: 'X-Role', value: '{{role}}' }],
      body: { kind: 'json', text: '{"project":{"id":"{{project-id}}"}}' },
    });
    expect(resolveUrlWithVariables(request, target, layers).hits.map((h) => h.name)).toEqual([
      'role',
      'project-id',
    ]);
  });
});

describe('sending a tab with variables', () => {
  const view = {
    globals: [{ ...v('pat', '', { secret: true }), held: 'session' as const }],
    environments: {
      prod: [
        { ...v('site-name', 'Finance') },
        { ...v('unset-secret', '', { secret: true }), held: 'unset' as const },
      ],
    },
    secretsPersist: false,
  };
  const tabLayers = layersFor({
    view,
    session: { prod: [v('user-id', 'u-42')] },
    connection: { id: 'prod', name: 'Production' },
    folders: [
      {
        id: 'c',
        name: 'Onboarding',
        folders: [],
        requests: [],
        variables: [v('site-name', 'Outer')],
      },
      { id: 'f', name: 'Users', folders: [], requests: [], variables: [v('role', 'Viewer')] },
    ],
  });

  it('layers the session’s captures, the folders inner first, the environment, then the globals', () => {
    expect(tabLayers.map((l) => l.label)).toEqual([
      'Captured this session',
      'Folder “Users”',
      'Folder “Onboarding”',
      'Production environment',
      'Globals',
    ]);
  });

  it('fills every value it holds and leaves secrets for the engine', () => {
    const prepared = prepareSend(
      spec({
        path: '/api/{api-version}/sites/{site-id}/users/{user-id}',
        pathParams: { 'user-id': '{{user-id}}' },
        query: [{ name: 'note', value: '{{site-name}}/{{role}}' }],
        headers: [{ name: 'X-Key', value: '{{pat}}' }],
      }),
      tabLayers,
    );
    expect(prepared.problem).toBeNull();
    expect(prepared.spec.pathParams['user-id']).toBe('u-42');
    expect(prepared.spec.query[0].value).toBe('Outer/Viewer');
    expect(prepared.spec.headers[0].value).toBe('{{pat}}');
  });

  it('refuses a name with no value (a secret without one counts), saying where it is', () => {
    const prepared = prepareSend(
      spec({ body: { kind: 'json', text: '{"a":"{{unset-secret}}","b":"{{nope}}"}' } }),
      tabLayers,
    );
    expect(prepared.unresolved).toEqual(['unset-secret', 'nope']);
    expect(prepared.problem).toContain('{{unset-secret}} (body), {{nope}} (body) have no value');
    expect(viewVariables(view.environments.prod)[1].enabled).toBe(false);
  });

  it('refuses a value that holds {{…}} (it would be resolved twice) and a field left empty', () => {
    const looped: VariableLayer[] = [
      { scope: 'global', label: 'Globals', variables: [v('x', '{{pat}}'), v('blank', '')] },
    ];
    expect(prepareSend(spec({ query: [{ name: 'q', value: '{{x}}' }] }), looped).problem).toContain(
      'the value of {{x}} (Globals) holds “{{…}}”',
    );
    expect(
      prepareSend(
        spec({
          path: '/api/{api-version}/sites/{site-id}/users/{user-id}',
          pathParams: { 'user-id': '{{blank}}' },
        }),
        looped,
      ).problem,
    ).toContain('{user-id} would be empty');
  });
});
