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
      schemaVersion: 2,
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
    expect(() => migrate('workspace', { schemaVersion: 3, tabs: [], activeTabId: null })).toThrow(
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

const updateUser = {
  method: 'PUT',
  path: '/api/{api-version}/sites/{site-id}/users/{user-id}',
  body: { kind: 'json', text: '{"user":{"siteRole":"Viewer"}}' },
};

describe('version 1 → 2: no implicit {user-id}', () => {
  it('marks open tabs that left {user-id} empty, so the signed-in user’s id is written in visibly', () => {
    const doc = migrate('workspace', {
      schemaVersion: 1,
      activeTabId: 'a',
      tabs: [
        { id: 'a', title: 'Update User', spec: updateUser },
        { id: 'b', title: 'Blank id', spec: { ...updateUser, pathParams: { 'user-id': ' ' } } },
        { id: 'c', title: 'Given id', spec: { ...updateUser, pathParams: { 'user-id': 'u-1' } } },
        { id: 'd', title: 'Users', spec: tab.spec },
      ],
    });
    expect(doc.schemaVersion).toBe(2);
    expect(doc.tabs.map((t) => t.userIdFromSignIn ?? false)).toEqual([true, true, false, false]);
    expect(doc.tabs[2].spec.pathParams).toEqual({ 'user-id': 'u-1' });
    // Nothing is guessed: the id itself is written at sign-in, not by the migration.
    expect(doc.tabs[0].spec.pathParams).toEqual({});
    expect(doc.tabs[0].connectionId).toBeUndefined();
  });

  it('marks saved requests in every folder, however deep, and keeps the rest as they were', () => {
    let deepest: Record<string, unknown> = {
      id: 'f-99',
      name: 'deep',
      folders: [],
      requests: [{ id: 'r-deep', name: 'Update me', spec: updateUser }],
    };
    for (let i = 98; i >= 0; i -= 1)
      deepest = { id: `f-${i}`, name: `f${i}`, folders: [deepest], requests: [] };
    const doc = migrate('collections', {
      schemaVersion: 1,
      collections: [
        {
          id: 'c1',
          name: 'Admin',
          folders: [],
          requests: [
            { id: 'r1', name: 'Update user', spec: updateUser },
            { id: 'r2', name: 'List users', spec: tab.spec },
          ],
        },
        deepest,
      ],
    });
    expect(doc.schemaVersion).toBe(2);
    const [admin, deep] = doc.collections;
    expect(admin.requests.map((r) => r.userIdFromSignIn ?? false)).toEqual([true, false]);
    let folder = deep;
    while (folder.folders.length > 0) folder = folder.folders[0];
    expect(folder.requests[0]).toMatchObject({ id: 'r-deep', userIdFromSignIn: true });
  });

  it('turns version-1 history into audit records: the values sent are read back from the URL', () => {
    const doc = migrate('history', {
      schemaVersion: 1,
      entries: [
        {
          id: 'h1',
          at: '2026-01-01T10:00:00.000Z',
          connectionId: 'sandbox',
          connectionName: 'Sandbox',
          spec: updateUser,
          status: 200,
          totalMs: 12,
          bodyBytes: 40,
          response: {
            statusText: 'OK',
            url: 'http://127.0.0.1:9000/api/3.29/sites/site-1/users/me%201',
            ttfbMs: 10,
            headerBytes: 100,
            headers: [],
          },
        },
        {
          id: 'h2',
          at: '2026-01-01T09:00:00.000Z',
          connectionId: 'sandbox',
          connectionName: 'Sandbox',
          spec: tab.spec,
          status: 200,
          totalMs: 12,
          bodyBytes: 40,
        },
      ],
    });
    expect(doc.schemaVersion).toBe(2);
    expect(doc.entries[0].resolved).toEqual({
      url: 'http://127.0.0.1:9000/api/3.29/sites/site-1/users/me%201',
      path: '/api/3.29/sites/site-1/users/me%201',
      pathValues: { 'api-version': '3.29', 'site-id': 'site-1', 'user-id': 'me 1' },
    });
    // Reopened, it goes to the user it went to then, not to whoever is signed in now.
    expect(doc.entries[0].spec.pathParams).toEqual({ 'user-id': 'me 1' });
    // An entry without a URL stays readable, without a resolved part.
    expect(doc.entries[1].resolved).toBeUndefined();
  });

  it('reads connections stored before Production existed as not production', () => {
    const doc = migrate('connections', { schemaVersion: 1, connections: [{ id: 'x' }] });
    expect(doc.connections).toHaveLength(1);
    expect(migrate('settings', { schemaVersion: 1, settings: {} }).settings).toMatchObject({
      confirmDestructive: true,
    });
  });

  it('keeps a half-typed query or header row (a value, no name yet) in an open tab', () => {
    const doc = migrate('workspace', {
      schemaVersion: 2,
      activeTabId: 'a',
      tabs: [
        {
          id: 'a',
          title: 'Users',
          connectionId: 'sandbox',
          spec: {
            ...tab.spec,
            query: [{ name: '', value: 'half' }],
            headers: [{ name: '', value: 'x' }],
          },
        },
      ],
    });
    expect(doc.tabs[0].spec.query).toEqual([{ name: '', value: 'half', enabled: true }]);
    expect(doc.tabs[0].connectionId).toBe('sandbox');
  });

  it('says where a document does not fit, without the validator’s report in the sentence', () => {
    let error: unknown;
    try {
      migrate('workspace', { schemaVersion: 2, tabs: [{ id: 'x' }], activeTabId: 'x' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(MigrationError);
    expect((error as MigrationError).message).toBe(
      'The workspace document is not in a shape this build of Trestle reads (at tabs.0.title).',
    );
    expect((error as MigrationError).detail).toContain('expected string');
  });
});

describe('migrate() for the variables document (issue 12)', () => {
  it('starts with no globals and no environments on a fresh install', () => {
    expect(migrate('variables', undefined)).toEqual({
      schemaVersion: 1,
      globals: [],
      environments: {},
    });
  });

  it('reads version 1 with each variable’s defaults filled (enabled, not secret)', () => {
    const doc = migrate('variables', {
      schemaVersion: 1,
      globals: [{ name: 'project-name', value: 'Finance' }],
      environments: { prod: [{ name: 'pat', secret: true }] },
    });
    expect(doc.globals).toEqual([
      { name: 'project-name', value: 'Finance', secret: false, enabled: true },
    ]);
    expect(doc.environments.prod).toEqual([
      { name: 'pat', value: '', secret: true, enabled: true },
    ]);
  });

  it('refuses a variables document without a version, from a newer Trestle, or with a bad name', () => {
    expect(() => migrate('variables', { globals: [], environments: {} })).toThrow(
      /no schemaVersion/,
    );
    expect(() => migrate('variables', { schemaVersion: 2, globals: [], environments: {} })).toThrow(
      /newer Trestle/,
    );
    expect(() =>
      migrate('variables', {
        schemaVersion: 1,
        globals: [{ name: '{{braces}}', value: 'x' }],
        environments: {},
      }),
    ).toThrow(/not in a shape this build of Trestle reads \(at globals\.0\.name\)/);
  });
});
