import { randomUUID } from 'node:crypto';
import type { Connection, SessionInfo } from '../shared/connection';
import type { RequestSpec, ResponseSummary } from '../shared/request';
import { apiPathProblem, isTokenEndpoint } from '../shared/api-path';
import { BadPlaceholderError, fillPath, MissingPlaceholderError } from '../shared/url-template';
import { EngineError } from './errors';
import { encodeBody } from './graphql-request';
import {
  sendHttp,
  TransportError,
  type HttpResponse,
  type ResponseSink,
  type StreamedBody,
  type TlsOptions,
} from './http-client';
import { prepareMultipart } from './multipart-body';
import { summarize } from './response-summary';
import type { ResponseStore } from './response-store';
import { headerOf, retryDelay, wait, type RetryPolicy } from './retry-policy';
import type { SessionManager } from './sessions';

const MAX_REDIRECTS = 5;
/** The settings' default (256 MB), for executors built without settings (tests). */
export const DEFAULT_MAX_RESPONSE_BYTES = 256 * 1024 * 1024;
/** 401000 (no or expired token) and 401002 (invalid or superseded token) mean: renew (tableau-api.md §2). */
const RENEWABLE = new Set(['401000', '401002']);

export interface ExecutorDeps {
  sessions: SessionManager;
  responses: ResponseStore;
  defaultTimeoutMs: () => number;
  /** Largest body taken (settings); larger answers fail with `request.tooLarge`. */
  maxResponseBytes?: () => number;
  retryPolicy: RetryPolicy;
  tlsFor: (connection: Connection) => Promise<TlsOptions | undefined>;
  /**
   * Asked before every write (any method but GET, except a Metadata API query): the host may
   * refuse by throwing. The CLI uses it for connections marked Production.
   */
  beforeWrite?: (connection: Connection, spec: RequestSpec) => Promise<void>;
}

export interface ExchangeOptions {
  signal?: AbortSignal;
  /** Statuses retried for idempotent methods beyond 503 (the pager adds 500, 502, 504). */
  extraStatuses?: readonly number[];
  /** A POST that only reads (a Metadata API query): retried like a GET. */
  idempotent?: boolean;
  /** Bytes of a streamed (multipart) body sent in the current attempt. */
  onUploadProgress?: (sent: number) => void;
  /** A 2xx answer's body goes here instead of memory (a download to a file). */
  sink?: ResponseSink;
  onResponseProgress?: (received: number, total: number | null) => void;
}

export interface Exchange {
  response: HttpResponse;
  url: URL;
  retries: number;
  reSignedIn: boolean;
}

/**
 * Sends a request spec for a signed-in connection: fills `{api-version}` and `{site-id}` from
 * the session (every other placeholder must be filled, or the request is refused), adds
 * `X-Tableau-Auth`, refuses any other origin, retries per the policy, renews an expired
 * session once, and returns a summary without the token.
 */
export class RequestExecutor {
  private readonly running = new Map<string, AbortController>();

  constructor(private readonly deps: ExecutorDeps) {}

  /** Cancels a running request; true when there was one. */
  cancel(requestId: string): boolean {
    const controller = this.running.get(requestId);
    controller?.abort();
    return Boolean(controller);
  }

  /** Registers a request id for cancelling; call before any await so a cancel right after finds it. */
  begin(requestId: string): AbortController {
    const controller = new AbortController();
    this.running.set(requestId, controller);
    return controller;
  }

  end(requestId: string): void {
    this.running.delete(requestId);
  }

  async send(
    connection: Connection,
    spec: RequestSpec,
    requestId: string = randomUUID(),
    controller: AbortController = this.begin(requestId),
  ): Promise<ResponseSummary> {
    try {
      const exchange = await this.exchange(connection, spec, { signal: controller.signal });
      return summarize(this.deps.responses, requestId, spec, exchange);
    } finally {
      this.end(requestId);
    }
  }

  /** One logical request: retries, one renewal on 401000/401002, same-origin redirects. */
  async exchange(
    connection: Connection,
    spec: RequestSpec,
    options: ExchangeOptions = {},
  ): Promise<Exchange> {
    const session = this.deps.sessions.info(connection.id);
    if (!session) throw new EngineError('session.none', `Sign in to “${connection.name}” first.`);
    let url = this.buildUrl(connection, spec, session);
    if (spec.method !== 'GET' && spec.body.kind !== 'graphql')
      await this.deps.beforeWrite?.(connection, spec);
    let retries = 0;
    let reSignedIn = false;
    let redirects = 0;
    let method: string = spec.method;
    // Files of a multipart body are checked now and streamed from disk on each attempt.
    const multipart = spec.body.kind === 'multipart' ? await prepareMultipart(spec.body) : null;
    let body: Buffer | StreamedBody | undefined = multipart?.body ?? encodeBody(spec.body);
    for (let attempt = 1; ; attempt++) {
      const token = this.deps.sessions.tokenFor(connection.id);
      if (!token)
        throw new EngineError(
          'session.none',
          `The session for “${connection.name}” has ended. Sign in again.`,
        );
      // Each attempt: a retry or renewal may outlive an edit of the connection.
      this.deps.sessions.checkOrigin(connection);
      const sameOrigin = url.origin === new URL(connection.serverUrl).origin;
      let outcome: HttpResponse | TransportError;
      try {
        outcome = await sendHttp({
          url,
          method,
          // The token goes to the signed-in origin only (DESIGN.md §4).
          headers: this.buildHeaders(
            spec,
            sameOrigin ? token : null,
            body !== undefined,
            multipart?.contentType,
          ),
          body,
          onBodyProgress: options.onUploadProgress,
          sink: options.sink,
          onResponseProgress: options.onResponseProgress,
          timeoutMs: spec.timeoutMs ?? this.deps.defaultTimeoutMs(),
          signal: options.signal,
          tls: sameOrigin ? await this.deps.tlsFor(connection) : undefined,
          maxBodyBytes: this.deps.maxResponseBytes?.() ?? DEFAULT_MAX_RESPONSE_BYTES,
        });
      } catch (error) {
        if (!(error instanceof TransportError)) throw error;
        outcome = error;
      }
      if (!(outcome instanceof TransportError)) {
        const response = outcome;
        const location = headerOf(response, 'location');
        if (location && [301, 302, 303, 307, 308].includes(response.status)) {
          if (++redirects > MAX_REDIRECTS) {
            throw new EngineError(
              'request.tooManyRedirects',
              `More than ${MAX_REDIRECTS} redirects.`,
            );
          }
          const next = new URL(location, url);
          if (isTokenEndpoint(next.pathname)) {
            throw new EngineError(
              'request.tokenEndpoint',
              'The server redirected to sign-in or switch-site, whose answer carries a session token; Trestle does not follow it.',
            );
          }
          if (next.origin !== new URL(connection.serverUrl).origin && method !== 'GET') {
            throw new EngineError(
              'request.foreignRedirect',
              `The server redirected a ${method} to another origin (${next.origin}); Trestle does not follow it.`,
              { location: next.toString() },
            );
          }
          // 303, and 301/302 after a POST, become a GET without a body (as browsers do).
          if (
            response.status === 303 ||
            ((response.status === 301 || response.status === 302) && method === 'POST')
          ) {
            method = 'GET';
            body = undefined;
          }
          url = next;
          attempt--;
          continue;
        }
        if (
          response.status === 401 &&
          sameOrigin &&
          !reSignedIn &&
          RENEWABLE.has(errorCode(response) ?? '')
        ) {
          await this.deps.sessions.renew(connection.id, token);
          reSignedIn = true;
          attempt--;
          continue;
        }
      }
      const delay = retryDelay(
        this.deps.retryPolicy,
        { method, extraStatuses: options.extraStatuses, idempotent: options.idempotent },
        attempt,
        outcome instanceof TransportError
          ? outcome
          : { status: outcome.status, retryAfter: headerOf(outcome, 'retry-after') },
      );
      if (delay === null) {
        if (outcome instanceof TransportError) {
          throw new EngineError(`request.${outcome.code}`, outcome.message, { retries });
        }
        return { response: outcome, url, retries, reSignedIn };
      }
      retries++;
      try {
        await wait(delay, options.signal);
      } catch (error) {
        if (error instanceof TransportError)
          throw new EngineError('request.cancelled', error.message);
        throw error;
      }
    }
  }

  buildUrl(
    connection: Connection,
    spec: RequestSpec,
    session: Pick<SessionInfo, 'apiVersion' | 'siteId'>,
  ): URL {
    const origin = new URL(connection.serverUrl).origin;
    let filled: string;
    try {
      // Only these two come from the session; every other placeholder is the user's to fill.
      filled = fillPath(spec.path, {
        ...spec.pathParams,
        'api-version': spec.pathParams['api-version']?.trim() || session.apiVersion,
        'site-id': spec.pathParams['site-id']?.trim() || session.siteId,
      });
    } catch (error) {
      if (error instanceof MissingPlaceholderError) {
        throw new EngineError('request.missingPlaceholder', error.message, error.names);
      }
      if (error instanceof BadPlaceholderError) {
        throw new EngineError('request.badPlaceholder', error.message, [error.placeholder]);
      }
      throw error;
    }
    const refuse = (target: string) =>
      new EngineError(
        'request.foreignOrigin',
        `Trestle sends requests only to the signed-in server (${origin}); this one is aimed at ${target}.`,
        { origin, target },
      );
    if (/^[a-z][a-z0-9+.-]*:/i.test(filled) || filled.startsWith('//') || filled.startsWith('\\')) {
      const target = safeOrigin(filled.startsWith('//') ? `http:${filled}` : filled);
      if (target !== origin) throw refuse(target ?? filled);
    }
    const url = new URL(
      filled.startsWith('/') || /^[a-z]+:/i.test(filled) ? filled : `/${filled}`,
      origin,
    );
    if (url.origin !== origin) throw refuse(url.origin);
    // Only under Tableau's API prefixes, and never Sign In or Switch Site, whose answers carry
    // a session token (DESIGN.md §4): checked on the path as the most lenient server reads it.
    const problem = apiPathProblem(url.pathname);
    if (problem) throw new EngineError(problem.code, problem.message, { path: url.pathname });
    for (const param of spec.query)
      if (param.enabled) url.searchParams.append(param.name, param.value);
    return url;
  }

  private buildHeaders(
    spec: RequestSpec,
    token: string | null,
    hasBody: boolean,
    multipartType?: string,
  ): Record<string, string> {
    const headers: Record<string, string> = {
      accept: spec.accept === 'xml' ? 'application/xml' : 'application/json',
    };
    if (hasBody && spec.body.kind === 'json') headers['content-type'] = 'application/json';
    if (hasBody && spec.body.kind === 'xml') headers['content-type'] = 'application/xml';
    if (hasBody && spec.body.kind === 'graphql') headers['content-type'] = 'application/json';
    if (hasBody && spec.body.kind === 'text')
      headers['content-type'] = spec.body.contentType ?? 'text/plain';
    if (hasBody && multipartType) headers['content-type'] = multipartType;
    for (const header of spec.headers) {
      const name = header.name.toLowerCase();
      // The auth header is the engine's: a user header cannot replace it.
      if (
        !header.enabled ||
        name === 'x-tableau-auth' ||
        name === 'content-length' ||
        name === 'host'
      )
        continue;
      if (!token && (name === 'authorization' || name === 'cookie')) continue;
      headers[name] = header.value;
    }
    if (token) headers['x-tableau-auth'] = token;
    return headers;
  }
}

/** The Tableau error code of an error answer, JSON or XML, without parsing the whole body twice. */
function errorCode(response: HttpResponse): string | null {
  const head = response.body.subarray(0, 2048).toString('utf8');
  return (
    /"code"\s*:\s*"(\d{6})"/.exec(head)?.[1] ??
    /<error[^>]*\scode="(\d{6})"/.exec(head)?.[1] ??
    null
  );
}

function safeOrigin(value: string): string | null {
  try {
    return new URL(value).origin;
  } catch {
    return null;
  }
}
