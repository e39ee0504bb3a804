import { useCallback, useEffect, useRef, useState } from 'react';
import type { OperationStartInput } from '../../shared/operations';
import { ApiError, call, subscribe } from '../api';
import { newId } from '../lib/ids';
import type { OperationView } from './tab-model';

const message = (error: unknown) =>
  error instanceof ApiError ? error.message : ((error as Error).message ?? String(error));

/**
 * One operation a dialog starts and follows (DESIGN.md §10): its progress events while it runs,
 * its final snapshot (with the outcome) when it ends; Cancel and Retry failed go to main.
 */
export function useOperation() {
  const [view, setView] = useState<OperationView | null>(null);
  const current = useRef<string | null>(null);

  const patch = useCallback((operationId: string, fn: (v: OperationView) => OperationView) => {
    setView((v) => (v && v.operationId === operationId ? fn(v) : v));
  }, []);

  useEffect(
    () =>
      subscribe('operation:progress', (progress) =>
        patch(progress.operationId, (v) => (v.running ? { ...v, progress } : v)),
      ),
    [patch],
  );

  const follow = useCallback(
    async (operationId: string, begin: () => Promise<unknown>) => {
      try {
        await begin();
        const snapshot = await call('operations:wait', operationId);
        patch(operationId, (v) => ({ ...v, running: false, snapshot, error: null }));
      } catch (error) {
        patch(operationId, (v) => ({ ...v, running: false, error: message(error) }));
      }
    },
    [patch],
  );

  /** Starts `input` on the connection; resolves once it has ended (the view has the result). */
  const start = useCallback(
    (connectionId: string, input: OperationStartInput) => {
      const operationId = newId('op');
      current.current = operationId;
      setView({
        operationId,
        kind: input.kind,
        running: true,
        startedAt: Date.now(),
        progress: null,
        snapshot: null,
        error: null,
      });
      return follow(operationId, () =>
        call('operations:start', connectionId, input, { operationId }),
      );
    },
    [follow],
  );

  const cancel = useCallback(() => {
    if (view?.running) void call('operations:cancel', view.operationId).catch(() => undefined);
  }, [view]);

  const retry = useCallback(() => {
    if (!view || view.running) return;
    const { operationId } = view;
    patch(operationId, (v) => ({
      ...v,
      running: true,
      startedAt: Date.now(),
      progress: null,
      error: null,
    }));
    void follow(operationId, () => call('operations:retryFailed', operationId));
  }, [view, patch, follow]);

  const clear = useCallback(() => setView(null), []);

  return { view, start, cancel, retry, clear };
}

export type OperationApi = ReturnType<typeof useOperation>;
