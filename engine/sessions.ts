import type { SessionInfo, Connection } from '../shared/connection';
import { readTableauError } from '../shared/tableau-errors';
import { credentialFields, credentialsFor, type Credentials } from './credentials';
import { EngineError } from './errors';
import { TransportError, type HttpResponse, type TlsOptions } from './http-client';
import { sendWithRetry, TRANSIENT_STATUSES, type RetryPolicy } from './retry-policy';
import { readServerInfo, type ServerInfo } from './server-info';

const TLS_FAILURES = new Set(['request.tls', 'connection.caBundle']);

/** What a sign-in needs besides the connection: the secret, held in memory only. */
interface LiveSession {
  token: string;
  info: SessionInfo;
  /** Null when a re-sign-in is impossible (a connected-app JWT is single-use and short-lived). */
  credentials: Credentials | null;
  connection: Connection;
}

export type SessionChange = {
  connectionId: string;
  session: SessionInfo | null;
  reason: 'signedIn' | 'signedOut' | 'reSignedIn' | 'expired' | 'switchedSite' | 'failed';
  message?: string;
};

export interface SessionDeps {
  onChange: (change: SessionChange) => void;
  tlsFor: (connection: Connection) => Promise<TlsOptions | undefined>;
  retryPolicy: RetryPolicy;
  /** Called with the REST API version `serverinfo` reported, to cache it on the connection. */
  onApiVersionDetected?: (connectionId: string, version: string) => void;
}

/** Parses `estimatedTimeToExpiration` ("hhh:mm:ss") into an ISO instant. */
export function expiryFrom(estimate: unknown, now = Date.now()): string | null {
  if (typeof estimate !== 'string') return null;
  const match = /^(\d+):(\d{2}):(\d{2})$/.exec(estimate);
  if (!match) return null;
  const ms = ((Number(match[1]) * 60 + Number(match[2])) * 60 + Number(match[3])) * 1000;
  return new Date(now + ms).toISOString();
}

/**
 * Holds one session per connection. The token lives here, in main memory only (DESIGN.md §4):
 * nothing this class returns carries it, except `tokenFor`, which only the executor calls.
 */
export class SessionManager {
  private readonly sessions = new Map<string, LiveSession>();
  private readonly inflight = new Map<string, Promise<SessionInfo>>();

  constructor(private readonly deps: SessionDeps) {}

  info(connectionId: string): SessionInfo | null {
    return this.sessions.get(connectionId)?.info ?? null;
  }

  list(): SessionInfo[] {
    return [...this.sessions.values()].map((s) => s.info);
  }

  /**
   * Throws unless the connection still points where its session was made: a token goes only
   * to the origin that issued it (DESIGN.md §4), whatever an edit of the connection says.
   */
  checkOrigin(connection: Connection): void {
    const live = this.sessions.get(connection.id);
    if (!live) return;
    const target = new URL(connection.serverUrl).origin;
    if (live.info.serverUrl === target) return;
    throw new EngineError(
      'session.originChanged',
      `The session for “${connection.name}” was made with ${live.info.serverUrl}; the connection now points at ${target}. Sign in again.`,
      { sessionOrigin: live.info.serverUrl, connectionOrigin: target },
    );
  }

  /** The token for a request; only the executor calls this. */
  tokenFor(connectionId: string): string | null {
    return this.sessions.get(connectionId)?.token ?? null;
  }

  /**
   * Single-flight per connection: concurrent callers share one sign-in, because a second
   * PAT sign-in ends the first session (401002 for its holders; tableau-api.md §2).
   */
  signIn(
    connection: Connection,
    credentials: Credentials,
    reason: 'signedIn' | 'reSignedIn' = 'signedIn',
  ): Promise<SessionInfo> {
    const pending = this.inflight.get(connection.id);
    if (pending) return pending;
    const run = this.doSignIn(connection, credentials, reason).finally(() =>
      this.inflight.delete(connection.id),
    );
    this.inflight.set(connection.id, run);
    return run;
  }

  /**
   * After a 401000/401002 with `staleToken`: signs in again once, unless another request has
   * already done so. When that is impossible the session ends and the error says why.
   */
  async renew(connectionId: string, staleToken: string): Promise<void> {
    const pending = this.inflight.get(connectionId);
    if (pending) {
      await pending;
      return;
    }
    const live = this.sessions.get(connectionId);
    if (!live) throw new EngineError('session.none', 'The session has ended. Sign in again.');
    if (live.token !== staleToken) return;
    if (!live.credentials) {
      const message =
        'The session expired and cannot be renewed: a connected-app JWT is used once. Sign in with a new JWT.';
      this.end(connectionId, message);
      throw new EngineError('session.expired', message);
    }
    const connection = { ...live.connection, siteContentUrl: live.info.siteContentUrl };
    try {
      await this.signIn(connection, live.credentials, 'reSignedIn');
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      const message = `The session expired and signing in again failed: ${why}`;
      this.end(connectionId, message);
      throw new EngineError(
        'session.expired',
        message,
        error instanceof EngineError ? error.detail : undefined,
      );
    }
  }

  private async doSignIn(
    connection: Connection,
    credentials: Credentials,
    reason: 'signedIn' | 'reSignedIn',
  ): Promise<SessionInfo> {
    const base = new URL(connection.serverUrl);
    const server = await this.serverInfo(connection, base);
    const apiVersion = server.apiVersion;
    const body = {
      credentials: {
        ...credentialFields(credentialsFor(credentials, apiVersion)),
        site: { contentUrl: connection.siteContentUrl },
      },
    };
    const response = await this.call(
      connection,
      'POST',
      `/api/${apiVersion}/auth/signin`,
      body,
      undefined,
      TRANSIENT_STATUSES,
    );
    const parsed = parseJson(response);
    if (response.status !== 200) {
      const error = readTableauError(parsed);
      this.sessions.delete(connection.id);
      this.deps.onChange({
        connectionId: connection.id,
        session: null,
        reason: 'failed',
        message: error?.detail,
      });
      throw new EngineError(
        'session.signInFailed',
        error
          ? `Sign-in failed: ${error.summary} (${error.code}). ${error.detail}`
          : `Sign-in failed with HTTP ${response.status}.`,
        error ?? undefined,
      );
    }
    const info = await this.adopt(
      connection,
      apiVersion,
      server.productVersion,
      parsed,
      credentials,
    );
    this.deps.onChange({ connectionId: connection.id, session: info, reason });
    return info;
  }

  /** Switch Site (2.6+): a new token for another site, same user (tableau-api.md §2). */
  async switchSite(connection: Connection, siteContentUrl: string): Promise<SessionInfo> {
    const live = this.sessions.get(connection.id);
    if (!live) throw new EngineError('session.none', `Sign in to “${connection.name}” first.`);
    this.checkOrigin(connection);
    if (live.info.siteContentUrl.toLowerCase() === siteContentUrl.toLowerCase()) return live.info;
    const { apiVersion, productVersion } = live.info;
    const response = await this.call(
      connection,
      'POST',
      `/api/${apiVersion}/auth/switchSite`,
      { site: { contentUrl: siteContentUrl } },
      live.token,
    );
    const parsed = parseJson(response);
    const error = readTableauError(parsed);
    // 403070: already on that site (TSC ignores it too).
    if (error?.code === '403070') return live.info;
    if (response.status !== 200) {
      throw new EngineError(
        'session.switchSiteFailed',
        error
          ? `Switching to site “${siteContentUrl}” failed: ${error.summary} (${error.code}). ${error.detail}`
          : `Switching site failed with HTTP ${response.status}.`,
        error ?? undefined,
      );
    }
    const info = await this.adopt(connection, apiVersion, productVersion, parsed, live.credentials);
    this.deps.onChange({ connectionId: connection.id, session: info, reason: 'switchedSite' });
    return info;
  }

  /** Reads a credentials block and makes it the connection's live session. */
  private async adopt(
    connection: Connection,
    apiVersion: string,
    productVersion: string,
    parsed: unknown,
    credentials: Credentials | null,
  ): Promise<SessionInfo> {
    const creds = (parsed as { credentials?: Record<string, unknown> } | null)?.credentials;
    const token = typeof creds?.token === 'string' ? creds.token : '';
    const site = (creds?.site ?? {}) as Record<string, string>;
    const user = (creds?.user ?? {}) as Record<string, string>;
    if (!token || !site.id || !user.id) {
      throw new EngineError(
        'session.badResponse',
        'The server answered sign-in without a token, site or user.',
      );
    }
    const names = await this.currentNames(connection, apiVersion, token);
    const info: SessionInfo = {
      connectionId: connection.id,
      userId: user.id,
      userName: names?.userName ?? (credentials?.identity || user.id),
      siteId: site.id,
      siteName: names?.siteName ?? (site.contentUrl || 'Default'),
      siteContentUrl: site.contentUrl ?? connection.siteContentUrl,
      serverUrl: new URL(connection.serverUrl).origin,
      productVersion,
      apiVersion,
      expiresAt: expiryFrom(creds?.estimatedTimeToExpiration),
      signedInAt: new Date().toISOString(),
    };
    // A JWT is not kept for renewal: connected-app JWTs live minutes and are used once.
    const kept = credentials && credentials.kind !== 'jwt' ? credentials : null;
    this.sessions.set(connection.id, { token, info, credentials: kept, connection });
    return info;
  }

  /**
   * Ends the session, signing out at the origin that issued the token (the connection as it
   * was at sign-in, whatever it says now). `message` tells the renderer why, when not asked.
   */
  async signOut(connection: Connection, message?: string): Promise<void> {
    const live = this.sessions.get(connection.id);
    this.sessions.delete(connection.id);
    if (live) {
      // Best effort: the session is gone locally whatever the server says.
      await this.call(
        live.connection,
        'POST',
        `/api/${live.info.apiVersion}/auth/signout`,
        null,
        live.token,
      ).catch(() => undefined);
    }
    this.deps.onChange({
      connectionId: connection.id,
      session: null,
      reason: 'signedOut',
      ...(message ? { message } : {}),
    });
  }

  /** Drops a session that can no longer be renewed and tells the renderer why. */
  end(connectionId: string, message: string): void {
    this.sessions.delete(connectionId);
    this.deps.onChange({ connectionId, session: null, reason: 'expired', message });
  }

  /** The API version to use (pinned, or read from serverinfo, or the cached one) and the product version. */
  private async serverInfo(connection: Connection, base: URL): Promise<ServerInfo> {
    const pinned =
      connection.apiVersion.mode === 'pinned' ? connection.apiVersion.pinned : undefined;
    let read: ServerInfo | null = null;
    let problem = '';
    try {
      const response = await this.call(
        connection,
        'GET',
        '/api/2.4/serverinfo',
        null,
        undefined,
        TRANSIENT_STATUSES,
      );
      read = readServerInfo(response.status, parseJson(response));
      if (!read) problem = `HTTP ${response.status}`;
    } catch (error) {
      // A refused certificate or an unreadable CA bundle fails sign-in too: say so plainly.
      if (error instanceof EngineError && TLS_FAILURES.has(error.code)) throw error;
      problem = error instanceof Error ? error.message : String(error);
    }
    if (read && !pinned) this.deps.onApiVersionDetected?.(connection.id, read.apiVersion);
    const apiVersion = pinned ?? read?.apiVersion ?? connection.apiVersion.detected;
    if (!apiVersion) {
      throw new EngineError(
        'session.noServerInfo',
        `Could not read the server's REST API version from ${base.origin}/api/2.4/serverinfo (${problem}). Pin an API version on the connection.`,
      );
    }
    return { apiVersion, productVersion: read?.productVersion ?? 'unknown' };
  }

  /** User and site names from `GET /sessions/current` (3.1+); absent on older servers. */
  private async currentNames(connection: Connection, apiVersion: string, token: string) {
    const response = await this.call(
      connection,
      'GET',
      `/api/${apiVersion}/sessions/current`,
      null,
      token,
    ).catch(() => null);
    if (!response || response.status !== 200) return null;
    const session = (
      parseJson(response) as { session?: { user?: { name?: string }; site?: { name?: string } } }
    ).session;
    if (!session?.user?.name || session.site?.name === undefined) return null;
    return { userName: session.user.name, siteName: session.site.name };
  }

  private async call(
    connection: Connection,
    method: 'GET' | 'POST',
    path: string,
    body: unknown,
    token?: string,
    /** 5xx answers also tried again: for sign-in and serverinfo, which create nothing to repeat. */
    extraStatuses?: readonly number[],
  ): Promise<HttpResponse> {
    try {
      const { response } = await sendWithRetry(
        {
          url: new URL(path, connection.serverUrl),
          method,
          headers: {
            accept: 'application/json',
            ...(body === null ? {} : { 'content-type': 'application/json' }),
            ...(token ? { 'x-tableau-auth': token } : {}),
          },
          body: body === null ? undefined : Buffer.from(JSON.stringify(body)),
          timeoutMs: 60_000,
          tls: await this.deps.tlsFor(connection),
          // Sign-in, serverinfo and session answers are a few kilobytes.
          maxBodyBytes: 8 * 1024 * 1024,
        },
        this.deps.retryPolicy,
        // Sign-in, switch and server info are safe to repeat after a throttle or a broken answer.
        { method, idempotent: true, extraStatuses },
      );
      return response;
    } catch (error) {
      if (error instanceof TransportError)
        throw new EngineError(`request.${error.code}`, error.message);
      throw error;
    }
  }
}

function parseJson(response: HttpResponse): unknown {
  try {
    return JSON.parse(response.body.toString('utf8'));
  } catch {
    return null;
  }
}

export type { Credentials };
