import type { Persistence } from './store/persistence';

/**
 * Where secrets are encrypted: Electron's safeStorage in the app, a fake in tests, none in
 * the web host. Ciphertext travels as base64.
 */
export interface SecretBackend {
  /** True only when the OS keeps the key (Keychain, DPAPI, libsecret/kwallet). */
  isProtected(): Promise<boolean>;
  encrypt(text: string): Promise<string>;
  decrypt(base64: string): Promise<string>;
}

/**
 * Passwords, PAT secrets and JWTs (DESIGN.md §4). In memory for the running session, so a
 * re-sign-in works; on disk only as backend ciphertext, and only when the backend protects it
 * or the user opted in (settings.storeSecretsInsecurely). With no backend, never on disk.
 */
export class SecretVault {
  private readonly memory = new Map<string, string>();

  constructor(
    private readonly persistence: Persistence,
    private readonly backend: SecretBackend | null,
    private readonly insecureOptIn: () => boolean,
  ) {}

  /** Keeps the secret for this run and, when allowed, stores its ciphertext. Returns whether it was stored. */
  async remember(connectionId: string, secret: string, persist: boolean): Promise<boolean> {
    this.memory.set(connectionId, secret);
    const doc = structuredClone(this.persistence.read('secrets'));
    delete doc.secrets[connectionId];
    let stored = false;
    if (persist && this.backend) {
      const isProtected = await this.backend.isProtected();
      if (isProtected || this.insecureOptIn()) {
        doc.secrets[connectionId] = {
          ciphertext: await this.backend.encrypt(secret),
          protected: isProtected,
        };
        stored = true;
      }
    }
    this.persistence.write('secrets', doc);
    return stored;
  }

  /** Keeps a secret typed at sign-in for this run only. */
  holdForSession(connectionId: string, secret: string): void {
    this.memory.set(connectionId, secret);
  }

  /** Forgets a secret the server rejected, so the next sign-in asks again instead of reusing it. */
  dropHeld(connectionId: string): void {
    this.memory.delete(connectionId);
  }

  async recall(connectionId: string): Promise<string | null> {
    const held = this.memory.get(connectionId);
    if (held !== undefined) return held;
    const stored = this.persistence.read('secrets').secrets[connectionId];
    if (!stored || !this.backend) return null;
    try {
      const secret = await this.backend.decrypt(stored.ciphertext);
      this.memory.set(connectionId, secret);
      return secret;
    } catch {
      // The OS key changed (new machine, keyring reset): ask the user again.
      return null;
    }
  }

  /** The value held in memory now (after `recall` or `remember`), without decrypting anything. */
  held(key: string): string | undefined {
    return this.memory.get(key);
  }

  /** Whether a secret stored now would reach the disk (an OS-protected key, or the opt-in). */
  async canPersist(): Promise<boolean> {
    if (!this.backend) return false;
    return (await this.backend.isProtected()) || this.insecureOptIn();
  }

  isStored(connectionId: string): boolean {
    return connectionId in this.persistence.read('secrets').secrets;
  }

  forget(connectionId: string): void {
    this.memory.delete(connectionId);
    if (!this.isStored(connectionId)) return;
    const doc = structuredClone(this.persistence.read('secrets'));
    delete doc.secrets[connectionId];
    this.persistence.write('secrets', doc);
  }
}
