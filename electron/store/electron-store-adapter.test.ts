import fs from 'node:fs';
import { register } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { emptyDocument, migrate } from '../../shared/migrate';
import type { CorruptFileReport } from '../../engine/store/document-store';
import { Persistence } from '../../engine/store/persistence';

/**
 * electron-store 11 reads `app.getPath('userData')` and `app.getVersion()` and registers one
 * `ipcMain` listener for renderers; `shell` is only for `openInEditor`. That is all of
 * Electron it touches, so a stand-in for those lets the real electron-store and conf run.
 */
const electron = vi.hoisted(() => {
  const state = { userData: '' };
  const app = {
    getPath: (name: string) => (name === 'userData' ? state.userData : ''),
    getVersion: () => '0.1.0',
  };
  const ipcMain = { on: () => undefined };
  const shell = { openPath: async () => '' };
  return { state, module: { app, ipcMain, shell, default: { app, ipcMain, shell } } };
});
// Our adapter's import of electron goes through vitest, which mocks it; electron-store's own
// import does not (vitest leaves node_modules to Node, where `electron` is the binary's
// launcher and throws outside Electron). A Node resolve hook hands electron-store the same
// stand-in, so the real electron-store and conf run unchanged.
vi.mock('electron', () => electron.module);
Object.assign(globalThis, { trestleElectronStub: electron.module });
const stub =
  'const e = globalThis.trestleElectronStub; export default e; export const { app, ipcMain, shell } = e;';
const hook = `export async function resolve(specifier, context, next) {
  if (specifier === 'electron' && context.parentURL?.includes('/node_modules/electron-store/'))
    return { url: 'data:text/javascript,' + encodeURIComponent(${JSON.stringify(stub)}), shortCircuit: true };
  return next(specifier, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hook)}`);

const { openElectronStore } = await import('./electron-store-adapter');

const dirs: string[] = [];
beforeEach(() => {
  electron.state.userData = fs.mkdtempSync(path.join(os.tmpdir(), 'trestle-userdata-'));
  dirs.push(electron.state.userData);
});
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

const collections = {
  schemaVersion: 1,
  collections: [{ id: 'f1', name: 'Users', folders: [], requests: [] }],
};

describe('electron-store adapter', () => {
  it('writes each document to its own file in the user-data folder, readable only by the user', async () => {
    const store = await openElectronStore();
    expect(store.get('collections')).toBeUndefined();
    store.set('collections', collections);
    const file = path.join(electron.state.userData, 'trestle-collections.json');
    expect(store.files()).toEqual([file]);
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual(collections);
    if (process.platform !== 'win32') expect(fs.statSync(file).mode & 0o077).toBe(0);
    // Atomic writes leave no temp files behind.
    expect(fs.readdirSync(electron.state.userData)).toEqual(['trestle-collections.json']);
  });

  it('reads back what was written after the app restarts', async () => {
    const first = new Persistence(await openElectronStore());
    first.write('collections', migrate('collections', collections));
    const settings = emptyDocument('settings');
    first.write('settings', { ...settings, settings: { ...settings.settings, theme: 'dark' } });
    const reopened = new Persistence(await openElectronStore());
    expect(reopened.read('collections').collections[0].name).toBe('Users');
    expect(reopened.read('settings').settings.theme).toBe('dark');
    expect(reopened.reports()).toEqual([]);
  });

  it('moves a corrupt file aside, keeps its bytes, reports it, and starts that document empty', async () => {
    const file = path.join(electron.state.userData, 'trestle-connections.json');
    fs.writeFileSync(file, '{"schemaVersion":1,"connections":[{"id":"a"');
    const told: CorruptFileReport[] = [];
    const persistence = new Persistence(await openElectronStore((r) => told.push(r)));
    expect(persistence.read('connections')).toEqual(emptyDocument('connections'));
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({ file, reason: expect.stringMatching(/not valid JSON/) });
    expect(fs.readFileSync(told[0].movedTo, 'utf8')).toBe(
      '{"schemaVersion":1,"connections":[{"id":"a"',
    );
    expect(persistence.reports()).toEqual(told);
    // The fresh document is writable where the corrupt one was.
    persistence.write('connections', emptyDocument('connections'));
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual(emptyDocument('connections'));
  });

  it('moves aside a document from a newer Trestle instead of overwriting it', async () => {
    const file = path.join(electron.state.userData, 'trestle-history.json');
    fs.writeFileSync(file, '{"schemaVersion":7,"entries":[]}');
    const persistence = new Persistence(await openElectronStore());
    expect(persistence.read('history')).toEqual(emptyDocument('history'));
    const [report] = persistence.reports();
    expect(report).toMatchObject({ file, reason: expect.stringMatching(/newer Trestle/) });
    expect(fs.readFileSync(report.movedTo, 'utf8')).toBe('{"schemaVersion":7,"entries":[]}');
  });
});
