import { randomBytes, randomUUID } from 'node:crypto';

export interface Session {
  /** The session id (Delete Server Session, `DELETE /sessions/{session-id}`). */
  id: string;
  token: string;
  userId: string;
  siteId: string;
  siteContentUrl: string;
  expiresAt: number;
  /** The PAT name used to sign in; a new sign-in with it ends this session. */
  pat?: string;
}

/** Live REST sessions. Tokens are random; the PAT one-session rule lives here. */
export class SessionStore {
  private readonly byToken = new Map<string, Session>();
  private readonly byPat = new Map<string, string>();

  constructor(private ttlMinutes: number) {}

  create(userId: string, siteId: string, siteContentUrl: string, pat?: string): Session {
    // Tableau tokens look like `eIX6mvFsqyansa4KqEI1UwOpS8ggRs2l|<user-luid>|<site-luid>` on
    // newer servers; a 32-character opaque token is what the fixtures show.
    const token = randomBytes(24).toString('base64url').slice(0, 32);
    const session: Session = {
      id: randomUUID(),
      token,
      userId,
      siteId,
      siteContentUrl,
      expiresAt: Date.now() + this.ttlMinutes * 60_000,
      pat,
    };
    if (pat) {
      // Signing in again with the same PAT ends the earlier session (Tableau KB; TSC #717).
      const previous = this.byPat.get(pat);
      if (previous) this.byToken.delete(previous);
      this.byPat.set(pat, token);
    }
    this.byToken.set(token, session);
    return session;
  }

  /** The live session for a token, or undefined when unknown, superseded or expired. */
  get(token: string): Session | undefined {
    const session = this.byToken.get(token);
    if (!session) return undefined;
    if (session.expiresAt <= Date.now()) {
      this.delete(token);
      return undefined;
    }
    return session;
  }

  delete(token: string): void {
    const session = this.byToken.get(token);
    if (!session) return;
    this.byToken.delete(token);
    if (session.pat && this.byPat.get(session.pat) === token) this.byPat.delete(session.pat);
  }

  list(): Session[] {
    const now = Date.now();
    return [...this.byToken.values()].filter((s) => s.expiresAt > now);
  }

  expireAll(): void {
    for (const session of this.byToken.values()) session.expiresAt = 0;
  }

  /** `estimatedTimeToExpiration` as Tableau writes it: `hhh:mm:ss`. */
  static timeToExpiration(session: Session): string {
    const total = Math.max(0, Math.floor((session.expiresAt - Date.now()) / 1000));
    const pad = (n: number) => String(n).padStart(2, '0');
    return `${pad(Math.floor(total / 3600))}:${pad(Math.floor(total / 60) % 60)}:${pad(total % 60)}`;
  }
}
