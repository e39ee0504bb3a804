import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../sandbox';
import { HISTORY_BODY_LIMIT_BYTES } from '../shared/documents';
import { engineFor, spec, type EngineFixture } from './test-support';

/** History as an audit trail (DESIGN.md §11): what was sent, resolved, and where. */
let sandbox: RunningSandbox;
let fixture: EngineFixture;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, seed: 5 });
  fixture = engineFor(sandbox);
  await fixture.engine.signIn('sandbox');
});
afterAll(async () => {
  await fixture.engine.dispose();
  await sandbox.stop();
});

const USER = '/api/{api-version}/sites/{site-id}/users/{user-id}';

describe('a history entry records the resolved request', () => {
  it('keeps the URL sent, every path value, the preset, the connection, and no secret', async () => {
    const { engine } = fixture;
    const session = engine.sessions.info('sandbox')!;
    const summary = await engine.send(
      'sandbox',
      spec({
        method: 'GET',
        path: USER,
        pathParams: { 'user-id': session.userId },
        query: [{ name: 'fields', value: '_all_' }],
        headers: [
          { name: 'Authorization', value: 'Bearer top-secret' },
          { name: 'X-Request-Id', value: 'audit-1' },
        ],
      }),
    );
    const [entry] = engine.history.list();
    expect(entry).toMatchObject({
      connectionId: 'sandbox',
      connectionName: 'Sandbox',
      presetId: 'users.query-user-on-site',
      status: summary.status,
      resolved: {
        url: summary.url,
        path: `/api/${session.apiVersion}/sites/${session.siteId}/users/${session.userId}`,
        pathValues: {
          'api-version': session.apiVersion,
          'site-id': session.siteId,
          'user-id': session.userId,
        },
      },
    });
    expect(entry.spec.pathParams).toEqual({ 'user-id': session.userId });
    expect(entry.spec.query).toEqual([{ name: 'fields', value: '_all_', enabled: true }]);
    expect(entry.spec.headers).toEqual([
      { name: 'Authorization', value: '[redacted]', enabled: true },
      { name: 'X-Request-Id', value: 'audit-1', enabled: true },
    ]);
    expect(JSON.stringify(engine.history.list())).not.toContain('top-secret');
    expect(Date.parse(entry.at)).not.toBeNaN();
    expect(entry.totalMs).toBeGreaterThanOrEqual(0);
  });

  it('leaves out a request body over the history limit, and says how large it was', async () => {
    const { engine } = fixture;
    const session = engine.sessions.info('sandbox')!;
    const text = JSON.stringify({ user: { fullName: 'x'.repeat(HISTORY_BODY_LIMIT_BYTES + 10) } });
    await engine.send(
      'sandbox',
      spec({
        method: 'PUT',
        path: USER,
        pathParams: { 'user-id': '00000000-0000-0000-0000-000000000000' },
        body: { kind: 'json', text },
      }),
    );
    const [entry] = engine.history.list();
    expect(entry.spec.body).toEqual({ kind: 'none' });
    expect(entry.requestBodyOmittedBytes).toBe(Buffer.byteLength(text));
    expect(entry.resolved?.pathValues['user-id']).toBe('00000000-0000-0000-0000-000000000000');
    expect(entry.resolved?.pathValues['site-id']).toBe(session.siteId);
  });
});
