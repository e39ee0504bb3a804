import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../sandbox';
import type { CollectionFolder } from '../shared/documents';
import type { RunOutcome } from '../shared/run';
import { JsonDirStore } from './store/document-store';
import { engineFor, fakeSecretBackend, spec, USERS } from './test-support';

/**
 * Issue 12: globals and one environment per connection, stored as a document; secret values
 * kept as secrets are and filled in by the engine just before sending, so they never reach
 * the renderer, history or the store files in clear.
 */
let sandbox: RunningSandbox;
let someUser = '';
const dirs: string[] = [];

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, seed: 31 });
  const probe = engineFor(sandbox);
  await probe.engine.signIn('sandbox');
  const page = await probe.engine.send('sandbox', USERS);
  someUser = (page.body as { users: { user: Array<{ name: string }> } }).users.user[3].name;
  await probe.engine.dispose();
});
afterAll(async () => {
  await sandbox.stop();
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trestle-variables-'));
  dirs.push(dir);
  return dir;
}

function storeText(dir: string): string {
  return fs
    .readdirSync(dir)
    .map((name) => fs.readFileSync(path.join(dir, name), 'utf8'))
    .join('\n');
}

const SANDBOX = { scope: 'connection', connectionId: 'sandbox' } as const;
const byName = spec({
  method: 'GET',
  path: '/api/{api-version}/sites/{site-id}/users',
  query: [{ name: 'filter', value: 'name:eq:{{who}}', enabled: true }],
});

describe('the variables document', () => {
  it('keeps globals and each connection’s environment across a restart, a secret only as ciphertext', async () => {
    const dir = tempDir();
    const backend = fakeSecretBackend(true);
    const first = engineFor(sandbox, { store: new JsonDirStore(dir), secretBackend: backend });
    await first.engine.variables.put({ scope: 'global' }, [
      { name: 'project-name', value: 'Finance', secret: false, enabled: true },
    ]);
    await first.engine.variables.put(SANDBOX, [
      { name: 'who', value: someUser, secret: true, enabled: true },
      { name: 'page', value: '2', secret: false, enabled: false },
    ]);
    const view = await first.engine.variables.view();
    expect(view.secretsPersist).toBe(true);
    expect(view.globals).toEqual([
      { name: 'project-name', value: 'Finance', secret: false, enabled: true },
    ]);
    expect(view.environments.sandbox).toEqual([
      { name: 'who', value: '', secret: true, enabled: true, held: 'stored' },
      { name: 'page', value: '2', secret: false, enabled: false },
    ]);
    expect(JSON.stringify(view)).not.toContain(someUser);
    await first.engine.dispose();
    expect(storeText(dir)).not.toContain(someUser);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'variables.json'), 'utf8'))).toMatchObject({
      schemaVersion: 1,
      globals: [{ name: 'project-name', value: 'Finance' }],
    });

    // After a restart the secret is decrypted when a request needs it.
    const second = engineFor(sandbox, { store: new JsonDirStore(dir), secretBackend: backend });
    await second.engine.signIn('sandbox');
    const answer = await second.engine.send('sandbox', byName);
    expect(answer.list?.count).toBe(1);
    await second.engine.dispose();
  });

  it('keeps a secret’s value through a rename, and drops it when the box is emptied', async () => {
    const { engine } = engineFor(sandbox, { secretBackend: fakeSecretBackend(true) });
    await engine.variables.put(SANDBOX, [
      { name: 'pat', value: 's3cr3t-value', secret: true, enabled: true },
    ]);
    await engine.variables.put(SANDBOX, [
      { name: 'who', value: '', secret: true, enabled: true, keepValueOf: 'pat' },
    ]);
    await engine.signIn('sandbox');
    const probe = spec({
      ...byName,
      query: [{ name: 'filter', value: 'name:eq:{{who}}', enabled: true }],
    });
    // The renamed secret still holds the old value (no user is called that: zero matches).
    expect((await engine.send('sandbox', probe)).status).toBe(200);
    await engine.variables.put(SANDBOX, [{ name: 'who', value: '', secret: true, enabled: true }]);
    expect((await engine.variables.view()).environments.sandbox[0].held).toBe('unset');
    await expect(engine.send('sandbox', probe)).rejects.toMatchObject({
      code: 'variables.unresolved',
    });
    await engine.dispose();
  });

  it('refuses a scope with a name twice, and an environment for a connection that does not exist', async () => {
    const { engine } = engineFor(sandbox);
    const row = { name: 'x', value: '1', secret: false, enabled: true };
    await expect(engine.variables.put({ scope: 'global' }, [row, row])).rejects.toMatchObject({
      code: 'variables.duplicate',
      message: expect.stringContaining('{{x}}'),
    });
    await expect(
      engine.variables.set(
        { scope: 'connection', connectionId: 'gone' },
        { name: 'x', value: '1' },
      ),
    ).rejects.toMatchObject({ code: 'variables.noConnection' });
    expect((await engine.variables.view()).globals).toEqual([]);
    await engine.dispose();
  });

  it('holds a secret in memory only where no backend protects it (the web host), and says so', async () => {
    const dir = tempDir();
    const first = engineFor(sandbox, { store: new JsonDirStore(dir), secretBackend: null });
    await first.engine.variables.set(SANDBOX, { name: 'who', value: someUser, secret: true });
    const view = await first.engine.variables.view();
    expect(view.secretsPersist).toBe(false);
    expect(view.environments.sandbox[0]).toMatchObject({ value: '', held: 'session' });
    await first.engine.dispose();
    expect(storeText(dir)).not.toContain(someUser);

    const second = engineFor(sandbox, { store: new JsonDirStore(dir), secretBackend: null });
    expect((await second.engine.variables.view()).environments.sandbox[0].held).toBe('unset');
    await second.engine.dispose();
  });

  it('drops a connection’s environment, secrets included, with the connection', async () => {
    const { engine } = engineFor(sandbox, { secretBackend: fakeSecretBackend(true) });
    const saved = await engine.saveConnection({
      name: 'Test site',
      serverUrl: sandbox.url,
      auth: {
        kind: 'pat',
        identity: 'trestle',
        secret: 'trestle-sandbox-secret',
        rememberSecret: false,
      },
      apiVersion: { mode: 'auto' },
    });
    const target = { scope: 'connection', connectionId: saved.id } as const;
    await engine.variables.set(target, { name: 'token-ish', value: 'abc', secret: true });
    expect((await engine.variables.view()).environments[saved.id]).toHaveLength(1);
    await engine.deleteConnection(saved.id);
    expect((await engine.variables.view()).environments[saved.id]).toBeUndefined();
    expect(
      engine.secrets.isStored(`variable:${JSON.stringify(['connection', saved.id, 'token-ish'])}`),
    ).toBe(false);
    await engine.dispose();
  });
});

describe('sending with secret variables', () => {
  it('fills a secret just before sending, and keeps it out of the answer’s URL, history and the files', async () => {
    const dir = tempDir();
    const { engine } = engineFor(sandbox, {
      store: new JsonDirStore(dir),
      secretBackend: fakeSecretBackend(true),
    });
    await engine.variables.set(SANDBOX, { name: 'who', value: someUser, secret: true });
    await engine.signIn('sandbox');
    const answer = await engine.send('sandbox', byName);
    // Resolved: the server found exactly that user.
    expect(answer.list?.count).toBe(1);
    expect(answer.url).toContain('name%3Aeq%3A••••••');
    expect(answer.url).not.toContain(encodeURIComponent(someUser));
    const [entry] = engine.history.list();
    expect(entry.spec.query[0].value).toBe('name:eq:{{who}}');
    expect(entry.resolved?.url).toContain('••••••');
    expect(JSON.stringify(entry)).not.toContain(someUser);
    engine.persistence.flush();
    await engine.dispose();
    const files = storeText(dir);
    expect(files).toContain('{{who}}');
    expect(files).not.toContain(someUser);
    expect(files).not.toContain(encodeURIComponent(someUser));
  });

  it('sends nothing while a {{name}} has no value, and says which and where', async () => {
    const { engine } = engineFor(sandbox);
    await engine.signIn('sandbox');
    const create = spec({
      method: 'POST',
      path: '/api/{api-version}/sites/{site-id}/projects',
      body: { kind: 'json', text: '{"project":{"name":"Never {{suffix}}"}}' },
    });
    await expect(engine.send('sandbox', create)).rejects.toMatchObject({
      code: 'variables.unresolved',
      message: expect.stringContaining('{{suffix}} (body)'),
    });
    const projects = await engine.send(
      'sandbox',
      spec({
        method: 'GET',
        path: '/api/{api-version}/sites/{site-id}/projects',
        query: [{ name: 'filter', value: 'name:has:Never', enabled: true }],
      }),
    );
    expect(projects.list?.count ?? 0).toBe(0);
    expect(engine.history.list().some((e) => e.spec.method === 'POST')).toBe(false);
    await engine.dispose();
  });

  it('fills {{names}} in a Metadata API query’s variables box', async () => {
    const { engine } = engineFor(sandbox);
    await engine.signIn('sandbox');
    const rest = await engine.send(
      'sandbox',
      spec({ method: 'GET', path: '/api/{api-version}/sites/{site-id}/workbooks' }),
    );
    const name = (rest.body as { workbooks: { workbook: { name: string }[] } }).workbooks
      .workbook[2].name;
    await engine.variables.put(SANDBOX, [
      { name: 'workbook', value: name, secret: false, enabled: true },
    ]);
    const query = spec({
      method: 'POST',
      path: '/api/metadata/graphql',
      body: {
        kind: 'graphql',
        text: 'query Named($name: String) { workbooks(filter: {name: $name}) { name } }',
        variables: '{"name": "{{workbook}}"}',
      },
    });
    const answer = await engine.send('sandbox', query);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ data: { workbooks: [{ name }] } });
    await engine.dispose();
  });

  it('fills the environment’s and the globals’ values in a fetch-all, history keeping the names', async () => {
    const { engine } = engineFor(sandbox);
    await engine.variables.set({ scope: 'global' }, { name: 'role', value: 'Viewer' });
    await engine.signIn('sandbox');
    const started = await engine.startOperation('sandbox', {
      kind: 'fetchAll',
      spec: spec({
        ...USERS,
        query: [{ name: 'filter', value: 'siteRole:eq:{{role}}', enabled: true }],
      }),
      concurrency: 2,
    });
    const done = await engine.operations.wait(started.operationId);
    expect(done.state).toBe('succeeded');
    const outcome = done.outcome as { items: number; responseId: string };
    const roles = new Set(
      (engine.responses.items(outcome.responseId)?.items as Array<{ siteRole: string }>).map(
        (u) => u.siteRole,
      ),
    );
    expect([...roles]).toEqual(['Viewer']);
    expect(engine.history.list()[0].spec.query[0].value).toBe('siteRole:eq:{{role}}');
    await engine.dispose();
  });
});

describe('runs with the environment and the globals', () => {
  it('resolves a run’s requests from both, and keeps a capture into the environment after the run', async () => {
    const { engine } = engineFor(sandbox, { secretBackend: fakeSecretBackend(true) });
    await engine.variables.set(SANDBOX, { name: 'who', value: someUser, secret: true });
    await engine.variables.set({ scope: 'global' }, { name: 'size', value: '5' });
    await engine.signIn('sandbox');
    const collection: CollectionFolder = {
      id: 'c1',
      name: 'Lookups',
      folders: [],
      requests: [
        {
          id: 'r1',
          name: 'Find the user',
          description: '',
          spec: {
            ...byName,
            query: [...byName.query, { name: 'pageSize', value: '{{size}}', enabled: true }],
          },
          captures: [
            {
              name: 'found-id',
              from: 'body',
              path: 'users.user[0].id',
              scope: 'connection',
              enabled: true,
            },
          ],
          assertions: [
            {
              kind: 'jsonPath',
              path: 'users.user[0].name',
              op: 'exists',
              value: '',
              enabled: true,
            },
          ],
        },
      ],
    };
    const started = await engine.startOperation('sandbox', {
      kind: 'run',
      source: { from: 'inline', collection },
    });
    const done = await engine.operations.wait(started.operationId);
    const outcome = done.outcome as RunOutcome;
    expect(outcome.results.map((r) => r.state)).toEqual(['passed']);
    expect(outcome.results[0].url).toContain('pageSize=5');
    expect(JSON.stringify(outcome)).not.toContain(encodeURIComponent(someUser));
    const env = (await engine.variables.view()).environments.sandbox;
    const found = env.find((v) => v.name === 'found-id');
    expect(found?.value).toMatch(/^[0-9a-f-]{36}$/);
    expect(outcome.results[0].captures[0].value).toBe(found?.value);
    await engine.dispose();
  });
});
