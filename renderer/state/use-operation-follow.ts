import { useCallback, useEffect, useRef, useState } from 'react';
import type { OperationSnapshot } from '../../shared/operations';
import { call, subscribe } from '../api';
import { newId } from '../lib/ids';
import type { OperationView } from './tab-model';

/**
 * One operation at a time (a publish, a download), followed from start to end: progress from
 * `operation:progress`, the last snapshot from `operations:wait`, Cancel and Retry failed.
 * The view is the one `OperationBar` shows for any kind.
 */
export function useOperationFollow(kind: string) {
  const [view, setView] = useState<OperationView | null>(null);
  const current = useRef<string | null>(null);

  useEffect(
    () =>
      subscribe('operation:progress', (progress) => {
        if (progress.operationId !== current.current) return;
        setView((v) =>
          v && v.operationId === progress.operationId && v.running ? { ...v, progress } : v,
        );
      }),
    [],
  );

  const follow = useCallback(
    async (
      operationId: string,
      start: () => Promise<OperationSnapshot | null>,
    ): Promise<OperationSnapshot | null> => {
      current.current = operationId;
      setView({
        operationId,
        kind,
        running: true,
        startedAt: Date.now(),
        progress: null,
        snapshot: null,
        error: null,
      });
      try {
        const started = await start();
        // Nothing started (a save dialog cancelled): no bar.
        if (!started) {
          setView(null);
          return null;
        }
        const snapshot = await call('operations:wait', operationId);
        setView((v) =>
          v?.operationId === operationId ? { ...v, running: false, snapshot, error: null } : v,
        );
        return snapshot;
      } catch (error) {
        const message = (error as Error).message ?? String(error);
        setView((v) =>
          v?.operationId === operationId ? { ...v, running: false, error: message } : v,
        );
        throw error;
      }
    },
    [kind],
  );

  /** Starts a new operation: `start` gets the id chosen here, so progress is matched at once. */
  const run = useCallback(
    (start: (operationId: string) => Promise<OperationSnapshot | null>) => {
      const operationId = newId('op');
      return follow(operationId, () => start(operationId));
    },
    [follow],
  );

  const cancel = useCallback(() => {
    if (view?.running) void call('operations:cancel', view.operationId).catch(() => undefined);
  }, [view]);

  const retry = useCallback(() => {
    if (!view || view.running) return Promise.resolve(null);
    return follow(view.operationId, () => call('operations:retryFailed', view.operationId));
  }, [view, follow]);

  return { view, run, cancel, retry, dismiss: () => setView(null) };
}
