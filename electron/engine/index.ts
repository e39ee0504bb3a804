import type { Connection, SessionInfo } from '../../shared/connection';
import type { EventName, EventPayload } from '../../shared/ipc/contract';
import type { RequestSpec, ResponseSummary } from '../../shared/request';
import type { DocumentStore } from '../store/document-store';
import { ConnectionStore, SANDBOX_CONNECTION_ID } from './connections';
import { EngineError } from './errors';
import { RequestExecutor } from './executor';
import { ResponseStore } from './response-store';
import type { SandboxProvider } from './sandbox-provider';
import { SessionManager, type Credentials } from './sessions';

export type Emit = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

export interface EngineOptions {
  store: DocumentStore;
  sandbox: SandboxProvider;
  emit: Emit;
}

/**
 * The main-process core: plain Node, the same under Electron, the web host and a CLI.
 * It owns the sessions (and so the tokens) and every outgoing request.
 */
export class Engine {
  readonly connections: ConnectionStore;
  readonly sessions: SessionManager;
  readonly responses = new ResponseStore();
  readonly executor: RequestExecutor;

  constructor(private readonly options: EngineOptions) {
    this.connections = new ConnectionStore(options.store);
    this.sessions = new SessionManager((change) => options.emit('session:changed', change));
    this.executor = new RequestExecutor({
      sessions: this.sessions,
      responses: this.responses,
      defaultTimeoutMs: () => 120_000,
    });
  }

  /** A connection with the sandbox's live URL filled in. */
  async resolve(id: string): Promise<Connection> {
    const connection = this.connections.get(id);
    if (connection.builtin === 'sandbox') return { ...connection, serverUrl: await this.options.sandbox.url() };
    return connection;
  }

  async signIn(connectionId: string, secret?: string): Promise<SessionInfo> {
    const connection = await this.resolve(connectionId);
    return this.sessions.signIn(connection, this.credentials(connection, secret));
  }

  async signOut(connectionId: string): Promise<void> {
    await this.sessions.signOut(await this.resolve(connectionId));
  }

  async send(connectionId: string, spec: RequestSpec, requestId?: string): Promise<ResponseSummary> {
    return this.executor.send(await this.resolve(connectionId), spec, requestId);
  }

  private credentials(connection: Connection, secret?: string): Credentials {
    if (connection.id === SANDBOX_CONNECTION_ID) {
      return { kind: 'pat', ...this.options.sandbox.credentials };
    }
    if (!secret) {
      throw new EngineError('session.secretNeeded', `Enter the ${connection.auth.kind === 'pat' ? 'PAT secret' : connection.auth.kind === 'jwt' ? 'JWT' : 'password'} for “${connection.name}”.`);
    }
    return { kind: connection.auth.kind, identity: connection.auth.identity, secret };
  }

  async dispose(): Promise<void> {
    this.responses.clear();
    await this.options.sandbox.stop();
  }
}
