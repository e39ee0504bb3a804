import { useCallback, useEffect, useRef, useState } from 'react';
import type { RunStart } from '../../shared/run';
import { ApiError, call, subscribe } from '../api';
import { startDownload } from '../lib/download';
import { newId } from '../lib/ids';
import { plainError } from '../lib/user-error';
import type { OperationView } from './tab-model';
import type { Notify } from './use-toasts';

/** A collection run started in the app, as the run panel shows it. */
export interface RunView {
  title: string;
  connectionId: string;
  connectionName: string;
  start: RunStart;
  view: OperationView;
}

export type RunRequest = Pick<RunStart, 'source' | 'data' | 'options'> & {
  title: string;
  connectionId: string;
  connectionName: string;
};

const message = (error: unknown) =>
  error instanceof ApiError ? error.message : ((error as Error).message ?? String(error));

/**
 * Runs of a collection or folder (issue 12): one operation each (DESIGN.md §10), followed by
 * its progress events until it ends; Cancel, Retry failed and the reports go to main.
 */
export function useRuns(notify: Notify, onEnded: () => void) {
  const [run, setRun] = useState<RunView | null>(null);
  const onEndedRef = useRef(onEnded);
  onEndedRef.current = onEnded;

  const patch = useCallback((operationId: string, fn: (view: OperationView) => OperationView) => {
    setRun((current) =>
      current && current.view.operationId === operationId
        ? { ...current, view: fn(current.view) }
        : current,
    );
  }, []);

  useEffect(
    () =>
      subscribe('operation:progress', (progress) =>
        patch(progress.operationId, (view) => (view.running ? { ...view, progress } : view)),
      ),
    [patch],
  );

  const follow = useCallback(
    async (operationId: string, begin: () => Promise<unknown>) => {
      try {
        await begin();
        const snapshot = await call('operations:wait', operationId);
        patch(operationId, (view) => ({ ...view, running: false, snapshot, error: null }));
      } catch (error) {
        patch(operationId, (view) => ({ ...view, running: false, error: message(error) }));
      } finally {
        onEndedRef.current();
      }
    },
    [patch],
  );

  const start = useCallback(
    (request: RunRequest) => {
      const operationId = newId('run');
      const startSpec: RunStart = {
        kind: 'run',
        source: request.source,
        data: request.data,
        variables: {},
        secretVariables: {},
        options: request.options,
      };
      setRun({
        title: request.title,
        connectionId: request.connectionId,
        connectionName: request.connectionName,
        start: startSpec,
        view: {
          operationId,
          kind: 'run',
          running: true,
          startedAt: Date.now(),
          progress: null,
          snapshot: null,
          error: null,
        },
      });
      void follow(operationId, () =>
        call('operations:start', request.connectionId, startSpec, { operationId }),
      );
    },
    [follow],
  );

  const cancel = useCallback(() => {
    if (run?.view.running)
      void call('operations:cancel', run.view.operationId).catch(() => undefined);
  }, [run]);

  const retry = useCallback(() => {
    if (!run || run.view.running) return;
    const { operationId } = run.view;
    patch(operationId, (view) => ({
      ...view,
      running: true,
      startedAt: Date.now(),
      progress: null,
      error: null,
    }));
    void follow(operationId, () => call('operations:retryFailed', operationId));
  }, [run, patch, follow]);

  const exportReport = useCallback(
    async (format: 'json' | 'csv' | 'junit') => {
      if (!run) return;
      try {
        const result = await call('runs:export', run.view.operationId, format);
        if (result.downloadUrl) startDownload(result.downloadUrl);
        if (result.path) notify(`Saved the run’s ${format.toUpperCase()} report to ${result.path}`);
      } catch (error) {
        notify(plainError(error, 'Export failed'));
      }
    },
    [run, notify],
  );

  const dismiss = useCallback(() => setRun(null), []);

  return { run, start, cancel, retry, exportReport, dismiss };
}

export type RunsApi = ReturnType<typeof useRuns>;
