import { describe, expect, it } from 'vitest';
import { workspaceDocSchema } from '../../shared/documents';
import { emptySpec, withQueryValue } from '../lib/request-spec';
import { isDirty } from './use-tabs';
import { newTab } from './tab-model';
import { fromWorkspaceDoc, toWorkspaceDoc } from './workspace-doc';

const users = { ...emptySpec(), path: '/api/{api-version}/sites/{site-id}/users' };

describe('open tabs as a workspace document', () => {
  it('round-trips paths, links, connections, the unsaved marker and the active tab, without responses', () => {
    const edited = newTab('tab-2', 'Users', withQueryValue(users, 'pageSize', '250'), {
      baseline: users,
      savedRequestId: 'req-1',
      presetId: 'users.get-users-on-site',
      connectionId: 'prod',
      notice: 'Filled {user-id}',
    });
    const clean = newTab(
      'tab-1',
      'Server info',
      { ...users, path: '/api/{api-version}/serverinfo' },
      { connectionId: 'sandbox' },
    );
    const withResponse = { ...clean, sending: true, requestId: 'req-x', sendBlocked: true };

    // Through JSON and the schema, as main stores and returns it.
    const stored = workspaceDocSchema.parse(
      JSON.parse(JSON.stringify(toWorkspaceDoc([withResponse, edited], 'tab-2'))),
    );
    expect(JSON.stringify(stored)).not.toContain('req-x');
    const restored = fromWorkspaceDoc(stored, 'other');
    expect(restored.activeId).toBe('tab-2');
    expect(restored.tabs.map((t) => t.spec.path)).toEqual([clean.spec.path, users.path]);
    expect(restored.tabs.map((t) => t.connectionId)).toEqual(['sandbox', 'prod']);
    expect(restored.tabs.map(isDirty)).toEqual([false, true]);
    expect(restored.tabs[0].sendBlocked).toBeUndefined();
    expect(restored.tabs[1]).toMatchObject({
      savedRequestId: 'req-1',
      presetId: 'users.get-users-on-site',
      notice: 'Filled {user-id}',
      response: null,
      sending: false,
    });
    // Restored as it was written: the next write would be identical, so none is made.
    expect(JSON.stringify(toWorkspaceDoc(restored.tabs, restored.activeId))).toBe(
      JSON.stringify(stored),
    );
  });

  it('keeps a half-typed query row, so typing a value before its name does not stop saving', () => {
    const half = { ...users, query: [{ name: '', value: 'Creator', enabled: true }] };
    const doc = toWorkspaceDoc([newTab('t', 'Users', half, { connectionId: 'sandbox' })], 't');
    expect(workspaceDocSchema.safeParse(JSON.parse(JSON.stringify(doc))).success).toBe(true);
  });

  it('aims a tab saved before tabs named a connection at the one selected, and keeps its {user-id} mark', () => {
    const doc = workspaceDocSchema.parse({
      schemaVersion: 2,
      activeTabId: 't',
      tabs: [{ id: 't', title: 'Update User', spec: users, userIdFromSignIn: true }],
    });
    const [tab] = fromWorkspaceDoc(doc, 'selected').tabs;
    expect(tab.connectionId).toBe('selected');
    expect(tab.userIdFromSignIn).toBe(true);
  });

  it('picks the first tab when the stored active id names none, and none when empty', () => {
    const tab = newTab('tab-1', 'Users', users, { connectionId: 'sandbox' });
    const doc = { ...toWorkspaceDoc([tab], 'tab-1'), activeTabId: 'gone' };
    expect(fromWorkspaceDoc(doc, 'sandbox').activeId).toBe('tab-1');
    expect(fromWorkspaceDoc({ schemaVersion: 2, tabs: [], activeTabId: null }, 'sandbox')).toEqual({
      tabs: [],
      activeId: null,
    });
  });
  it('keeps a tab’s table state, its preview mark and where its answer is found again', () => {
    const table = {
      sort: { key: 'name', direction: 'desc' as const },
      filter: 'siteRole:viewer',
      hidden: ['email'],
      frozen: true,
      scrollTop: 480,
      scrollLeft: 12,
      scrollFor: 'resp-1',
    };
    const tab = {
      ...newTab('tab-1', 'Users', users, { connectionId: 'sandbox', preview: true, table }),
      response: { responseId: 'resp-1', historyEntryId: 'entry-1' } as never,
    };
    const stored = workspaceDocSchema.parse(
      JSON.parse(JSON.stringify(toWorkspaceDoc([tab], 'tab-1'))),
    );
    const [restored] = fromWorkspaceDoc(stored, 'other').tabs;
    expect(restored.table).toEqual(table);
    expect(restored.preview).toBe(true);
    // The answer itself is not in the file: only where to ask for it.
    expect(restored.response).toBeNull();
    expect(restored.reopen).toEqual({ responseId: 'resp-1', historyEntryId: 'entry-1' });
  });
});
