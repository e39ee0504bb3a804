import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../sandbox';
import type { CollectionFolder, SavedRequest } from '../../shared/documents';
import type { OperationSnapshot, OperationStartInput } from '../../shared/operations';
import type { RunOutcome } from '../../shared/run';
import { runReportJunit } from '../../shared/run-report';
import { engineFor, type EngineFixture } from '../test-support';

let sandbox: RunningSandbox;
let fixture: EngineFixture;
let n = 0;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, seed: 11 });
  fixture = engineFor(sandbox);
  await fixture.engine.signIn('sandbox');
});
afterAll(async () => {
  await fixture.engine.dispose();
  await sandbox.stop();
});

const SITE = '/api/{api-version}/sites/{site-id}';

function request(
  name: string,
  method: SavedRequest['spec']['method'],
  path: string,
  extra: {
    body?: unknown;
    captures?: unknown[];
    assertions?: unknown[];
    pathParams?: Record<string, string>;
  } = {},
): SavedRequest {
  return {
    id: `req-${++n}`,
    name,
    description: '',
    spec: {
      method,
      path,
      pathParams: extra.pathParams ?? {},
      query: [],
      headers: [],
      body: extra.body ? { kind: 'json', text: JSON.stringify(extra.body) } : { kind: 'none' },
      accept: 'json',
    },
    captures: extra.captures as SavedRequest['captures'],
    assertions: extra.assertions as SavedRequest['assertions'],
  };
}

function folder(
  name: string,
  requests: SavedRequest[],
  extra: Partial<CollectionFolder> = {},
): CollectionFolder {
  return { id: `folder-${++n}`, name, folders: [], requests, ...extra };
}

async function run(
  collection: CollectionFolder,
  extra: Partial<Extract<OperationStartInput, { kind: 'run' }>> = {},
): Promise<OperationSnapshot & { outcome: RunOutcome }> {
  const started = await fixture.engine.startOperation('sandbox', {
    kind: 'run',
    source: { from: 'inline', collection },
    ...extra,
  });
  return (await fixture.engine.operations.wait(started.operationId)) as OperationSnapshot & {
    outcome: RunOutcome;
  };
}

/** The chain: create a project and a user, change the user, group them, delete both. */
function chain(suffix: string): CollectionFolder {
  return folder(
    'Onboarding',
    [
      request('Create Project', 'POST', `${SITE}/projects`, {
        body: { project: { name: `Run project {{suffix}}` } },
        captures: [{ name: 'project-id', path: '$.project.id' }],
        assertions: [
          { kind: 'status', expected: '201' },
          { kind: 'jsonPath', path: 'project.name', op: 'equals', value: `Run project ${suffix}` },
        ],
      }),
      request('Add User to Site', 'POST', `${SITE}/users`, {
        body: { user: { name: `run-user-{{suffix}}`, siteRole: 'Viewer' } },
        captures: [{ name: 'user-id', path: 'user.id' }],
        assertions: [
          { kind: 'status', expected: '2xx' },
          { kind: 'jsonPath', path: 'user.id', op: 'matches', value: '^[0-9a-f-]{36}$' },
        ],
      }),
      request('Update User', 'PUT', `${SITE}/users/{user-id}`, {
        pathParams: { 'user-id': '{{user-id}}' },
        body: { user: { siteRole: 'Explorer' } },
        assertions: [{ kind: 'jsonPath', path: 'user.siteRole', op: 'equals', value: 'Explorer' }],
      }),
      request('Create Group', 'POST', `${SITE}/groups`, {
        body: { group: { name: `Run group {{suffix}}` } },
        captures: [{ name: 'group-id', path: 'group.id' }],
      }),
      request('Add User to Group', 'POST', `${SITE}/groups/{{group-id}}/users`, {
        body: { user: { id: '{{user-id}}' } },
        assertions: [{ kind: 'status', expected: '200' }],
      }),
      request('Delete Project', 'DELETE', `${SITE}/projects/{{project-id}}`, {
        assertions: [{ kind: 'status', expected: '204' }],
      }),
      request('Remove User from Site', 'DELETE', `${SITE}/users/{{user-id}}`, {
        assertions: [{ kind: 'status', expected: '204' }],
      }),
    ],
    { variables: [{ name: 'suffix', value: 'alpha', secret: false, enabled: true }] },
  );
}

describe('collection runs', () => {
  it('runs a chain in order, captures flowing into later steps, assertions deciding each step', async () => {
    const result = await run(chain('alpha'));
    expect(result.state).toBe('succeeded');
    const { outcome } = result;
    expect(outcome.results.map((r) => [r.name, r.state, r.status])).toEqual([
      ['Create Project', 'passed', 201],
      ['Add User to Site', 'passed', 201],
      ['Update User', 'passed', 200],
      ['Create Group', 'passed', 201],
      ['Add User to Group', 'passed', 200],
      ['Delete Project', 'passed', 204],
      ['Remove User from Site', 'passed', 204],
    ]);
    const projectId = outcome.results[0].captures[0].value as string;
    expect(projectId).toMatch(/^[0-9a-f-]{36}$/);
    // The captured id went where the later steps said.
    expect(outcome.results[5].url).toContain(`/projects/${projectId}`);
    expect(outcome.results[0].assertions.every((a) => a.passed)).toBe(true);
    expect(result.counts).toEqual({ ok: 7, failed: 0, skipped: 0 });
    const junit = runReportJunit(outcome);
    expect(junit).toContain('<testsuite name="Onboarding" tests="7" failures="0"');
  });

  it('fails a step whose assertion fails, says what was found, and goes on', async () => {
    const c = folder('Checks', [
      request('Query Projects', 'GET', `${SITE}/projects`, {
        assertions: [
          { kind: 'jsonPath', path: 'pagination.totalAvailable', op: 'equals', value: '-1' },
        ],
      }),
      request('Server Info', 'GET', '/api/{api-version}/serverinfo'),
    ]);
    const result = await run(c);
    expect(result.state).toBe('partial');
    expect(result.outcome.results[0]).toMatchObject({
      state: 'failed',
      error: {
        code: 'assertion.failed',
        message: expect.stringMatching(/^pagination.totalAvailable equals “-1”: was “\d+”$/),
      },
    });
    expect(result.outcome.results[1].state).toBe('passed');
  });

  it('explains a Tableau error on a failed step', async () => {
    const c = folder('Errors', [
      request('Get missing user', 'GET', `${SITE}/users/00000000-0000-0000-0000-000000000000`),
    ]);
    const { outcome } = await run(c);
    expect(outcome.results[0]).toMatchObject({ state: 'failed', status: 404 });
    expect(outcome.results[0].error?.code).toMatch(/^404/);
    expect(outcome.results[0].error?.explanation).toBeTruthy();
  });

  it('iterates 50 CSV rows through Add User to Site, each row its own user', async () => {
    const rows = Array.from(
      { length: 50 },
      (_, i) => `csv-user-${i + 1},${i % 2 ? 'Explorer' : 'Viewer'}`,
    );
    const c = folder('Provision', [
      request('Add User to Site', 'POST', `${SITE}/users`, {
        body: { user: { name: '{{name}}', siteRole: '{{siteRole}}' } },
        assertions: [
          { kind: 'status', expected: '201' },
          { kind: 'jsonPath', path: 'user.name', op: 'equals', value: '{{name}}' },
        ],
      }),
    ]);
    const result = await run(c, {
      data: { format: 'csv', text: `name,siteRole\n${rows.join('\n')}\n`, name: 'users.csv' },
      options: { concurrency: 4, delayMs: 0, bail: false },
    });
    expect(result.outcome.rows).toBe(50);
    expect(result.outcome.results.filter((r) => r.state === 'passed')).toHaveLength(50);
    const listed = await fixture.engine.send('sandbox', {
      method: 'GET',
      path: `${SITE}/users`,
      pathParams: {},
      query: [{ name: 'filter', value: 'name:in:[csv-user-1,csv-user-50]', enabled: true }],
      headers: [],
      body: { kind: 'none' },
      accept: 'json',
    });
    expect(listed.list?.count).toBe(2);
  });

  it('runs one request for each selected row: removing 50 users by their ids', async () => {
    const ids: string[] = [];
    for (let i = 1; i <= 50; i++) {
      const created = await fixture.engine.send('sandbox', {
        method: 'POST',
        path: `${SITE}/users`,
        pathParams: {},
        query: [],
        headers: [],
        body: {
          kind: 'json',
          text: JSON.stringify({ user: { name: `each-row-${i}`, siteRole: 'Viewer' } }),
        },
        accept: 'json',
      });
      ids.push(
        (fixture.engine.responses.parsed(created.responseId) as { user: { id: string } }).user.id,
      );
    }
    const remove = folder('For each row', [
      request('Remove User from Site', 'DELETE', `${SITE}/users/{user-id}`, {
        pathParams: { 'user-id': '{{id}}' },
        assertions: [{ kind: 'status', expected: '204' }],
      }),
    ]);
    const result = await run(remove, {
      data: {
        format: 'json',
        text: JSON.stringify(ids.map((id) => ({ id }))),
        name: 'selected rows',
      },
      options: { concurrency: 5, delayMs: 0, bail: false },
    });
    expect(result.outcome.passed).toBe(50);
    const left = await fixture.engine.send('sandbox', {
      method: 'GET',
      path: `${SITE}/users`,
      pathParams: {},
      query: [
        { name: 'filter', value: 'name:in:[each-row-1,each-row-25,each-row-50]', enabled: true },
      ],
      headers: [],
      body: { kind: 'none' },
      accept: 'json',
    });
    expect(left.pagination?.totalAvailable).toBe(0);
  });

  it('sends nothing for a row whose data lacks a column, and names the variable and the row', async () => {
    const c = folder('Provision', [
      request('Add User to Site', 'POST', `${SITE}/users`, {
        body: { user: { name: '{{name}}', siteRole: '{{role}}' } },
      }),
    ]);
    const result = await run(c, {
      data: { format: 'csv', text: 'name,siteRole\nnobody-1,Viewer\n', name: 'users.csv' },
    });
    expect(result.outcome.results[0]).toMatchObject({
      state: 'failed',
      status: null,
      error: { code: 'variables.unresolved', message: expect.stringContaining('{{role}} (body)') },
    });
    expect(result.outcome.results[0].error?.message).toContain('row 1 has name, siteRole');
    const lookup = await fixture.engine.send('sandbox', {
      method: 'GET',
      path: `${SITE}/users`,
      pathParams: {},
      query: [{ name: 'filter', value: 'name:eq:nobody-1', enabled: true }],
      headers: [],
      body: { kind: 'none' },
      accept: 'json',
    });
    expect(lookup.pagination?.totalAvailable).toBe(0);
  });

  it('refuses malformed data files and bad JSON paths before anything is sent', async () => {
    const c = folder('X', [request('Server Info', 'GET', '/api/{api-version}/serverinfo')]);
    await expect(
      run(c, { data: { format: 'csv', text: 'a,b\n1,2,3\n', name: 'rows.csv' } }),
    ).rejects.toMatchObject({
      code: 'run.badData',
      message: 'rows.csv, line 2: 3 values for 2 columns (a, b).',
    });
    await expect(
      run(c, { data: { format: 'json', text: '{"a":1}', name: 'rows.json' } }),
    ).rejects.toMatchObject({
      code: 'run.badData',
    });
    const bad = folder('Y', [
      request('Q', 'GET', `${SITE}/projects`, { captures: [{ name: 'x', path: 'a..b' }] }),
    ]);
    await expect(run(bad)).rejects.toMatchObject({
      code: 'run.badInput',
      message: expect.stringContaining('“Q”'),
    });
  });

  it('stops at the first failure with bail, the rest skipped; retry runs the failed row again', async () => {
    const c = folder('Bail', [
      request('Needs a project', 'GET', `${SITE}/projects/{{pid}}`),
      request('Server Info', 'GET', '/api/{api-version}/serverinfo'),
    ]);
    const result = await run(c, {
      data: {
        format: 'json',
        text: JSON.stringify([{ pid: 'nope' }, { pid: 'nope2' }]),
        name: 'rows',
      },
      options: { bail: true, concurrency: 1, delayMs: 0 },
    });
    expect(result.outcome.results.map((r) => r.state)).toEqual([
      'failed',
      'skipped',
      'skipped',
      'skipped',
    ]);
    expect(result.canRetry).toBe(true);
    fixture.engine.operations.retryFailed(result.operationId);
    const again = (await fixture.engine.operations.wait(
      result.operationId,
    )) as OperationSnapshot & { outcome: RunOutcome };
    expect(again.outcome.results[0].state).toBe('failed');
  });
});
