/**
 * One reading of a request path for every check the engine makes (issue 11, items 7 and 8):
 * the executor, the pager and history all ask these functions, so no check reads a path
 * differently from another. Pure: no URL parser, no I/O.
 */

/** Rounds of percent-decoding after the first, for paths encoded twice or more. */
const EXTRA_DECODE_ROUNDS = 3;

/**
 * The path as the most lenient server could route it: percent-encoding decoded (encoded
 * slashes and dots included, repeatedly, for double encoding), backslashes as slashes,
 * `;params` cut from each segment (Tomcat does), empty and `.` segments dropped, `..`
 * resolved, no trailing slash. Null when the path's percent-encoding is malformed or it holds
 * control characters: no server reads those the same way, so they are not sent.
 * A query or fragment after `?`/`#` is ignored.
 */
export function normalizeApiPath(path: string): string | null {
  let text = path.split(/[?#]/, 1)[0];
  if (/%(?![0-9A-Fa-f]{2})/.test(text)) return null;
  try {
    text = decodeURIComponent(text);
  } catch {
    return null;
  }
  for (let round = 0; round < EXTRA_DECODE_ROUNDS && /%[0-9A-Fa-f]{2}/.test(text); round++) {
    // After the first round a lone `%` is a literal one (`50%25` is "50%"); runs that do not
    // decode as UTF-8 stay as they are.
    text = text.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
      try {
        return decodeURIComponent(run);
      } catch {
        return run;
      }
    });
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(text)) return null;
  const segments: string[] = [];
  for (const raw of text.replace(/\\/g, '/').split('/')) {
    const segment = raw.split(';', 1)[0];
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  return `/${segments.join('/')}`;
}

/** A segment as a lenient router compares it: any case, trailing dots and spaces dropped (Windows). */
function segmentKey(segment: string): string {
  return segment.toLowerCase().replace(/[\s.]+$/, '');
}

/**
 * Tableau methods whose answer is a session token (tableau-api.md §2): Sign In and Switch
 * Site return a `credentials` block. The engine makes these calls itself; as plain requests
 * their token would reach the window, history and exports.
 */
const TOKEN_METHODS = new Set(['signin', 'switchsite']);
/**
 * Sign Out answers 204 without a token, but it ends the session the engine holds, which would
 * then sign in again by itself: it goes through the connection's Sign out only.
 */
const SESSION_METHODS = new Set(['signout']);

/** The `auth/<method>` a path ends in, read leniently (a `.json` suffix too), or null. */
function authMethod(path: string | null): string | null {
  if (path === null) return null;
  const segments = path.split('/').filter(Boolean);
  if (segments.length < 2 || segmentKey(segments[segments.length - 2]) !== 'auth') return null;
  return segmentKey(segments[segments.length - 1]).replace(/\.[^.]*$/, '');
}

/**
 * True when a path could reach Sign In or Switch Site on some server, however it is written
 * (`auth//signin`, `auth%2Fsignin`, `AUTH/SignIn;x`, `sites/../auth/signin`…), and for a
 * path that cannot be read at all: history and the executor treat it as one.
 */
export function isTokenEndpoint(path: string): boolean {
  const normalized = normalizeApiPath(path);
  if (normalized === null) return true;
  const method = authMethod(normalized);
  return method !== null && TOKEN_METHODS.has(method);
}

/**
 * The prefixes of Tableau's APIs, from the catalog's paths (tableau-api.md §1): the versioned
 * REST API `/api/3.x/`, the experimental `/api/exp/`, the versionless `/api/-/` (Pulse,
 * search, identity pools…), the Metadata API `/api/metadata/` and VizQL Data Service
 * `/api/v1/`. Anything else on the server (its web UI, a sandbox's control API) is not sent.
 */
const API_AREA = /^(\d+\.\d+|exp|-|metadata|v\d+)$/i;

function underApi(segments: string[]): boolean {
  return segments[0]?.toLowerCase() === 'api' && API_AREA.test(segments[1] ?? '');
}

export type ApiPathProblem = {
  code: 'request.badPath' | 'request.outsideApi' | 'request.tokenEndpoint';
  message: string;
};

/**
 * Why a path must not be sent, or null. `pathname` is the path as it goes on the wire
 * (a URL's `pathname`): it must lie under a Tableau API prefix both as written and as the
 * most lenient server reads it, and must not reach a token or session method.
 */
export function apiPathProblem(pathname: string): ApiPathProblem | null {
  const normalized = normalizeApiPath(pathname);
  if (normalized === null) {
    return {
      code: 'request.badPath',
      message:
        'The path has a malformed percent-encoding or a control character (write a literal % as %25).',
    };
  }
  const method = authMethod(normalized);
  if (method !== null && TOKEN_METHODS.has(method)) {
    return {
      code: 'request.tokenEndpoint',
      message:
        'Sign-in and switch-site answer with a session token, which Trestle keeps out of the window: use the connection’s Sign in or Switch site instead.',
    };
  }
  if (method !== null && SESSION_METHODS.has(method)) {
    return {
      code: 'request.tokenEndpoint',
      message:
        'Sign Out ends the session Trestle holds for this connection: use the connection’s Sign out instead.',
    };
  }
  const written = pathname.split(/[?#]/, 1)[0].split('/').slice(1);
  if (!underApi(written) || !underApi(normalized.split('/').slice(1))) {
    return {
      code: 'request.outsideApi',
      message: `Trestle sends requests only under Tableau’s API paths (/api/3.x/…, /api/exp/…, /api/-/…, /api/metadata/…, /api/v1/…); ${pathname.slice(0, 200)} is not one.`,
    };
  }
  return null;
}
