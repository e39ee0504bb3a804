import { useCallback, useEffect, useRef } from 'react';
import type { RequestSpec } from '../../shared/request';
import { ApiError, call, subscribe } from '../api';
import { newId } from '../lib/ids';
import { fetchAllRequest, sendableSpec, withQueryValue } from '../lib/request-spec';
import type { TabsApi } from './use-tabs';

interface RunnerOptions {
  connectionId: string;
  fetchAllConcurrency: number;
  /** After every send: history may have a new entry. */
  onSent(): void;
}

function failureOf(error: unknown): { code: string; message: string } {
  if (error instanceof ApiError) return { code: error.code, message: error.message };
  return { code: 'unknown', message: (error as Error).message ?? String(error) };
}

/** Sending, cancelling, paging and fetch-all for the tabs; results land on the tab that asked. */
export function useRequestRunner(tabs: TabsApi, options: RunnerOptions) {
  // `update` and `get` are stable, so these callbacks (and the progress subscription) are too.
  const { update, get } = tabs;
  const optionsRef = useRef(options);
  optionsRef.current = options;

  const send = useCallback(
    async (tabId: string, specOverride?: RequestSpec) => {
      const tab = get(tabId);
      if (!tab) return;
      const spec = specOverride ?? tab.spec;
      const requestId = newId('req');
      update(tabId, (t) => ({ ...t, spec, sending: true, requestId, failure: null }));
      try {
        const response = await call(
          'request:send',
          optionsRef.current.connectionId,
          sendableSpec(spec),
          { requestId },
        );
        update(tabId, (t) =>
          t.requestId === requestId
            ? { ...t, sending: false, response, fetchAll: null, fromHistory: null }
            : t,
        );
      } catch (error) {
        const failure = failureOf(error);
        update(tabId, (t) =>
          t.requestId === requestId ? { ...t, sending: false, failure, fromHistory: null } : t,
        );
      } finally {
        optionsRef.current.onSent();
      }
    },
    [get, update],
  );

  const cancel = useCallback(
    (tabId: string) => {
      const tab = get(tabId);
      if (tab?.requestId && tab.sending)
        void call('request:cancel', tab.requestId).catch(() => undefined);
      if (tab?.fetchAll?.running)
        void call('pager:cancel', tab.fetchAll.runId).catch(() => undefined);
    },
    [get, update],
  );

  /** Paging re-sends the same request with `pageNumber`/`pageSize` changed. */
  const goToPage = useCallback(
    (tabId: string, pageNumber: number, pageSize?: number) => {
      const tab = get(tabId);
      if (!tab) return;
      let spec = withQueryValue(tab.spec, 'pageNumber', String(pageNumber));
      if (pageSize) spec = withQueryValue(spec, 'pageSize', String(pageSize));
      void send(tabId, spec);
    },
    [get, send],
  );

  const progressListeners = useRef(new Map<string, string>());
  useEffect(
    () =>
      subscribe('pager:progress', (progress) => {
        const tabId = progressListeners.current.get(progress.runId);
        if (!tabId) return;
        update(tabId, (t) =>
          t.fetchAll?.runId === progress.runId && t.fetchAll.running
            ? { ...t, fetchAll: { ...t.fetchAll, progress } }
            : t,
        );
      }),
    [get, update],
  );

  const runPager = useCallback(
    async (
      tabId: string,
      runId: string,
      work: () => Promise<Awaited<ReturnType<typeof call<'pager:fetchAll'>>>>,
    ) => {
      progressListeners.current.set(runId, tabId);
      try {
        const result = await work();
        update(tabId, (t) =>
          t.fetchAll?.runId === runId
            ? { ...t, fetchAll: { ...t.fetchAll, running: false, result, error: null } }
            : t,
        );
      } catch (error) {
        const { message } = failureOf(error);
        update(tabId, (t) =>
          t.fetchAll?.runId === runId
            ? { ...t, fetchAll: { ...t.fetchAll, running: false, error: message } }
            : t,
        );
      } finally {
        progressListeners.current.delete(runId);
      }
    },
    [get, update],
  );

  const fetchAll = useCallback(
    (tabId: string, pageSize?: number) => {
      const tab = get(tabId);
      if (!tab || tab.fetchAll?.running) return;
      const runId = newId('run');
      update(tabId, (t) => ({
        ...t,
        fetchAll: {
          runId,
          running: true,
          startedAt: Date.now(),
          progress: null,
          result: null,
          error: null,
        },
      }));
      const { connectionId, fetchAllConcurrency } = optionsRef.current;
      const request = fetchAllRequest(tab.spec);
      void runPager(tabId, runId, () =>
        call(
          'pager:fetchAll',
          connectionId,
          request.spec,
          { concurrency: fetchAllConcurrency, pageSize: pageSize ?? request.pageSize },
          { runId },
        ),
      );
    },
    [get, update, runPager],
  );

  const retryFailed = useCallback(
    (tabId: string) => {
      const state = get(tabId)?.fetchAll;
      if (!state || state.running) return;
      update(tabId, (t) =>
        t.fetchAll ? { ...t, fetchAll: { ...t.fetchAll, running: true, error: null } } : t,
      );
      void runPager(tabId, state.runId, () => call('pager:retryFailed', state.runId));
    },
    [get, update, runPager],
  );

  /** Back from the merged list to the page the request returned. */
  const dismissFetchAll = useCallback(
    (tabId: string) => update(tabId, (t) => ({ ...t, fetchAll: null })),
    [get, update],
  );

  return { send, cancel, goToPage, fetchAll, retryFailed, dismissFetchAll };
}

export type Runner = ReturnType<typeof useRequestRunner>;
