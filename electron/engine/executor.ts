import { randomUUID } from 'node:crypto';
import type { Connection } from '../../shared/connection';
import type { RequestSpec, ResponseSummary } from '../../shared/request';
import { explainError, readTableauError } from '../../shared/tableau-errors';
import { findList, readPagination } from '../../shared/tableau-list';
import { tableauXmlToJson } from '../../shared/tableau-xml';
import { fillPath, MissingPlaceholderError } from '../../shared/url-template';
import { EngineError } from './errors';
import { sendHttp, TransportError, type HttpResponse } from './http-client';
import type { ResponseStore } from './response-store';
import type { SessionManager } from './sessions';

/** Parsed bodies up to this size travel whole with the summary; larger ones are read in slices. */
export const INLINE_BODY_LIMIT = 512 * 1024;
const PREVIEW_BYTES = 4096;
const REDACTED_HEADERS = new Set(['x-tableau-auth', 'set-cookie', 'cookie', 'authorization']);

export interface ExecutorDeps {
  sessions: SessionManager;
  responses: ResponseStore;
  defaultTimeoutMs: () => number;
}

/**
 * Sends a request spec for a signed-in connection: fills placeholders from the session, adds
 * `X-Tableau-Auth`, refuses any other origin, and returns a summary without the token.
 */
export class RequestExecutor {
  private readonly running = new Map<string, AbortController>();

  constructor(private readonly deps: ExecutorDeps) {}

  cancel(requestId: string): boolean {
    const controller = this.running.get(requestId);
    controller?.abort();
    return Boolean(controller);
  }

  async send(connection: Connection, spec: RequestSpec, requestId: string = randomUUID()): Promise<ResponseSummary> {
    const session = this.deps.sessions.info(connection.id);
    if (!session) throw new EngineError('session.none', `Sign in to “${connection.name}” first.`);
    const url = this.buildUrl(connection, spec, session);
    const controller = new AbortController();
    this.running.set(requestId, controller);
    try {
      const token = this.deps.sessions.tokenFor(connection.id) ?? '';
      const response = await sendHttp({
        url,
        method: spec.method,
        headers: this.buildHeaders(spec, token),
        body: spec.body.kind === 'none' ? undefined : Buffer.from(spec.body.text, 'utf8'),
        timeoutMs: spec.timeoutMs ?? this.deps.defaultTimeoutMs(),
        signal: controller.signal,
      });
      return this.summarize(requestId, spec, url, response);
    } catch (error) {
      if (error instanceof TransportError) throw new EngineError(`request.${error.code}`, error.message);
      throw error;
    } finally {
      this.running.delete(requestId);
    }
  }

  buildUrl(connection: Connection, spec: RequestSpec, session: { apiVersion: string; siteId: string; userId: string }): URL {
    const origin = new URL(connection.serverUrl).origin;
    let filled: string;
    try {
      filled = fillPath(spec.path, {
        ...spec.pathParams,
        'api-version': spec.pathParams['api-version'] || session.apiVersion,
        'site-id': spec.pathParams['site-id'] || session.siteId,
        'user-id': spec.pathParams['user-id'] || session.userId,
      });
    } catch (error) {
      if (error instanceof MissingPlaceholderError) throw new EngineError('request.missingPlaceholder', error.message, error.names);
      throw error;
    }
    if (/^[a-z][a-z0-9+.-]*:/i.test(filled) || filled.startsWith('//')) {
      const target = safeOrigin(filled);
      if (target !== origin) {
        throw new EngineError('request.foreignOrigin', `Trestle sends requests only to the signed-in server (${origin}); this one is aimed at ${target ?? filled}.`);
      }
    }
    const url = new URL(filled.startsWith('/') || /^[a-z]+:/i.test(filled) ? filled : `/${filled}`, origin);
    if (url.origin !== origin) {
      throw new EngineError('request.foreignOrigin', `Trestle sends requests only to the signed-in server (${origin}).`);
    }
    for (const param of spec.query) if (param.enabled) url.searchParams.append(param.name, param.value);
    return url;
  }

  private buildHeaders(spec: RequestSpec, token: string): Record<string, string> {
    const headers: Record<string, string> = {
      accept: spec.accept === 'xml' ? 'application/xml' : 'application/json',
    };
    if (spec.body.kind === 'json') headers['content-type'] = 'application/json';
    if (spec.body.kind === 'xml') headers['content-type'] = 'application/xml';
    if (spec.body.kind === 'text') headers['content-type'] = spec.body.contentType ?? 'text/plain';
    for (const header of spec.headers) {
      // The auth header is the engine's: a user header cannot replace it.
      if (!header.enabled || header.name.toLowerCase() === 'x-tableau-auth') continue;
      headers[header.name.toLowerCase()] = header.value;
    }
    if (token) headers['x-tableau-auth'] = token;
    return headers;
  }

  summarize(requestId: string, spec: RequestSpec, url: URL, response: HttpResponse): ResponseSummary {
    const contentType = response.headers.find(([n]) => n === 'content-type')?.[1] ?? '';
    const text = response.body.toString('utf8');
    const parsed = parseBody(text, contentType);
    const stored = this.deps.responses.put(response.body, parsed);
    const pagination = readPagination(parsed);
    const list = findList(parsed);
    const tableauError = response.status >= 400 ? readTableauError(parsed) : null;
    return {
      responseId: stored.id,
      requestId,
      status: response.status,
      statusText: response.statusText,
      url: url.toString(),
      method: spec.method,
      timings: { ttfbMs: response.ttfbMs, totalMs: response.totalMs },
      size: { bodyBytes: response.body.length, headerBytes: response.headerBytes },
      headers: response.headers.map(([n, v]) => [n, REDACTED_HEADERS.has(n) ? '[redacted]' : v]),
      contentType,
      preview: text.slice(0, PREVIEW_BYTES),
      truncated: text.length > PREVIEW_BYTES,
      body: response.body.length <= INLINE_BODY_LIMIT ? parsed : null,
      pagination,
      list: list ? { path: list.path, count: list.items.length } : null,
      error: tableauError ? explainError(tableauError) : null,
      retries: 0,
      reSignedIn: false,
    };
  }
}

function safeOrigin(value: string): string | null {
  try {
    return new URL(value).origin;
  } catch {
    return null;
  }
}

/** JSON as is; XML by Tableau's conventions; anything else stays text (null parsed). */
export function parseBody(text: string, contentType: string): unknown {
  const trimmed = text.trimStart();
  if (contentType.includes('json') || (!contentType && /^[[{]/.test(trimmed))) {
    try {
      return JSON.parse(text);
    } catch {
      return null;
    }
  }
  if (contentType.includes('xml') || trimmed.startsWith('<?xml') || trimmed.startsWith('<tsResponse')) {
    try {
      return tableauXmlToJson(text);
    } catch {
      return null;
    }
  }
  return null;
}
