import type { SessionInfo } from '../../shared/connection';
import type { RequestSpec } from '../../shared/request';
import { fillPath, placeholders, SESSION_PLACEHOLDERS } from '../../shared/url-template';
import { sendableSpec } from './request-spec';

/** Where a request goes: the session's server, API version and site. */
export type UrlTarget = Pick<SessionInfo, 'serverUrl' | 'apiVersion' | 'siteId'>;

/** One stretch of the resolved URL as shown: text typed, a value filled in, or a gap. */
export interface UrlPiece {
  kind: 'origin' | 'text' | 'session' | 'value' | 'missing' | 'query';
  text: string;
  /** The placeholder a `session`, `value` or `missing` piece stands for. */
  name?: string;
}

export interface ResolvedUrl {
  pieces: UrlPiece[];
  /** The URL the engine will send, exactly; null while something is missing. */
  url: string | null;
  /** Placeholders the user has to fill (never filled by guessing). */
  missing: string[];
  /** Why there is no URL yet, in the user's words; null when there is one. */
  reason: string | null;
}

export const isSessionPlaceholder = (name: string) =>
  (SESSION_PLACEHOLDERS as readonly string[]).includes(name);

/** Path placeholders the user must fill and has not (blank counts as empty, as in the engine). */
export function emptyPlaceholders(spec: RequestSpec): string[] {
  return placeholders(spec.path).filter(
    (name) => !isSessionPlaceholder(name) && !spec.pathParams[name]?.trim(),
  );
}

function sessionValue(name: string, target: UrlTarget | null): string | undefined {
  if (!target) return undefined;
  return name === 'api-version' ? target.apiVersion : target.siteId;
}

/**
 * The full URL a request resolves to, built the way the engine's executor builds it (same
 * fill, same `URL` rules, the same enabled query rows), so what is shown before Send is what
 * is sent (DESIGN.md §11). Gaps — a field not filled, no session yet — are marked, not guessed.
 */
export function resolveUrl(spec: RequestSpec, target: UrlTarget | null): ResolvedUrl {
  const sendable = sendableSpec(spec);
  const missing = emptyPlaceholders(sendable);
  const values: Record<string, string | undefined> = { ...sendable.pathParams };
  for (const name of SESSION_PLACEHOLDERS)
    values[name] = sendable.pathParams[name]?.trim() || sessionValue(name, target);

  const origin = target ? safeOrigin(target.serverUrl) : null;
  const pieces: UrlPiece[] = [{ kind: 'origin', text: origin ?? 'https://{server}' }];
  for (const part of sendable.path.split(/(\{[A-Za-z0-9_-]+\})/g)) {
    if (!part) continue;
    const name = /^\{([A-Za-z0-9_-]+)\}$/.exec(part)?.[1];
    if (!name) pieces.push({ kind: 'text', text: part });
    else if (values[name]?.trim())
      pieces.push({
        kind:
          isSessionPlaceholder(name) && !sendable.pathParams[name]?.trim() ? 'session' : 'value',
        text: encodeURIComponent(values[name] as string),
        name,
      });
    else pieces.push({ kind: 'missing', text: part, name });
  }
  const search = new URLSearchParams();
  for (const q of sendable.query) if (q.enabled) search.append(q.name, q.value);
  const query = search.toString();
  if (query) pieces.push({ kind: 'query', text: `?${query}` });

  const fail = (reason: string): ResolvedUrl => ({ pieces, url: null, missing, reason });
  if (!target || !origin) return fail('Sign in to see the server, API version and site id.');
  if (missing.length > 0)
    return fail(`Fill in ${missing.map((n) => `{${n}}`).join(', ')}: it is never sent empty.`);
  let url: URL;
  try {
    const filled = fillPath(sendable.path, values);
    url = new URL(
      filled.startsWith('/') || /^[a-z]+:/i.test(filled) ? filled : `/${filled}`,
      origin,
    );
  } catch (error) {
    return fail((error as Error).message);
  }
  for (const q of sendable.query) if (q.enabled) url.searchParams.append(q.name, q.value);
  const href = url.toString();
  // The pieces show the same text as the URL unless the URL rules rewrote it (e.g. `..`).
  const shown = pieces.map((p) => p.text).join('');
  return {
    pieces: shown === href ? pieces : [{ kind: 'text', text: href }],
    url: href,
    missing,
    reason: null,
  };
}

function safeOrigin(serverUrl: string): string | null {
  try {
    return new URL(serverUrl).origin;
  } catch {
    return null;
  }
}
