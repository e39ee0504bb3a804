import { randomUUID } from 'node:crypto';
import { catalog } from '../shared/catalog';
import type { Connection } from '../shared/connection';
import { HISTORY_BODY_LIMIT_BYTES, type HistoryEntry } from '../shared/documents';
import { pathOfUrl, pathValuesOf } from '../shared/path-values';
import type { RequestSpec, ResponseSummary } from '../shared/request';
import { isTokenEndpoint } from '../shared/api-path';
import { fillKnownPlaceholders } from '../shared/url-template';
import type { Persistence } from './store/persistence';
import { EngineError } from './errors';
import { boundHistory } from './history-bounds';
import type { ResponseStore } from './response-store';
import { summarize } from './response-summary';

const SECRET_HEADERS = new Set([
  'x-tableau-auth',
  'authorization',
  'cookie',
  'proxy-authorization',
]);
/**
 * Sign-in and switch-site carry credentials one way and a token the other: history records
 * no such request. Read as the executor reads paths (`auth//signin` too), placeholders filled.
 */
function isCredentialCall(spec: RequestSpec): boolean {
  return isTokenEndpoint(fillKnownPlaceholders(spec.path, spec.pathParams));
}

export interface HistoryRecord {
  connection: Connection;
  spec: RequestSpec;
  /** The catalog preset the request came from; found by method and path when not given. */
  presetId?: string;
  status: number;
  totalMs: number;
  bodyBytes: number;
  /** The response body text; kept only when small enough. */
  bodyText?: () => string;
  /** Headers (already redacted), URL and timings, for reopening the entry with its response. */
  response?: HistoryEntry['response'];
}

/**
 * A spec with user-typed auth header values and sign-in bodies replaced by `[redacted]`: what
 * history and the saved workspace may write to disk (DESIGN.md §4).
 */
export function redactSpec(spec: RequestSpec): RequestSpec {
  const credentialCall = isCredentialCall(spec);
  return {
    ...spec,
    headers: spec.headers.map((h) =>
      SECRET_HEADERS.has(h.name.toLowerCase()) ? { ...h, value: '[redacted]' } : h,
    ),
    body:
      credentialCall && spec.body.kind !== 'none'
        ? { kind: 'text', text: '[redacted]' }
        : spec.body,
  };
}

/**
 * Newest first, at most 1,000 entries, bodies only up to 256 KB each (DESIGN.md §7). Written
 * coalesced, so a burst of sends costs one atomic write.
 */
export class RequestHistory {
  constructor(private readonly persistence: Persistence) {}

  list(): HistoryEntry[] {
    return this.persistence.read('history').entries;
  }

  /** Adds an entry; null for a sign-in or switch-site, which history never records. */
  record(record: HistoryRecord): HistoryEntry | null {
    if (isCredentialCall(record.spec)) return null;
    const { spec, omittedBytes } = withoutLargeBody(redactSpec(record.spec));
    const resolved = resolvedOf(record.spec, record.response?.url);
    const presetId = record.presetId ?? presetFor(record.spec);
    const entry: HistoryEntry = {
      id: randomUUID(),
      at: new Date().toISOString(),
      connectionId: record.connection.id,
      connectionName: record.connection.name,
      ...(presetId ? { presetId } : {}),
      spec,
      ...(resolved ? { resolved } : {}),
      ...(omittedBytes ? { requestBodyOmittedBytes: omittedBytes } : {}),
      status: record.status,
      totalMs: Math.round(record.totalMs * 10) / 10,
      bodyBytes: record.bodyBytes,
      ...(record.bodyText && record.bodyBytes <= HISTORY_BODY_LIMIT_BYTES
        ? { body: record.bodyText() }
        : {}),
      ...(record.response ? { response: record.response } : {}),
    };
    // On disk at once where the store keeps a journal (a crash loses nothing), whole shortly.
    this.persistence.append('history', entry);
    const entries = boundHistory([entry, ...this.list()]);
    this.persistence.writeLater('history', { schemaVersion: 2, entries });
    return entry;
  }

  /**
   * An entry's stored response, put back into the response store and summarised by the same
   * code as a live one (so pagination, the list and Table/Pretty/Raw slices work alike).
   */
  open(entryId: string, responses: ResponseStore): ResponseSummary {
    const entry = this.list().find((e) => e.id === entryId);
    if (!entry)
      throw new EngineError(
        'history.notFound',
        'This history entry is gone (history was cleared).',
      );
    if (entry.body === undefined)
      throw new EngineError('history.bodyNotKept', whyNotKept(entry), { entryId });
    const kept = entry.response;
    const summary = summarize(responses, `history-${entry.id}`, entry.spec, {
      response: {
        status: entry.status,
        statusText: kept?.statusText ?? '',
        headers: kept?.headers ?? [],
        body: Buffer.from(entry.body, 'utf8'),
        ttfbMs: kept?.ttfbMs ?? entry.totalMs,
        totalMs: entry.totalMs,
        headerBytes: kept?.headerBytes ?? 0,
      },
      url: new URL(kept?.url ?? 'about:blank'),
      retries: 0,
      reSignedIn: false,
    });
    // Entries from before URLs were kept show the path as it was typed.
    return kept ? summary : { ...summary, url: entry.spec.path };
  }

  clear(): void {
    this.persistence.write('history', { schemaVersion: 2, entries: [] });
  }
}

/** A request body over the history limit is left out (and counted), like a response body. */
function withoutLargeBody(spec: RequestSpec): { spec: RequestSpec; omittedBytes: number } {
  if (spec.body.kind === 'none') return { spec, omittedBytes: 0 };
  const bytes = Buffer.byteLength(spec.body.text, 'utf8');
  if (bytes <= HISTORY_BODY_LIMIT_BYTES) return { spec, omittedBytes: 0 };
  return { spec: { ...spec, body: { kind: 'none' } }, omittedBytes: bytes };
}

/** The URL sent, its path, and every placeholder's value as sent (read back from the URL). */
function resolvedOf(spec: RequestSpec, url: string | undefined): HistoryEntry['resolved'] {
  if (!url) return undefined;
  const path = pathOfUrl(url);
  if (path === null) return undefined;
  return { url, path, pathValues: pathValuesOf(spec.path, path) ?? {} };
}

const presetByRoute = new Map<string, string>();
for (const preset of catalog) {
  const key = `${preset.method} ${preset.path}`;
  if (!presetByRoute.has(key)) presetByRoute.set(key, preset.id);
}

/** The preset with this method and path template, so a reopened entry shows its docs. */
function presetFor(spec: RequestSpec): string | undefined {
  return presetByRoute.get(`${spec.method} ${spec.path}`);
}

function whyNotKept(entry: HistoryEntry): string {
  if (entry.bodyBytes > HISTORY_BODY_LIMIT_BYTES)
    return 'The response body was over 256 KB and was not kept — send the request again.';
  if (entry.spec.query.some((q) => q.name === 'fetchAll' && !q.enabled))
    return 'A fetch-all run’s merged list is not kept in history — send the request again.';
  if (isCredentialCall(entry.spec))
    return 'Sign-in answers carry a session token and are never kept — sign in again.';
  return 'This older entry gave up its body to keep history under 8 MB — send the request again.';
}
