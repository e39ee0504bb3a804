import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../sandbox';
import { MemoryStore } from '../store/document-store';
import { engineFor, spec } from '../test-support';
import { createHandlers } from './handlers';

let sandbox: RunningSandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
});
afterAll(async () => {
  await sandbox?.stop();
});

const projects = spec({ method: 'GET', path: '/api/{api-version}/sites/{site-id}/projects' });

describe('response:reopen: a tab’s answer after a reload', () => {
  it('comes from the response store while main holds it, then from history after a restart', async () => {
    const store = new MemoryStore();
    const first = engineFor(sandbox, { store });
    const handlers = createHandlers(first.engine, { host: 'web', version: 'test' });
    await first.engine.signIn('sandbox');
    const sent = await handlers['request:send']('sandbox', projects, undefined);
    expect(sent.historyEntryId).toBeTruthy();

    // A reloaded window: the same process, the same response.
    const again = await handlers['response:reopen']({
      responseId: sent.responseId,
      historyEntryId: sent.historyEntryId,
    });
    expect(again).toEqual(sent);

    // A restart: a new engine on the same files; only history has the answer now.
    await first.engine.dispose();
    const second = engineFor(sandbox, { store });
    const restarted = createHandlers(second.engine, { host: 'web', version: 'test' });
    const fromHistory = await restarted['response:reopen']({
      responseId: sent.responseId,
      historyEntryId: sent.historyEntryId,
    });
    expect(fromHistory.status).toBe(200);
    expect(fromHistory.list?.count).toBe(sent.list?.count);
    const slice = await restarted['response:slice'](fromHistory.responseId, {
      kind: 'items',
      start: 0,
      end: 3,
    });
    expect(slice.items).toHaveLength(3);

    await expect(
      restarted['response:reopen']({ responseId: sent.responseId }),
    ).rejects.toMatchObject({ code: 'response.notFound' });
    await second.engine.dispose();
  });
});
