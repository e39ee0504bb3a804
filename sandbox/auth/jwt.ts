import { createHmac, timingSafeEqual } from 'node:crypto';
import type { ConnectedAppConfig } from '../options';

export interface JwtClaims {
  sub: string;
  scp: string[];
}

function decodePart(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Verifies a connected-app (direct trust) JWT: HS256 signed with the app's secret, `kid` =
 * secret id, `iss` = client id, `aud` = "tableau", unexpired `exp`, a `sub` and `scp` scopes.
 * Any failure is a sign-in failure (401001), as on Tableau.
 */
export function verifyConnectedAppJwt(
  jwt: string,
  app: ConnectedAppConfig,
  nowSeconds = Date.now() / 1000,
): JwtClaims | undefined {
  const parts = jwt.split('.');
  if (parts.length !== 3) return undefined;
  const [headerPart, payloadPart, signaturePart] = parts;
  const header = decodePart(headerPart);
  const payload = decodePart(payloadPart);
  if (!header || !payload || header.alg !== 'HS256') return undefined;
  const expected = createHmac('sha256', app.secretValue)
    .update(`${headerPart}.${payloadPart}`)
    .digest();
  const given = Buffer.from(signaturePart, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  if (header.kid !== undefined && header.kid !== app.secretId) return undefined;
  if (payload.iss !== app.clientId) return undefined;
  const aud = payload.aud;
  if (aud !== 'tableau' && !(Array.isArray(aud) && aud.includes('tableau'))) return undefined;
  if (typeof payload.exp !== 'number' || payload.exp <= nowSeconds) return undefined;
  if (typeof payload.sub !== 'string' || payload.sub === '') return undefined;
  const scp = payload.scp;
  if (!Array.isArray(scp) || scp.length === 0 || !scp.every((s) => typeof s === 'string')) {
    return undefined;
  }
  return { sub: payload.sub, scp: scp as string[] };
}

/** Signs a JWT the way a connected-app client would (used by tests and the CLI docs). */
export function signConnectedAppJwt(
  app: ConnectedAppConfig,
  claims: Record<string, unknown>,
): string {
  const header = Buffer.from(
    JSON.stringify({ alg: 'HS256', typ: 'JWT', kid: app.secretId, iss: app.clientId }),
  ).toString('base64url');
  const payload = Buffer.from(
    JSON.stringify({ iss: app.clientId, aud: 'tableau', ...claims }),
  ).toString('base64url');
  const signature = createHmac('sha256', app.secretValue)
    .update(`${header}.${payload}`)
    .digest('base64url');
  return `${header}.${payload}.${signature}`;
}
