import { randomUUID } from 'node:crypto';
import type { Connection } from '../../shared/connection';
import {
  HISTORY_BODY_LIMIT_BYTES,
  HISTORY_LIMIT,
  HISTORY_TOTAL_BODY_BYTES,
  type HistoryEntry,
} from '../../shared/documents';
import type { RequestSpec } from '../../shared/request';
import type { Persistence } from '../store/persistence';

const SECRET_HEADERS = new Set([
  'x-tableau-auth',
  'authorization',
  'cookie',
  'proxy-authorization',
]);
/** Sign-in and switch-site bodies carry credentials or tokens: history keeps neither side. */
const CREDENTIAL_PATH = /\/auth\/(signin|switchsite)\b/i;

export interface HistoryRecord {
  connection: Connection;
  spec: RequestSpec;
  status: number;
  totalMs: number;
  bodyBytes: number;
  /** The response body text; kept only when small enough. */
  bodyText?: () => string;
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

  record(record: HistoryRecord): HistoryEntry {
    const credentialCall = CREDENTIAL_PATH.test(record.spec.path);
    const spec: RequestSpec = {
      ...record.spec,
      headers: record.spec.headers.map((h) =>
        SECRET_HEADERS.has(h.name.toLowerCase()) ? { ...h, value: '[redacted]' } : h,
      ),
      body:
        credentialCall && record.spec.body.kind !== 'none'
          ? { kind: 'text', text: '[redacted]' }
          : record.spec.body,
    };
    const entry: HistoryEntry = {
      id: randomUUID(),
      at: new Date().toISOString(),
      connectionId: record.connection.id,
      connectionName: record.connection.name,
      spec,
      status: record.status,
      totalMs: Math.round(record.totalMs * 10) / 10,
      bodyBytes: record.bodyBytes,
      ...(!credentialCall && record.bodyText && record.bodyBytes <= HISTORY_BODY_LIMIT_BYTES
        ? { body: record.bodyText() }
        : {}),
    };
    const entries = [entry, ...this.list()].slice(0, HISTORY_LIMIT);
    // Keep the file bounded too: older entries give up their bodies first.
    let budget = HISTORY_TOTAL_BODY_BYTES;
    const bounded = entries.map((e) => {
      if (e.body === undefined) return e;
      budget -= e.body.length;
      if (budget >= 0) return e;
      const { body: _dropped, ...rest } = e;
      return rest;
    });
    this.persistence.writeLater('history', { schemaVersion: 1, entries: bounded });
    return entry;
  }

  clear(): void {
    this.persistence.write('history', { schemaVersion: 1, entries: [] });
  }
}
