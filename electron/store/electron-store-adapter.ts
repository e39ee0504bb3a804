import fs from 'node:fs';
import path from 'node:path';
import { app } from 'electron';
import Store from 'electron-store';
import {
  moveAside,
  type CorruptFileReport,
  type DocumentStore,
} from '../../engine/store/document-store';

type Doc = Record<string, unknown>;

/**
 * electron-store behind our DocumentStore interface (DESIGN.md §7): one file per document
 * (`trestle-<key>.json` in the user-data folder), written atomically by electron-store. Its
 * `encryptionKey` is not security and is not used: secrets reach this store only as
 * safeStorage ciphertext. A file that does not parse is moved aside and reported.
 */
export async function openElectronStore(
  notify: (report: CorruptFileReport) => void = () => undefined,
): Promise<DocumentStore> {
  const stores = new Map<string, Store<Doc>>();
  const found: CorruptFileReport[] = [];
  const report = (r: CorruptFileReport) => {
    found.push(r);
    notify(r);
  };
  const fileFor = (key: string) => path.join(app.getPath('userData'), `trestle-${key}.json`);

  // Owner-only files (conf's default is 0o666): connections and history are the user's alone.
  const options = (key: string) =>
    ({ name: `trestle-${key}`, clearInvalidConfig: false, configFileMode: 0o600 }) as const;
  const open = (key: string): Store<Doc> => {
    const existing = stores.get(key);
    if (existing) return existing;
    let store: Store<Doc>;
    try {
      store = new Store<Doc>(options(key));
    } catch (error) {
      // electron-store throws on a file that is not JSON; keep it aside and start empty.
      const file = fileFor(key);
      if (fs.existsSync(file))
        report(moveAside(file, `not valid JSON: ${(error as Error).message}`));
      store = new Store<Doc>(options(key));
    }
    stores.set(key, store);
    return store;
  };

  return {
    get: (key) => {
      const doc = open(key).store;
      return Object.keys(doc).length === 0 ? undefined : doc;
    },
    // Whole-document writes: `store.set(key)` would re-read and re-parse the file first.
    set: (key, value) => {
      open(key).store = value as Doc;
    },
    quarantine: (key, reason) => {
      const file = fileFor(key);
      stores.delete(key);
      if (!fs.existsSync(file)) return null;
      const r = moveAside(file, reason);
      report(r);
      return r;
    },
    files: () => [...stores.values()].map((s) => s.path),
    reports: () => [...found],
  };
}
