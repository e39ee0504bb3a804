import { randomUUID } from 'node:crypto';
import { connectionInputSchema, connectionSchema, type Connection, type ConnectionInput } from '../../shared/connection';
import type { DocumentStore } from '../store/document-store';
import { EngineError } from './errors';

export const SANDBOX_CONNECTION_ID = 'sandbox';

/** The connection every fresh install has: the built-in sandbox, signed in with its demo PAT. */
export function sandboxConnection(url = 'http://127.0.0.1'): Connection {
  return connectionSchema.parse({
    id: SANDBOX_CONNECTION_ID,
    name: 'Sandbox',
    serverUrl: url,
    siteContentUrl: '',
    auth: { kind: 'pat', identity: 'trestle', secretStored: true, rememberSecret: true },
    apiVersion: { mode: 'auto' },
    builtin: 'sandbox',
  });
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Connections persisted in the document store; secrets are never part of them. */
export class ConnectionStore {
  constructor(private readonly store: DocumentStore) {}

  list(): Connection[] {
    const raw = this.store.get('connections');
    const parsed = Array.isArray(raw) ? raw.flatMap((c) => {
      const result = connectionSchema.safeParse(c);
      return result.success ? [result.data] : [];
    }) : [];
    if (!parsed.some((c) => c.id === SANDBOX_CONNECTION_ID)) parsed.unshift(sandboxConnection());
    return parsed;
  }

  get(id: string): Connection {
    const found = this.list().find((c) => c.id === id);
    if (!found) throw new EngineError('connection.notFound', `No connection with id ${id}.`);
    return found;
  }

  save(input: ConnectionInput, secretStored: boolean): Connection {
    const parsed = connectionInputSchema.parse(input);
    const url = new URL(parsed.serverUrl);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      throw new EngineError('connection.badUrl', 'The server URL must start with https:// (or http:// for a local server).');
    }
    if (url.protocol === 'http:' && !LOOPBACK.has(url.hostname) && !parsed.allowInsecureHttp) {
      throw new EngineError('connection.insecureHttp', `${url.origin} is plain http: the password or token would cross the network unencrypted. Use https://, or allow plain http for this connection explicitly.`);
    }
    const id = parsed.id ?? randomUUID();
    if (id === SANDBOX_CONNECTION_ID) throw new EngineError('connection.builtin', 'The Sandbox connection is built in and cannot be changed.');
    const connection: Connection = connectionSchema.parse({
      ...parsed,
      id,
      serverUrl: url.origin,
      auth: { kind: parsed.auth.kind, identity: parsed.auth.identity, secretStored, rememberSecret: parsed.auth.rememberSecret },
    });
    const others = this.list().filter((c) => c.id !== id && c.id !== SANDBOX_CONNECTION_ID);
    this.store.set('connections', [...others, connection]);
    return connection;
  }

  delete(id: string): void {
    if (id === SANDBOX_CONNECTION_ID) throw new EngineError('connection.builtin', 'The Sandbox connection is built in and cannot be deleted.');
    this.store.set('connections', this.list().filter((c) => c.id !== id && c.id !== SANDBOX_CONNECTION_ID));
  }
}
