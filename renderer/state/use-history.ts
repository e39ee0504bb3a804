import { useCallback, useEffect, useState } from 'react';
import type { HistoryEntry } from '../../shared/documents';
import { catalog, findPreset } from '../../shared/catalog';
import { call } from '../api';
import { formatBytes } from '../lib/format';
import { plainError } from '../lib/user-error';
import { titleForSpec } from '../lib/request-spec';
import type { Notify } from './use-toasts';
import { releaseResponse, type TabsApi } from './use-tabs';

/** The history list, and reopening an entry in a new tab with the response it got then. */
export function useHistory(tabs: TabsApi, notify: Notify) {
  const { open, update, get } = tabs;
  const [entries, setEntries] = useState<HistoryEntry[]>([]);

  const refresh = useCallback(() => {
    call('history:list').then(setEntries, () => undefined);
  }, []);
  useEffect(refresh, [refresh]);

  const clear = useCallback(() => {
    call('history:clear').then(refresh, (error: unknown) =>
      notify(plainError(error, 'History was not cleared')),
    );
  }, [refresh, notify]);

  /**
   * Reopens the request exactly as it was sent — its connection, method, path values, query,
   * headers and body, editable, with its preset's docs — and its stored response, marked as
   * from history (a missing body says why).
   */
  const reopen = useCallback(
    async (entry: HistoryEntry) => {
      const origin = { entryId: entry.id, at: entry.at, missing: null };
      const preset = entry.presetId
        ? findPreset(entry.presetId)
        : catalog.find((p) => p.method === entry.spec.method && p.path === entry.spec.path);
      const tabId = open(preset?.name ?? titleForSpec(entry.spec), entry.spec, {
        connectionId: entry.connectionId,
        presetId: preset?.id,
        fromHistory: origin,
        ...(entry.requestBodyOmittedBytes
          ? {
              notice: `The request body (${formatBytes(entry.requestBodyOmittedBytes)}) was over the history limit and was not kept: this tab has none.`,
            }
          : {}),
      });
      try {
        const response = await call('history:open', entry.id);
        // Closed or sent again before the answer came: main need not keep the body for nobody.
        const tab = get(tabId);
        if (!tab || tab.fromHistory?.entryId !== entry.id || tab.response)
          return releaseResponse(response.responseId);
        update(tabId, (t) => ({ ...t, response }));
      } catch (error) {
        const missing = (error as Error).message;
        update(tabId, (t) =>
          t.fromHistory?.entryId === entry.id ? { ...t, fromHistory: { ...origin, missing } } : t,
        );
      }
    },
    [open, update, get],
  );

  return { entries, refresh, clear, reopen };
}
