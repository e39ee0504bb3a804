import { useCallback, useEffect, useState } from 'react';
import type {
  VariableEdit,
  VariableSet,
  VariablesView,
  VariableTarget,
} from '../../shared/environments';
import { call } from '../api';
import type { SessionVariables } from '../lib/tab-variables';
import { plainError } from '../lib/user-error';
import type { Notify } from './use-toasts';

/**
 * Globals and connection environments as main keeps them (secrets without their values), and
 * the values captured in this app session (a capture scoped to "run", there being no run):
 * those live here only, per connection, until the window closes.
 */
export function useVariables(notify: Notify) {
  const [view, setView] = useState<VariablesView | null>(null);
  const [session, setSession] = useState<SessionVariables>({});

  const refresh = useCallback(async () => {
    try {
      setView(await call('variables:get'));
    } catch (error) {
      notify(plainError(error, 'Could not load variables'));
    }
  }, [notify]);
  useEffect(() => {
    void refresh();
  }, [refresh]);

  const put = useCallback(async (target: VariableTarget, edits: VariableEdit[]) => {
    setView(await call('variables:put', target, edits));
  }, []);

  const set = useCallback(async (target: VariableTarget, change: VariableSet) => {
    setView(await call('variables:set', target, change));
  }, []);

  const setSessionVariable = useCallback((connectionId: string, name: string, value: string) => {
    setSession((prev) => {
      const list = prev[connectionId] ?? [];
      const rest = list.filter((v) => v.name !== name);
      return {
        ...prev,
        [connectionId]: [...rest, { name, value, secret: false, enabled: true }],
      };
    });
  }, []);

  const putSession = useCallback((connectionId: string, variables: SessionVariables[string]) => {
    setSession((prev) => ({ ...prev, [connectionId]: variables }));
  }, []);

  return { view, session, refresh, put, set, setSessionVariable, putSession };
}

export type VariablesApi = ReturnType<typeof useVariables>;
