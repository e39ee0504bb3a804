import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const KEY_COOKIE = 'trestle_key';

export type AccessVerdict =
  { allow: true; setCookie: boolean } | { allow: false; status: 401 | 403; message: string };

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
  const url = new URL(request.url ?? '/', `http://${host}`);
  const fromQuery = url.searchParams.get('key');
  if (fromQuery !== null && sameKey(fromQuery, accessKey)) return { allow: true, setCookie: true };
  const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
  if (bearer !== undefined && sameKey(bearer, accessKey)) return { allow: true, setCookie: false };
  const cookie = readCookie(request.headers.cookie ?? '', KEY_COOKIE);
  if (cookie !== null && sameKey(cookie, accessKey)) return { allow: true, setCookie: false };
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

function readCookie(header: string, name: string): string | null {
  for (const part of header.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return null;
}

export function keyCookie(accessKey: string): string {
  return `${KEY_COOKIE}=${encodeURIComponent(accessKey)}; HttpOnly; SameSite=Strict; Path=/`;
}
