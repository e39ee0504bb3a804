import { useCallback, useEffect, useState } from 'react';
import type { Connection, SessionInfo } from '../../shared/connection';
import { call, subscribe } from '../api';
import { plainError } from '../lib/user-error';
import type { Notify } from './use-toasts';

const ACTIVE_KEY = 'trestle.activeConnection';

/** Connections, their sessions (kept fresh by `session:changed`) and the one requests go to. */
export function useConnections(notify: Notify) {
  const [connections, setConnections] = useState<Connection[]>([]);
  const [sessions, setSessions] = useState<Record<string, SessionInfo>>({});
  const [activeId, setActiveIdState] = useState(
    () => localStorage.getItem(ACTIVE_KEY) ?? 'sandbox',
  );

  const setActiveId = useCallback((id: string) => {
    localStorage.setItem(ACTIVE_KEY, id);
    setActiveIdState(id);
  }, []);

  const refresh = useCallback(async () => {
    try {
      setConnections(await call('connections:list'));
    } catch (error) {
      notify(plainError(error, 'Could not load connections'));
    }
  }, [notify]);

  useEffect(() => {
    void refresh();
    void call('session:list').then(
      (list) => setSessions(Object.fromEntries(list.map((s) => [s.connectionId, s]))),
      () => undefined,
    );
    return subscribe('session:changed', (change) => {
      setSessions((prev) => {
        const next = { ...prev };
        if (change.session) next[change.connectionId] = change.session;
        else delete next[change.connectionId];
        return next;
      });
      if (change.reason === 'reSignedIn')
        notify(change.message ?? 'The session expired; Trestle signed in again.');
      // A failed sign-in is shown once, as a panel on its connection (ConnectionsPanel).
      if (change.reason === 'expired') {
        notify(change.message ?? 'The session ended. Sign in again.', { tone: 'error' });
      }
    });
  }, [refresh, notify]);

  // If the remembered connection was deleted, fall back to the first one.
  useEffect(() => {
    if (connections.length > 0 && !connections.some((c) => c.id === activeId))
      setActiveId(connections[0].id);
  }, [connections, activeId, setActiveId]);

  const active = connections.find((c) => c.id === activeId) ?? null;
  return {
    connections,
    sessions,
    activeId,
    active,
    session: sessions[activeId] ?? null,
    setActiveId,
    refresh,
  };
}

export type ConnectionsApi = ReturnType<typeof useConnections>;
