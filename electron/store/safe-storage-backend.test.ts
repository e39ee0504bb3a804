import { beforeEach, describe, expect, it, vi } from 'vitest';

const state = { available: true, backend: 'gnome_libsecret' };

vi.mock('electron', () => ({
  safeStorage: {
    isAsyncEncryptionAvailable: async () => state.available,
    getSelectedStorageBackend: () => state.backend,
    encryptStringAsync: async (text: string) => Buffer.from(`enc:${[...text].reverse().join('')}`),
    decryptStringAsync: async (data: Buffer) => ({
      shouldReEncrypt: false,
      result: [...data.toString().slice(4)].reverse().join(''),
    }),
  },
}));

const { safeStorageBackend } = await import('./safe-storage-backend');

beforeEach(() => {
  state.available = true;
  state.backend = 'gnome_libsecret';
});

describe('safeStorage secret backend', () => {
  it('round-trips a secret through the async API as base64 ciphertext', async () => {
    const backend = safeStorageBackend();
    const cipher = await backend.encrypt('p@ss');
    expect(cipher).not.toContain('p@ss');
    expect(await backend.decrypt(cipher)).toBe('p@ss');
  });

  it('counts as protecting only when encryption is available and not Linux basic_text', async () => {
    const backend = safeStorageBackend();
    expect(await backend.isProtected()).toBe(true);
    state.available = false;
    expect(await backend.isProtected()).toBe(false);
    state.available = true;
    state.backend = 'basic_text';
    expect(await backend.isProtected()).toBe(process.platform !== 'linux');
  });
});
