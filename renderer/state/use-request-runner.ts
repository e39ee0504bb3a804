import { useCallback, useEffect, useRef } from 'react';
import type { RequestSpec, ResponseSummary } from '../../shared/request';
import { ApiError, call, subscribe } from '../api';
import { newId } from '../lib/ids';
import { fetchAllRequest, sendableSpec, withQueryValue } from '../lib/request-spec';
import type { RequestTab } from './tab-model';
import type { TabsApi } from './use-tabs';

interface RunnerOptions {
  fetchAllConcurrency: number;
  /** After every send: history may have a new entry. */
  onSent(): void;
  /** Fills the tab's `{{variables}}` the renderer holds (secrets are left to main). */
  prepare?(tab: RequestTab, spec: RequestSpec): RequestSpec;
  /** After an answer came (the Jobs store follows a `<job>` it carries). */
  onResponse?(tab: RequestTab, response: ResponseSummary): void;
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
        // The tab's own connection, never whichever is selected in the sidebar (DESIGN.md §11).
        const sendable = sendableSpec(spec);
        const prepared = optionsRef.current.prepare?.(tab, sendable) ?? sendable;
        const response = await call('request:send', tab.connectionId, prepared, {
          requestId,
        });
        update(tabId, (t) =>
          t.requestId === requestId
            ? { ...t, sending: false, response, operation: null, fromHistory: null }
            : t,
        );
        optionsRef.current.onResponse?.(tab, response);
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
      if (tab?.operation?.running)
        void call('operations:cancel', tab.operation.operationId).catch(() => undefined);
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

  const operationTabs = useRef(new Map<string, string>());
  useEffect(
    () =>
      subscribe('operation:progress', (progress) => {
        const tabId = operationTabs.current.get(progress.operationId);
        if (!tabId) return;
        update(tabId, (t) =>
          t.operation?.operationId === progress.operationId && t.operation.running
            ? { ...t, operation: { ...t.operation, progress } }
            : t,
        );
      }),
    [get, update],
  );

  /** Follows an operation that was started (or restarted) until it ends, onto its tab. */
  const follow = useCallback(
    async (tabId: string, operationId: string, start: () => Promise<unknown>) => {
      operationTabs.current.set(operationId, tabId);
      try {
        await start();
        const snapshot = await call('operations:wait', operationId);
        update(tabId, (t) =>
          t.operation?.operationId === operationId
            ? { ...t, operation: { ...t.operation, running: false, snapshot, error: null } }
            : t,
        );
      } catch (error) {
        const { message } = failureOf(error);
        update(tabId, (t) =>
          t.operation?.operationId === operationId
            ? { ...t, operation: { ...t.operation, running: false, error: message } }
            : t,
        );
      } finally {
        operationTabs.current.delete(operationId);
      }
    },
    [get, update],
  );

  const fetchAll = useCallback(
    (tabId: string, pageSize?: number) => {
      const tab = get(tabId);
      if (!tab || tab.operation?.running) return;
      const operationId = newId('op');
      update(tabId, (t) => ({
        ...t,
        operation: {
          operationId,
          kind: 'fetchAll',
          running: true,
          startedAt: Date.now(),
          progress: null,
          snapshot: null,
          error: null,
        },
      }));
      const { fetchAllConcurrency } = optionsRef.current;
      const { connectionId } = tab;
      const request = fetchAllRequest(tab.spec);
      const prepare = optionsRef.current.prepare;
      if (prepare) request.spec = prepare(tab, request.spec);
      void follow(tabId, operationId, () =>
        call(
          'operations:start',
          connectionId,
          {
            kind: 'fetchAll',
            spec: request.spec,
            concurrency: fetchAllConcurrency,
            pageSize: pageSize ?? request.pageSize,
          },
          { operationId },
        ),
      );
    },
    [get, update, follow],
  );

  /** Metadata API fetch-all: the query's top …Connection, followed to every node. */
  const metadataFetchAll = useCallback(
    (tabId: string) => {
      const tab = get(tabId);
      if (!tab || tab.operation?.running) return;
      const operationId = newId('op');
      update(tabId, (t) => ({
        ...t,
        operation: {
          operationId,
          kind: 'metadataFetchAll',
          running: true,
          startedAt: Date.now(),
          progress: null,
          snapshot: null,
          error: null,
        },
      }));
      const { connectionId } = tab;
      void follow(tabId, operationId, () =>
        call(
          'operations:start',
          connectionId,
          {
            kind: 'metadataFetchAll',
            spec:
              optionsRef.current.prepare?.(tab, sendableSpec(tab.spec)) ?? sendableSpec(tab.spec),
            concurrency: optionsRef.current.fetchAllConcurrency,
          },
          { operationId },
        ),
      );
    },
    [get, update, follow],
  );

  /** Workbooks not viewed in N days: Metadata API workbooks joined with REST view counts. */
  const staleWorkbooks = useCallback(
    async (tabId: string, days: number, maxViews: number) => {
      const tab = get(tabId);
      if (!tab || tab.sending) return;
      const requestId = newId('req');
      update(tabId, (t) => ({ ...t, sending: true, requestId, failure: null }));
      try {
        const { summary } = await call('metadata:staleWorkbooks', tab.connectionId, {
          days,
          maxViews,
        });
        update(tabId, (t) =>
          t.requestId === requestId
            ? { ...t, sending: false, response: summary, operation: null, fromHistory: null }
            : t,
        );
      } catch (error) {
        const failure = failureOf(error);
        update(tabId, (t) => (t.requestId === requestId ? { ...t, sending: false, failure } : t));
      }
    },
    [get, update],
  );

  const retryFailed = useCallback(
    (tabId: string) => {
      const state = get(tabId)?.operation;
      if (!state || state.running) return;
      update(tabId, (t) =>
        t.operation
          ? {
              ...t,
              operation: {
                ...t.operation,
                running: true,
                startedAt: Date.now(),
                progress: null,
                error: null,
              },
            }
          : t,
      );
      void follow(tabId, state.operationId, () =>
        call('operations:retryFailed', state.operationId),
      );
    },
    [get, update, follow],
  );

  /** Back from the merged list to the page the request returned. */
  const dismissFetchAll = useCallback(
    (tabId: string) => update(tabId, (t) => ({ ...t, operation: null })),
    [get, update],
  );

  return {
    send,
    cancel,
    goToPage,
    fetchAll,
    metadataFetchAll,
    staleWorkbooks,
    retryFailed,
    dismissFetchAll,
  };
}

export type Runner = ReturnType<typeof useRequestRunner>;
