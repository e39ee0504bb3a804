import { describe, expect, it } from 'vitest';
import { workspaceDocSchema } from '../../shared/documents';
import { emptySpec, withQueryValue } from '../lib/request-spec';
import { isDirty } from './use-tabs';
import { newTab } from './tab-model';
import { fromWorkspaceDoc, toWorkspaceDoc } from './workspace-doc';

const users = { ...emptySpec(), path: '/api/{api-version}/sites/{site-id}/users' };

describe('open tabs as a workspace document', () => {
  it('round-trips paths, links, the unsaved marker and the active tab, without responses', () => {
    const edited = newTab('tab-2', 'Users', withQueryValue(users, 'pageSize', '250'), {
      baseline: users,
      savedRequestId: 'req-1',
      presetId: 'users.get-users-on-site',
    });
    const clean = newTab('tab-1', 'Server info', {
      ...users,
      path: '/api/{api-version}/serverinfo',
    });
    const withResponse = { ...clean, sending: true, requestId: 'req-x' };

    // Through JSON and the schema, as main stores and returns it.
    const stored = workspaceDocSchema.parse(
      JSON.parse(JSON.stringify(toWorkspaceDoc([withResponse, edited], 'tab-2'))),
    );
    expect(JSON.stringify(stored)).not.toContain('req-x');
    const restored = fromWorkspaceDoc(stored);
    expect(restored.activeId).toBe('tab-2');
    expect(restored.tabs.map((t) => t.spec.path)).toEqual([clean.spec.path, users.path]);
    expect(restored.tabs.map(isDirty)).toEqual([false, true]);
    expect(restored.tabs[1]).toMatchObject({
      savedRequestId: 'req-1',
      presetId: 'users.get-users-on-site',
      response: null,
      sending: false,
    });
    // Restored as it was written: the next write would be identical, so none is made.
    expect(JSON.stringify(toWorkspaceDoc(restored.tabs, restored.activeId))).toBe(
      JSON.stringify(stored),
    );
  });

  it('picks the first tab when the stored active id names none, and none when empty', () => {
    const tab = newTab('tab-1', 'Users', users);
    const doc = { ...toWorkspaceDoc([tab], 'tab-1'), activeTabId: 'gone' };
    expect(fromWorkspaceDoc(doc).activeId).toBe('tab-1');
    expect(fromWorkspaceDoc({ schemaVersion: 2, tabs: [], activeTabId: null })).toEqual({
      tabs: [],
      activeId: null,
    });
  });
});
