import type { RequestSpec, ResponseSummary } from '../shared/request';
import { explainGraphqlErrors, readGraphqlErrors } from '../shared/graphql';
import { explainError, readTableauError } from '../shared/tableau-errors';
import { findList, readPagination } from '../shared/tableau-list';
import { tableauXmlToJson } from '../shared/tableau-xml';
import type { Exchange } from './executor';
import type { ResponseStore } from './response-store';

/** Parsed bodies up to this size travel whole with the summary; larger ones are read in slices. */
export const INLINE_BODY_LIMIT = 512 * 1024;
const PREVIEW_CHARS = 4096;
/** Auth headers and cookies never reach the renderer, history or exports. */
export const REDACTED_HEADERS = new Set([
  'x-tableau-auth',
  'set-cookie',
  'cookie',
  'authorization',
  'proxy-authorization',
]);

/** Keeps the body in the response store and describes it for the renderer (never the token). */
export function summarize(
  responses: ResponseStore,
  requestId: string,
  spec: RequestSpec,
  exchange: Exchange,
): ResponseSummary {
  const { response, url } = exchange;
  const contentType = response.headers.find(([n]) => n === 'content-type')?.[1] ?? '';
  const text = response.body.toString('utf8');
  const parsed = parseBody(text, contentType);
  const stored = responses.put(response.body, parsed);
  const pagination = readPagination(parsed);
  const list = findList(parsed);
  const tableauError = response.status >= 400 ? readTableauError(parsed) : null;
  const graphql = spec.body.kind === 'graphql' ? graphqlSummary(parsed) : undefined;
  const graphqlErrors = response.status < 400 ? readGraphqlErrors(parsed) : null;
  return {
    responseId: stored.id,
    requestId,
    status: response.status,
    statusText: response.statusText,
    url: url.toString(),
    method: spec.method,
    timings: { ttfbMs: response.ttfbMs, totalMs: response.totalMs },
    size: { bodyBytes: response.body.length, headerBytes: response.headerBytes },
    headers: redactHeaders(response.headers),
    contentType,
    preview: text.slice(0, PREVIEW_CHARS),
    truncated: text.length > PREVIEW_CHARS,
    body: response.body.length <= INLINE_BODY_LIMIT ? parsed : null,
    pagination,
    list: list ? { path: list.path, count: list.items.length } : null,
    error: tableauError
      ? explainError(tableauError)
      : response.status >= 400
        ? nonTableauError(response.status, text)
        : graphqlErrors
          ? // HTTP 200 with errors[] beside (partial) data: still an error to show.
            explainGraphqlErrors(graphqlErrors, hasGraphqlData(parsed))
          : null,
    retries: exchange.retries,
    reSignedIn: exchange.reSignedIn,
    ...(graphql ? { graphql } : {}),
  };
}

function hasGraphqlData(body: unknown): boolean {
  const data = (body as { data?: unknown } | null)?.data;
  return Boolean(data && typeof data === 'object' && Object.values(data).some((v) => v !== null));
}

/** The GraphQL block of a summary: errors beside the data, and the top …Connection's paging. */
function graphqlSummary(body: unknown): ResponseSummary['graphql'] {
  const errors = readGraphqlErrors(body) ?? [];
  const data = (body as { data?: Record<string, unknown> } | null)?.data;
  let connection: NonNullable<ResponseSummary['graphql']>['connection'] = null;
  for (const [key, value] of Object.entries(data && typeof data === 'object' ? data : {})) {
    const c = value as {
      nodes?: unknown;
      totalCount?: unknown;
      pageInfo?: { hasNextPage?: unknown };
    };
    if (!c || typeof c !== 'object' || !Array.isArray(c.nodes)) continue;
    connection = {
      key,
      totalCount: typeof c.totalCount === 'number' ? c.totalCount : null,
      hasNextPage: typeof c.pageInfo?.hasNextPage === 'boolean' ? c.pageInfo.hasNextPage : null,
      nodes: c.nodes.length,
    };
    break;
  }
  return { errors: errors.length, partial: errors.length > 0 && hasGraphqlData(body), connection };
}

export function redactHeaders(headers: Array<[string, string]>): Array<[string, string]> {
  return headers.map(([n, v]) => [n, REDACTED_HEADERS.has(n.toLowerCase()) ? '[redacted]' : v]);
}

/** Gateways and proxies answer with HTML or nothing (tableau-api.md §3): still say what it means. */
function nonTableauError(status: number, text: string) {
  return explainError({
    code: String(status),
    summary: `HTTP ${status} without a Tableau error body`,
    detail: text.trim().slice(0, 300) || '(empty body)',
  });
}

/**
 * Deepest nesting a parsed body may have. Tableau's answers are about ten levels deep; a body
 * far deeper (`[[[[…]]]]` from a broken or hostile server) parses, but every later step that
 * walks it recursively — serialising it for the window, cloning, exporting — would overflow
 * the stack. Such a body is kept and shown as raw text only.
 */
export const MAX_BODY_DEPTH = 256;

/** True when `value` nests deeper than `limit` (walked without recursion). */
export function nestsDeeperThan(value: unknown, limit: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (depth > limit) return true;
    for (const child of Array.isArray(node) ? node : Object.values(node))
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
  }
  return false;
}

/**
 * JSON as is; XML by Tableau's conventions; anything else stays text (null parsed). A body
 * nested deeper than MAX_BODY_DEPTH stays text too.
 */
export function parseBody(text: string, contentType: string): unknown {
  const parsed = parseText(text, contentType);
  return nestsDeeperThan(parsed, MAX_BODY_DEPTH) ? null : parsed;
}

function parseText(text: string, contentType: string): unknown {
  const trimmed = text.trimStart();
  if (contentType.includes('json') || (!contentType && /^[[{]/.test(trimmed))) {
    try {
      return JSON.parse(text);
    } catch {
      return null;
    }
  }
  if (
    contentType.includes('xml') ||
    trimmed.startsWith('<?xml') ||
    trimmed.startsWith('<tsResponse')
  ) {
    try {
      return tableauXmlToJson(text);
    } catch {
      return null;
    }
  }
  return null;
}
