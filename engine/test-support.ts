import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { RunningSandbox } from '../sandbox';
import type { EventName, EventPayload } from '../shared/ipc/contract';
import type { FetchAllOutcome, OperationSnapshot } from '../shared/operations';
import { requestSpecSchema, type RequestSpec, type RequestSpecInput } from '../shared/request';
import { Engine } from './index';
import type { FetchAllLimits } from './operations/fetch-all';
import type { RetryPolicy } from './retry-policy';
import { externalSandbox } from './sandbox-provider';
import type { SecretBackend } from './secrets';
import { MemoryStore, type DocumentStore } from './store/document-store';

/** Fast backoff for tests; a server's Retry-After (1 s in the sandbox) is still honoured. */
export const TEST_RETRY_POLICY: RetryPolicy = { maxAttempts: 8, baseDelayMs: 5, maxDelayMs: 5_000 };

export interface RecordedEvent {
  event: EventName;
  payload: EventPayload<EventName>;
}

export interface EngineFixture {
  engine: Engine;
  events: RecordedEvent[];
  /** Called for each event as it happens (e.g. to act in the middle of a fetch-all). */
  onEvent: (listener: (event: RecordedEvent) => void) => void;
}

/** An engine whose built-in Sandbox connection points at `sandbox`. */
export function engineFor(
  sandbox: RunningSandbox,
  options: {
    store?: DocumentStore;
    secretBackend?: SecretBackend | null;
    retryPolicy?: RetryPolicy;
    fetchAllLimits?: FetchAllLimits;
  } = {},
): EngineFixture {
  const events: RecordedEvent[] = [];
  const listeners: Array<(event: RecordedEvent) => void> = [];
  const engine = new Engine({
    store: options.store ?? new MemoryStore(),
    sandbox: externalSandbox(sandbox.url),
    secretBackend: options.secretBackend ?? null,
    retryPolicy: options.retryPolicy ?? TEST_RETRY_POLICY,
    fetchAllLimits: options.fetchAllLimits,
    emit: (event, payload) => {
      const recorded = { event, payload } as RecordedEvent;
      events.push(recorded);
      for (const listener of listeners) listener(recorded);
    },
  });
  return { engine, events, onEvent: (listener) => listeners.push(listener) };
}

/** Starts a fetch-all operation and waits for its end, as the app and the CLI do. */
export async function fetchAllOf(
  engine: Engine,
  connectionId: string,
  request: RequestSpec,
  options: { concurrency?: number; pageSize?: number } = {},
  operationId?: string,
): Promise<OperationSnapshot & { outcome: FetchAllOutcome }> {
  const started = await engine.startOperation(
    connectionId,
    {
      kind: 'fetchAll',
      spec: request,
      concurrency: options.concurrency ?? 4,
      pageSize: options.pageSize,
    },
    { operationId },
  );
  const done = await engine.operations.wait(started.operationId);
  if (!done.outcome) throw new Error(`fetch-all ended without an outcome: ${done.error?.message}`);
  return done as OperationSnapshot & { outcome: FetchAllOutcome };
}

export function spec(input: RequestSpecInput): RequestSpec {
  return requestSpecSchema.parse(input);
}

export const USERS = spec({ method: 'GET', path: '/api/{api-version}/sites/{site-id}/users' });

/**
 * A secret backend that really encrypts (AES-256-GCM, key in memory), standing in for
 * safeStorage: what it writes is not the plaintext.
 */
export function fakeSecretBackend(isProtected = true): SecretBackend & { encrypted: number } {
  const key = randomBytes(32);
  const backend = {
    encrypted: 0,
    isProtected: async () => isProtected,
    encrypt: async (text: string) => {
      backend.encrypted++;
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
    },
    decrypt: async (base64: string) => {
      const data = Buffer.from(base64, 'base64');
      const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, 12));
      decipher.setAuthTag(data.subarray(12, 28));
      return Buffer.concat([decipher.update(data.subarray(28)), decipher.final()]).toString('utf8');
    },
  };
  return backend;
}

/** Every token the sandbox has issued and still holds, read from its own session list. */
export function liveTokens(sandbox: RunningSandbox): string[] {
  return sandbox.sessions().map((s) => s.token);
}
