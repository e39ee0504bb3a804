import type { Connection, SessionInfo } from '../../shared/connection';
import { readTableauError } from '../../shared/tableau-errors';
import { EngineError } from './errors';
import { sendHttp, type HttpResponse } from './http-client';

/** What a sign-in needs besides the connection: the secret, held in memory only. */
export interface Credentials {
  kind: Connection['auth']['kind'];
  identity: string;
  secret: string;
}

interface LiveSession {
  token: string;
  info: SessionInfo;
  credentials: Credentials;
}

export type SessionChange = {
  connectionId: string;
  session: SessionInfo | null;
  reason: 'signedIn' | 'signedOut' | 'reSignedIn' | 'expired' | 'switchedSite' | 'failed';
  message?: string;
};

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
 * nothing this class returns carries it.
 */
export class SessionManager {
  private readonly sessions = new Map<string, LiveSession>();
  private readonly inflight = new Map<string, Promise<SessionInfo>>();

  constructor(private readonly onChange: (change: SessionChange) => void) {}

  info(connectionId: string): SessionInfo | null {
    return this.sessions.get(connectionId)?.info ?? null;
  }

  list(): SessionInfo[] {
    return [...this.sessions.values()].map((s) => s.info);
  }

  /** The token for a request; only the executor calls this. */
  tokenFor(connectionId: string): string | null {
    return this.sessions.get(connectionId)?.token ?? null;
  }

  credentialsFor(connectionId: string): Credentials | null {
    return this.sessions.get(connectionId)?.credentials ?? null;
  }

  /** Single-flight per connection: concurrent callers share one sign-in (a PAT holds one session). */
  signIn(connection: Connection, credentials: Credentials, reason: 'signedIn' | 'reSignedIn' = 'signedIn'): Promise<SessionInfo> {
    const pending = this.inflight.get(connection.id);
    if (pending) return pending;
    const run = this.doSignIn(connection, credentials, reason).finally(() => this.inflight.delete(connection.id));
    this.inflight.set(connection.id, run);
    return run;
  }

  private async doSignIn(connection: Connection, credentials: Credentials, reason: 'signedIn' | 'reSignedIn'): Promise<SessionInfo> {
    const base = new URL(connection.serverUrl);
    const apiVersion = await this.resolveApiVersion(connection, base);
    const body = { credentials: { ...credentialFields(credentials), site: { contentUrl: connection.siteContentUrl } } };
    const response = await this.post(base, `/api/${apiVersion}/auth/signin`, body);
    const parsed = parseJson(response);
    if (response.status !== 200) {
      const error = readTableauError(parsed);
      this.sessions.delete(connection.id);
      this.onChange({ connectionId: connection.id, session: null, reason: 'failed', message: error?.detail });
      throw new EngineError(
        'session.signInFailed',
        error ? `Sign-in failed: ${error.summary} (${error.code}). ${error.detail}` : `Sign-in failed with HTTP ${response.status}.`,
        error ?? undefined,
      );
    }
    const creds = (parsed as { credentials?: Record<string, unknown> }).credentials;
    const token = typeof creds?.token === 'string' ? creds.token : '';
    const site = (creds?.site ?? {}) as Record<string, string>;
    const user = (creds?.user ?? {}) as Record<string, string>;
    if (!token || !site.id || !user.id) {
      throw new EngineError('session.badResponse', 'The server answered sign-in without a token, site or user.');
    }
    const product = await this.productVersion(base, apiVersion);
    const names = await this.currentNames(base, apiVersion, token);
    const info: SessionInfo = {
      connectionId: connection.id,
      userId: user.id,
      userName: names?.userName ?? (credentials.identity || user.id),
      siteId: site.id,
      siteName: names?.siteName ?? (site.contentUrl || 'Default'),
      siteContentUrl: site.contentUrl ?? connection.siteContentUrl,
      serverUrl: base.origin,
      productVersion: product,
      apiVersion,
      expiresAt: expiryFrom(creds?.estimatedTimeToExpiration),
      signedInAt: new Date().toISOString(),
    };
    this.sessions.set(connection.id, { token, info, credentials });
    this.onChange({ connectionId: connection.id, session: info, reason });
    return info;
  }

  async signOut(connection: Connection): Promise<void> {
    const live = this.sessions.get(connection.id);
    this.sessions.delete(connection.id);
    if (live) {
      // Best effort: the session is gone locally whatever the server says.
      await this.post(new URL(connection.serverUrl), `/api/${live.info.apiVersion}/auth/signout`, null, live.token).catch(() => undefined);
    }
    this.onChange({ connectionId: connection.id, session: null, reason: 'signedOut' });
  }

  /** Drops a session that can no longer be renewed and tells the renderer why. */
  end(connectionId: string, message: string): void {
    this.sessions.delete(connectionId);
    this.onChange({ connectionId, session: null, reason: 'expired', message });
  }

  private async resolveApiVersion(connection: Connection, base: URL): Promise<string> {
    if (connection.apiVersion.mode === 'pinned' && connection.apiVersion.pinned) return connection.apiVersion.pinned;
    const response = await sendHttp({
      url: new URL('/api/2.4/serverinfo', base),
      method: 'GET',
      headers: { accept: 'application/json' },
      timeoutMs: 30_000,
    });
    const parsed = parseJson(response) as { serverInfo?: { restApiVersion?: unknown } };
    const version = parsed.serverInfo?.restApiVersion;
    const text = typeof version === 'string' ? version : (version as { value?: string } | undefined)?.value;
    if (response.status !== 200 || !text || !/^\d+\.\d+$/.test(text)) {
      throw new EngineError('session.noServerInfo', `Could not read the server's REST API version from ${base.origin}/api/2.4/serverinfo (HTTP ${response.status}).`);
    }
    return text;
  }

  private async productVersion(base: URL, apiVersion: string): Promise<string> {
    const response = await sendHttp({ url: new URL(`/api/${apiVersion}/serverinfo`, base), method: 'GET', headers: { accept: 'application/json' }, timeoutMs: 30_000 }).catch(() => null);
    const parsed = response ? (parseJson(response) as { serverInfo?: { productVersion?: { value?: string } | string } }) : null;
    const pv = parsed?.serverInfo?.productVersion;
    return typeof pv === 'string' ? pv : (pv?.value ?? 'unknown');
  }

  /** User and site names from `GET /sessions/current` (3.1+); absent on older servers. */
  private async currentNames(base: URL, apiVersion: string, token: string): Promise<{ userName: string; siteName: string } | null> {
    const response = await sendHttp({
      url: new URL(`/api/${apiVersion}/sessions/current`, base),
      method: 'GET',
      headers: { accept: 'application/json', 'x-tableau-auth': token },
      timeoutMs: 30_000,
    }).catch(() => null);
    if (!response || response.status !== 200) return null;
    const session = (parseJson(response) as { session?: { user?: { name?: string }; site?: { name?: string } } }).session;
    if (!session?.user?.name || session.site?.name === undefined) return null;
    return { userName: session.user.name, siteName: session.site.name };
  }

  private post(base: URL, path: string, body: unknown, token?: string): Promise<HttpResponse> {
    return sendHttp({
      url: new URL(path, base),
      method: 'POST',
      headers: {
        accept: 'application/json',
        'content-type': 'application/json',
        ...(token ? { 'x-tableau-auth': token } : {}),
      },
      body: body === null ? undefined : Buffer.from(JSON.stringify(body)),
      timeoutMs: 60_000,
    });
  }
}

function credentialFields(credentials: Credentials): Record<string, string> {
  switch (credentials.kind) {
    case 'pat':
      return { personalAccessTokenName: credentials.identity, personalAccessTokenSecret: credentials.secret };
    case 'password':
      return { name: credentials.identity, password: credentials.secret };
    case 'jwt':
      return { jwt: credentials.secret };
  }
}

function parseJson(response: HttpResponse): unknown {
  try {
    return JSON.parse(response.body.toString('utf8'));
  } catch {
    return null;
  }
}
