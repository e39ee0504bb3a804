import type { HistoryEntry } from '../../shared/documents';
import { fillKnownPlaceholders } from '../../shared/url-template';

export type StatusFilter = 'all' | '2xx' | '3xx' | '4xx' | '5xx' | 'failed';

export interface HistoryFilter {
  text: string;
  method: HistoryEntry['spec']['method'] | 'all';
  status: StatusFilter;
  connectionId: string | 'all';
}

export const NO_FILTER: HistoryFilter = {
  text: '',
  method: 'all',
  status: 'all',
  connectionId: 'all',
};

/** The path an entry was sent to: as resolved then, or (entries without a URL) as filled as far as known. */
export function entryPath(entry: HistoryEntry): string {
  return entry.resolved?.path ?? fillKnownPlaceholders(entry.spec.path, entry.spec.pathParams);
}

function statusMatches(status: number, filter: StatusFilter): boolean {
  if (filter === 'all') return true;
  if (filter === 'failed') return status === 0;
  return Math.floor(status / 100) === Number(filter[0]);
}

/**
 * Entries matching every part of the filter, newest first. The text matches, case-insensitive
 * and word by word, the resolved path and URL, the template, path values, query, connection
 * name and status.
 */
export function filterHistory(
  entries: readonly HistoryEntry[],
  filter: HistoryFilter,
): HistoryEntry[] {
  const words = filter.text.toLowerCase().split(/\s+/).filter(Boolean);
  return entries
    .filter((entry) => {
      if (filter.method !== 'all' && entry.spec.method !== filter.method) return false;
      if (filter.connectionId !== 'all' && entry.connectionId !== filter.connectionId) return false;
      if (!statusMatches(entry.status, filter.status)) return false;
      if (words.length === 0) return true;
      const haystack = [
        entry.spec.method,
        entryPath(entry),
        entry.resolved?.url ?? '',
        entry.spec.path,
        ...Object.values(entry.resolved?.pathValues ?? entry.spec.pathParams),
        ...entry.spec.query.map((q) => `${q.name}=${q.value}`),
        entry.connectionName,
        String(entry.status),
      ]
        .join(' ')
        .toLowerCase();
      return words.every((word) => haystack.includes(word));
    })
    .sort((a, b) => b.at.localeCompare(a.at));
}
