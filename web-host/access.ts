import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export type AccessVerdict =
  | { allow: true; setCookie: boolean; url: URL }
  | { allow: false; status: 400 | 401 | 403; message: string };

/**
 * What lets a browser in (DESIGN.md §5). The access key is given once, in the URL; the host
 * then sets a cookie holding a session value made for this run — never the key, so a cookie
 * that leaks (cookies are not port-scoped: every server on 127.0.0.1 the browser visits gets
 * them) gives nothing that outlives the run. The cookie's name carries the port, so hosts on
 * other ports keep their own.
 */
export interface WebAccess {
  accessKey: string;
  /** Random for each run; what the session cookie holds. */
  session: string;
}

export function newWebAccess(accessKey: string): WebAccess {
  return { accessKey, session: randomBytes(32).toString('base64url') };
}

export function sessionCookieName(port: number): string {
  return `trestle-session-${port}`;
}

/**
 * The web host's gate: Host must be our loopback address (no DNS rebinding), Origin, when
 * sent, must be our own (no cross-site calls), and the request must carry the key as `?key=`
 * or `Authorization: Bearer`, or the session value in our cookie.
 */
export function checkAccess(
  request: IncomingMessage,
  port: number,
  access: WebAccess,
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
  if (fromQuery !== null && same(fromQuery, access.accessKey))
    return { allow: true, setCookie: true, url };
  const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
  if (bearer !== undefined && same(bearer, access.accessKey))
    return { allow: true, setCookie: false, url };
  // Every cookie of our name is tried: one planted by a page on another port of 127.0.0.1
  // (the browser sends it here too) must not shadow ours and lock the app out.
  const cookies = cookieValues(request.headers.cookie ?? '', sessionCookieName(port));
  if (cookies.some((value) => same(value, access.session)))
    return { allow: true, setCookie: false, url };
  return {
    allow: false,
    status: 401,
    message: 'Unauthorized: open the URL with the access key that `npm run web` printed.',
  };
}

/** Constant-time equality: how much of a guess was right does not show in the time taken. */
function same(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The values of every cookie called `name`, as sent (our session values need no decoding);
 * other cookies, and malformed ones, are ignored.
 */
function cookieValues(header: string, name: string): string[] {
  const values: string[] = [];
  for (const part of header.split(';')) {
    const at = part.indexOf('=');
    if (at !== -1 && part.slice(0, at).trim() === name) values.push(part.slice(at + 1).trim());
  }
  return values;
}

export function sessionCookie(port: number, access: WebAccess): string {
  return `${sessionCookieName(port)}=${access.session}; HttpOnly; SameSite=Strict; Path=/`;
}
