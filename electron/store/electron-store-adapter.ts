import Store from 'electron-store';
import type { DocumentStore } from './document-store';

/**
 * electron-store behind our DocumentStore interface (DESIGN.md §7). Its `encryptionKey` is
 * not security and is not used: secrets never reach this store in plaintext.
 */
export async function openElectronStore(): Promise<DocumentStore> {
  const store = new Store<Record<string, unknown>>({ name: 'trestle', clearInvalidConfig: false });
  return {
    get: (key) => store.get(key),
    set: (key, value) => store.set(key, value),
    files: () => [store.path],
  };
}
