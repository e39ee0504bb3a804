import { isTokenEndpoint, normalizeApiPath } from '../api-path';
import type { ConnectionHint, ImportNote } from './report';

/**
 * What an imported request does for the session and Trestle does itself (DESIGN.md §4, §13):
 * the `X-Tableau-Auth` header and the variables that carry a token, sign-in and sign-out
 * requests, the variables Tableau's collection uses for the server, version and site.
 */

export const TOKEN_HEADER = 'x-tableau-auth';

/** Variables that hold a session token: `{{token}}`, `{{api-key}}` (Tableau's collection), `{{auth-token}}`… */
export const TOKEN_VARIABLE =
  /^(x-?tableau-?auth|token|(auth|api|session|tableau|access|rest)[-_ ]?(token|key)|credentials[-_.]token)$/i;

/** Variables Tableau's collection uses for where requests go; the tab's connection says that. */
export const SERVER_VARIABLES =
  /^(server|protocol|base-?path|new-?path|host|url|base-?url|server-?url|tableau-?server)$/i;
export const VERSION_VARIABLE =
  /^(api-?version|api_version|apiversion|version|rest-?api-?version)$/i;
export const SITE_ID_VARIABLE = /^(site-?id|site_id|siteid|site-?luid)$/i;
export const SITE_URL_VARIABLE = /^(content-?url|site-?content-?url|site-?url|site)$/i;

/** Sign-in credentials of Tableau's environment (`admin-PAT-secret`, `user-password`, `jwt`…): the connection's. */
export const CREDENTIAL_VARIABLE =
  /^((admin|user)[-_]?)?(user-?name|password|pat-?name|pat-?secret|personal-?access-?token-?(name|secret))$|^jwt$/i;

/** Names that say "secret": their values are never kept in a collection. */
export const SECRET_NAME = /(password|passwd|secret|token|jwt|api-?key|private|credential)/i;

export type SessionRequestKind = 'signin' | 'switchsite' | 'signout';

/** Sign In, Switch Site and Sign Out: Trestle's connection does these, never a saved request. */
export function sessionRequestKind(path: string): SessionRequestKind | null {
  const normalized = normalizeApiPath(path.replace(/\{\{[^{}]*\}\}/g, 'x'));
  if (normalized === null) return null;
  const last = normalized.split('/').filter(Boolean).slice(-2);
  if (last[0]?.toLowerCase() !== 'auth') return null;
  const method = last[1]?.toLowerCase().replace(/\.[^.]*$/, '');
  if (method === 'signout') return 'signout';
  if (!isTokenEndpoint(normalized)) return null;
  return method === 'switchsite' ? 'switchsite' : 'signin';
}

export function sessionRequestNote(kind: SessionRequestKind): ImportNote {
  const what = kind === 'signin' ? 'Sign In' : kind === 'switchsite' ? 'Switch Site' : 'Sign Out';
  return {
    kind: 'changed',
    what: `${what} request`,
    why:
      kind === 'signout'
        ? 'Trestle signs out with the connection’s Sign out; the request is kept for its documentation and is not sent as a plain request.'
        : `Trestle signs in with the tab’s connection (its ${kind === 'signin' ? 'Sign in' : 'Switch site'}) and keeps the token to itself; the request is kept for its documentation and is not sent as a plain request.`,
  };
}

const JSON_SECRET_FIELDS = ['password', 'personalAccessTokenSecret', 'jwt'];

/**
 * A sign-in body with literal secrets emptied (a `{{variable}}` is kept: it holds no secret),
 * what it told about the connection, and whether anything was emptied.
 */
export function signInBody(text: string): {
  text: string;
  hint: ConnectionHint;
  emptied: string[];
} {
  const hint: ConnectionHint = {};
  const emptied: string[] = [];
  const literal = (value: string) => value !== '' && !/^\s*\{\{[^{}]+\}\}\s*$/.test(value);
  try {
    const parsed = JSON.parse(text) as { credentials?: Record<string, unknown> };
    const credentials = parsed?.credentials;
    if (credentials && typeof credentials === 'object') {
      for (const field of JSON_SECRET_FIELDS) {
        const value = credentials[field];
        if (typeof value === 'string' && literal(value)) {
          credentials[field] = '';
          emptied.push(field);
        }
      }
      const name = credentials.personalAccessTokenName ?? credentials.name;
      if (typeof name === 'string' && literal(name)) hint.identity = name;
      hint.authKind =
        'personalAccessTokenName' in credentials
          ? 'pat'
          : 'jwt' in credentials
            ? 'jwt'
            : 'password';
      const site = credentials.site as { contentUrl?: unknown } | undefined;
      if (typeof site?.contentUrl === 'string' && !/\{\{/.test(site.contentUrl))
        hint.siteContentUrl = site.contentUrl;
      return { text: emptied.length ? JSON.stringify(parsed, null, 2) : text, hint, emptied };
    }
  } catch {
    // Not JSON: read it as Tableau's XML below.
  }
  let out = text;
  for (const field of JSON_SECRET_FIELDS) {
    out = out.replace(
      new RegExp(`(\\b${field}\\s*=\\s*)(["'])(.*?)\\2`, 'gi'),
      (whole, head: string, quote: string, value: string) => {
        if (!literal(value)) return whole;
        emptied.push(field);
        return `${head}${quote}${quote}`;
      },
    );
  }
  const name = /\b(?:personalAccessTokenName|name)\s*=\s*(["'])(.*?)\1/i.exec(out)?.[2];
  if (name && literal(name)) hint.identity = name;
  if (/personalAccessTokenName/i.test(out)) hint.authKind = 'pat';
  else if (/\bjwt\s*=/i.test(out)) hint.authKind = 'jwt';
  else if (/\bpassword\s*=/i.test(out)) hint.authKind = 'password';
  const site = /<site\b[^>]*\bcontentUrl\s*=\s*(["'])(.*?)\1/i.exec(out)?.[2];
  if (site !== undefined && !/\{\{/.test(site)) hint.siteContentUrl = site;
  return { text: out, hint, emptied };
}
