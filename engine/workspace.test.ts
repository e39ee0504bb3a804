import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { WorkspaceDoc } from '../shared/documents';
import { JsonDirStore, type CorruptFileReport } from './store/document-store';
import { Persistence } from './store/persistence';
import { spec } from './test-support';
import { OpenTabs } from './workspace';

const dirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trestle-workspace-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const users = spec({ method: 'GET', path: '/api/{api-version}/sites/{site-id}/users' });
const doc: WorkspaceDoc = {
  schemaVersion: 2,
  activeTabId: 'tab-b',
  tabs: [
    { id: 'tab-a', title: 'Get Users on Site', savedRequestId: null, spec: users },
    {
      id: 'tab-b',
      title: 'Users, 250 a page',
      savedRequestId: 'req-1',
      presetId: 'users.get-users-on-site',
      spec: spec({ ...users, query: [{ name: 'pageSize', value: '250' }] }),
      baseline: users,
    },
  ],
};

describe('open tabs across restarts', () => {
  it('reads back the tabs, their links, the unsaved baseline and the active tab after a restart', () => {
    const dir = tempDir();
    new OpenTabs(new Persistence(new JsonDirStore(dir))).put(doc);
    const restored = new OpenTabs(new Persistence(new JsonDirStore(dir))).get();
    expect(restored).toEqual(doc);
  });

  it('writes no user-typed X-Tableau-Auth or Authorization value, in the spec or the baseline', () => {
    const dir = tempDir();
    const headers = [
      { name: 'X-Tableau-Auth', value: 'token-typed-by-hand', enabled: true },
      { name: 'Authorization', value: 'Bearer secret-value', enabled: true },
      { name: 'X-Trace', value: 'kept', enabled: true },
    ];
    const withSecrets = { ...users, headers };
    new OpenTabs(new Persistence(new JsonDirStore(dir))).put({
      ...doc,
      tabs: [{ ...doc.tabs[1], spec: withSecrets, baseline: withSecrets }],
    });
    const text = fs.readFileSync(path.join(dir, 'workspace.json'), 'utf8');
    expect(text).not.toMatch(/token-typed-by-hand|secret-value/);
    const [tab] = new OpenTabs(new Persistence(new JsonDirStore(dir))).get().tabs;
    expect(tab.spec.headers.map((h) => h.value)).toEqual(['[redacted]', '[redacted]', 'kept']);
    expect(tab.baseline?.headers[1].value).toBe('[redacted]');
  });

  it('makes the first tab active when the active id names no open tab', () => {
    const tabs = new OpenTabs(new Persistence(new JsonDirStore(tempDir())));
    tabs.put({ ...doc, activeTabId: 'tab-closed' });
    expect(tabs.get().activeTabId).toBe('tab-a');
  });

  it('moves a corrupt workspace file aside, keeps it, reports it and starts with no tabs', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'workspace.json'), '{"schemaVersion":1,"tabs":[{"id":');
    const reports: CorruptFileReport[] = [];
    const persistence = new Persistence(new JsonDirStore(dir, (r) => reports.push(r)));
    expect(new OpenTabs(persistence).get()).toEqual({
      schemaVersion: 2,
      tabs: [],
      activeTabId: null,
    });
    expect(reports).toHaveLength(1);
    expect(fs.readFileSync(reports[0].movedTo, 'utf8')).toBe('{"schemaVersion":1,"tabs":[{"id":');
  });

  it('moves aside a workspace that parses but does not fit its schema', () => {
    const dir = tempDir();
    fs.writeFileSync(
      path.join(dir, 'workspace.json'),
      JSON.stringify({ schemaVersion: 1, tabs: [{ id: 'x' }], activeTabId: 'x' }),
    );
    const persistence = new Persistence(new JsonDirStore(dir));
    expect(new OpenTabs(persistence).get().tabs).toEqual([]);
    expect(persistence.reports()[0].reason).toMatch(/not in a shape this build of Trestle reads/);
    expect(fs.readdirSync(dir).some((f) => f.startsWith('workspace.json.corrupt-'))).toBe(true);
  });
});
