import { safeStorage } from 'electron';
import type { SecretBackend } from '../../engine/secrets';

/**
 * Electron's safeStorage as our secret backend (DESIGN.md §4), async API only. On Linux the
 * `basic_text` backend encrypts with a hard-coded key: that is not protection, so we say so
 * and secrets are then asked at sign-in unless the user opts in.
 */
export function safeStorageBackend(): SecretBackend {
  return {
    async isProtected() {
      if (!(await safeStorage.isAsyncEncryptionAvailable())) return false;
      if (
        process.platform === 'linux' &&
        safeStorage.getSelectedStorageBackend() === 'basic_text'
      ) {
        return false;
      }
      return true;
    },
    async encrypt(text) {
      return (await safeStorage.encryptStringAsync(text)).toString('base64');
    },
    async decrypt(base64) {
      return (await safeStorage.decryptStringAsync(Buffer.from(base64, 'base64'))).result;
    },
  };
}
