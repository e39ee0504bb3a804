import { describe, expect, it } from 'vitest';
import { requestSpecSchema } from './request';
import {
  describeUnresolved,
  resolveSpec,
  resolveText,
  variableNames,
  type VariableLayer,
} from './variables';

const layers: VariableLayer[] = [
  {
    scope: 'iteration',
    label: 'row 2',
    variables: [{ name: 'user', value: 'ana', secret: false, enabled: true }],
  },
  {
    scope: 'collection',
    label: 'Folder “Onboarding”',
    variables: [
      { name: 'project-id', value: 'p-folder', secret: false, enabled: true },
      { name: 'user', value: 'shadowed', secret: false, enabled: true },
    ],
  },
  {
    scope: 'connection',
    label: 'Production',
    variables: [
      { name: 'project-id', value: 'p-env', secret: false, enabled: true },
      { name: 'api-key', value: 's3cret', secret: true, enabled: true },
      { name: 'off', value: 'never', secret: false, enabled: false },
    ],
  },
  {
    scope: 'global',
    label: 'Globals',
    variables: [{ name: 'off', value: 'global-off', secret: false, enabled: true }],
  },
];

describe('variable resolution', () => {
  it('takes the innermost scope: a row beats the folder, the folder beats the environment', () => {
    const r = resolveText('/{{user}}/{{project-id}}', layers);
    expect(r.text).toBe('/ana/p-folder');
    expect(r.hits.map((h) => [h.name, h.scope])).toEqual([
      ['user', 'iteration'],
      ['project-id', 'collection'],
    ]);
  });

  it('skips a disabled definition and finds the next scope’s', () => {
    expect(resolveText('{{off}}', layers).text).toBe('global-off');
  });

  it('leaves unknown names in place and lists them once', () => {
    const r = resolveText('{{nope}} and {{ nope }} and {{other}}', layers);
    expect(r.text).toBe('{{nope}} and {{ nope }} and {{other}}');
    expect(r.unresolved).toEqual(['nope', 'other']);
  });

  it('masks or keeps secrets when asked, and sends them only when sending', () => {
    expect(resolveText('k={{api-key}}', layers).text).toBe('k=s3cret');
    expect(resolveText('k={{api-key}}', layers, { secrets: 'mask' }).text).toBe('k=••••••');
    expect(resolveText('k={{api-key}}', layers, { secrets: 'keep' }).text).toBe('k={{api-key}}');
  });

  it('never resolves a value a second time (a value cannot pull in a secret)', () => {
    const sneaky: VariableLayer[] = [
      {
        scope: 'iteration',
        label: 'row',
        variables: [{ name: 'x', value: '{{api-key}}', secret: false, enabled: true }],
      },
      ...layers,
    ];
    expect(resolveText('{{x}}', sneaky).text).toBe('{{api-key}}');
  });

  it('resolves path, path values, enabled query and headers, and the body; names where each unresolved one is', () => {
    const spec = requestSpecSchema.parse({
      method: 'PUT',
      path: '/api/{api-version}/sites/{site-id}/projects/{{project-id}}',
      pathParams: { 'user-id': '{{uid}}' },
      query: [
        { name: 'filter', value: 'name:eq:{{user}}' },
        { name: 'off', value: '{{missing-but-disabled}}', enabled: false },
      ],
      headers: [{ name: 'X-Note', value: '{{user}}' }],
      body: { kind: 'json', text: '{"project":{"name":"{{user}}","parent":"{{parent}}"}}' },
    });
    const r = resolveSpec(spec, layers);
    expect(r.spec.path).toBe('/api/{api-version}/sites/{site-id}/projects/p-folder');
    expect(r.spec.query[0].value).toBe('name:eq:ana');
    expect(r.spec.query[1].value).toBe('{{missing-but-disabled}}');
    expect(r.spec.headers[0].value).toBe('ana');
    expect(r.unresolved).toEqual(['uid', 'parent']);
    expect(describeUnresolved(r)).toBe('{{uid}} ({user-id}), {{parent}} (body)');
  });

  it('resolves a GraphQL request’s variables box as well as its query', () => {
    const spec = requestSpecSchema.parse({
      method: 'POST',
      path: '/api/metadata/graphql',
      body: {
        kind: 'graphql',
        text: 'query Owner($name: String) { workbooks(filter: {name: $name}) { luid } } # {{user}}',
        variables: '{"name": "{{project-id}}", "other": "{{nope}}"}',
      },
    });
    const r = resolveSpec(spec, layers);
    expect(r.spec.body).toMatchObject({
      kind: 'graphql',
      text: 'query Owner($name: String) { workbooks(filter: {name: $name}) { luid } } # ana',
      variables: '{"name": "p-folder", "other": "{{nope}}"}',
    });
    expect(describeUnresolved(r)).toBe('{{nope}} (GraphQL variables)');
  });

  it('lists the names a text refers to', () => {
    expect(variableNames('{{a}}/{{ b }}/{{a}}/{c}')).toEqual(['a', 'b']);
  });
});
