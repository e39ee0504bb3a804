import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../sandbox';
import { engineFor, spec, type EngineFixture } from './test-support';

/**
 * Where a request goes (DESIGN.md §4, §11): only what the user filled in, only under Tableau's
 * API, never to a token endpoint, and only to the origin the session belongs to.
 */
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

const send = (input: Parameters<typeof spec>[0]) => fixture.engine.send('sandbox', spec(input));
const me = () => fixture.engine.sessions.info('sandbox')!.userId;

describe('placeholders: only {api-version} and {site-id} come from the session', () => {
  const USER = '/api/{api-version}/sites/{site-id}/users/{user-id}';
  const demote = {
    method: 'PUT' as const,
    path: USER,
    body: { kind: 'json' as const, text: '{"user":{"siteRole":"Viewer"}}' },
  };

  it('refuses Update User with an empty {user-id} instead of demoting the signed-in admin', async () => {
    const role = async () =>
      (
        (await send({ method: 'GET', path: USER, pathParams: { 'user-id': me() } })).body as {
          user: { siteRole: string };
        }
      ).user.siteRole;
    const before = await role();
    expect(before).not.toBe('Viewer');
    for (const pathParams of [{}, { 'user-id': '' }, { 'user-id': '  ' }]) {
      await expect(send({ ...demote, pathParams })).rejects.toMatchObject({
        code: 'request.missingPlaceholder',
        message: expect.stringContaining('{user-id}'),
        detail: ['user-id'],
      });
    }
    expect(await role()).toBe(before);
  });

  it('names every empty placeholder, and keeps the signed-in user’s id for a “Me” button', async () => {
    await expect(
      send({
        method: 'GET',
        path: '/api/{api-version}/sites/{site-id}/users/{user-id}/groups/{group-id}',
      }),
    ).rejects.toMatchObject({ detail: ['user-id', 'group-id'] });
    expect(sandbox.sessions().map((s) => s.userId)).toContain(me());
    const mine = await send({ method: 'GET', path: USER, pathParams: { 'user-id': me() } });
    expect(mine.status).toBe(200);
  });
});
