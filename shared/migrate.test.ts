import { describe, expect, it } from 'vitest';
import { emptyDocument, migrate, MigrationError } from './migrate';

const tab = {
  id: 'tab-1',
  title: 'Get Users on Site',
  presetId: 'users.get-users-on-site',
  spec: { method: 'GET', path: '/api/{api-version}/sites/{site-id}/users' },
};

describe('migrate() for the workspace document', () => {
  it('starts with no open tabs on a fresh install', () => {
    expect(migrate('workspace', undefined)).toEqual({
      schemaVersion: 1,
      tabs: [],
      activeTabId: null,
    });
    expect(emptyDocument('workspace').tabs).toEqual([]);
  });

  it('reads version 1 with spec defaults filled and an unlinked tab’s savedRequestId null', () => {
    const doc = migrate('workspace', { schemaVersion: 1, tabs: [tab], activeTabId: 'tab-1' });
    expect(doc.activeTabId).toBe('tab-1');
    expect(doc.tabs[0]).toMatchObject({
      id: 'tab-1',
      savedRequestId: null,
      presetId: tab.presetId,
    });
    expect(doc.tabs[0].spec).toMatchObject({ query: [], headers: [], body: { kind: 'none' } });
    expect(doc.tabs[0].baseline).toBeUndefined();
  });

  it('keeps the baseline of a tab with unsaved changes', () => {
    const baseline = { ...tab.spec, query: [{ name: 'pageSize', value: '100' }] };
    const doc = migrate('workspace', {
      schemaVersion: 1,
      tabs: [{ ...tab, savedRequestId: 'req-9', baseline }],
      activeTabId: 'tab-1',
    });
    expect(doc.tabs[0].savedRequestId).toBe('req-9');
    expect(doc.tabs[0].baseline?.query).toEqual([
      { name: 'pageSize', value: '100', enabled: true },
    ]);
  });

  it('refuses a workspace without a version, from a newer Trestle, or not fitting its schema', () => {
    expect(() => migrate('workspace', [tab])).toThrow(MigrationError);
    expect(() => migrate('workspace', { schemaVersion: 2, tabs: [], activeTabId: null })).toThrow(
      /newer Trestle/,
    );
    expect(() =>
      migrate('workspace', { schemaVersion: 1, tabs: [{ ...tab, spec: { method: 'GO' } }] }),
    ).toThrow(MigrationError);
    expect(() => migrate('workspace', { schemaVersion: 1, tabs: 'all of them' })).toThrow(
      MigrationError,
    );
  });
});
