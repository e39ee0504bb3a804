import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const KEY_COOKIE = 'trestle_key';

export type AccessVerdict =
  | { allow: true; setCookie: boolean; url: URL }
  | { allow: false; status: 400 | 401 | 403; message: string };

/**
 * The web host's gate (DESIGN.md §5): Host must be our loopback address (no DNS rebinding),
 * Origin, when sent, must be our own (no cross-site calls), and the access key must come as
 * `?key=`, the cookie, or `Authorization: Bearer`.
 */
export function checkAccess(
  request: IncomingMessage,
  port: number,
  accessKey: string,
): AccessVerdict {
  const allowedHosts = [`127.0.0.1:${port}`, `localhost:${port}`];
  const host = request.headers.host ?? '';
  if (!allowedHosts.includes(host)) {
    return {
      allow: false,
      status: 403,
      message: 'Forbidden: this host only answers to 127.0.0.1 and localhost.',
    };
  }
  const origin = request.headers.origin;
  if (origin !== undefined && origin !== `http://${host}`) {
    return { allow: false, status: 403, message: 'Forbidden: cross-origin requests are refused.' };
  }
  let url: URL;
  try {
    url = new URL(request.url ?? '/', `http://${host}`);
  } catch {
    return { allow: false, status: 400, message: 'Bad request: the request target is not a URL.' };
  }
  const fromQuery = url.searchParams.get('key');
  if (fromQuery !== null && sameKey(fromQuery, accessKey))
    return { allow: true, setCookie: true, url };
  const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
  if (bearer !== undefined && sameKey(bearer, accessKey))
    return { allow: true, setCookie: false, url };
  const cookie = readCookie(request.headers.cookie ?? '', KEY_COOKIE);
  if (cookie !== null && sameKey(cookie, accessKey)) return { allow: true, setCookie: false, url };
  return {
    allow: false,
    status: 401,
    message: 'Unauthorized: open the URL with the access key that `npm run web` printed.',
  };
}

function sameKey(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** A cookie's value; a malformed one (bad percent-encoding) counts as absent, never an error. */
function readCookie(header: string, name: string): string | null {
  for (const part of header.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key !== name) continue;
    try {
      return decodeURIComponent(rest.join('='));
    } catch {
      return null;
    }
  }
  return null;
}

export function keyCookie(accessKey: string): string {
  return `${KEY_COOKIE}=${encodeURIComponent(accessKey)}; HttpOnly; SameSite=Strict; Path=/`;
}
