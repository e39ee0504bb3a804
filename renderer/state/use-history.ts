import { useCallback, useEffect, useState } from 'react';
import type { HistoryEntry } from '../../shared/documents';
import { call } from '../api';
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
    call('history:clear').then(refresh, (error: Error) => notify(error.message, { tone: 'error' }));
  }, [refresh, notify]);

  /** The stored response is shown marked as from history; a missing body says why. */
  const reopen = useCallback(
    async (entry: HistoryEntry) => {
      const origin = { entryId: entry.id, at: entry.at, missing: null };
      const tabId = open(titleForSpec(entry.spec), entry.spec, { fromHistory: origin });
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
