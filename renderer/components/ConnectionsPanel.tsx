import { useState } from 'react';
import type { Connection, SessionInfo } from '../../shared/connection';
import { call } from '../api';

interface Props {
  connections: Connection[];
  sessions: Record<string, SessionInfo>;
  activeId: string;
  onSelect(id: string): void;
  onError(message: string | null): void;
}

export function ConnectionsPanel({ connections, sessions, activeId, onSelect, onError }: Props) {
  const [busy, setBusy] = useState<string | null>(null);
  const run = async (id: string, action: () => Promise<unknown>) => {
    setBusy(id);
    onError(null);
    try {
      await action();
    } catch (e) {
      onError((e as Error).message);
    } finally {
      setBusy(null);
    }
  };
  return (
    <section aria-labelledby="connections-heading" className="panel">
      <h2 id="connections-heading">Connections</h2>
      <ul className="list">
        {connections.map((connection) => {
          const session = sessions[connection.id];
          return (
            <li key={connection.id} className={connection.id === activeId ? 'active' : ''}>
              <button type="button" className="link" onClick={() => onSelect(connection.id)} aria-pressed={connection.id === activeId}>
                {connection.name}
              </button>
              {session ? (
                <>
                  <span className="status" aria-label={`Signed in to ${connection.name}`}>
                    {session.userName} · {session.siteName} · API {session.apiVersion}
                  </span>
                  <button type="button" disabled={busy === connection.id} onClick={() => void run(connection.id, () => call('session:signOut', connection.id))}>
                    Sign out
                  </button>
                </>
              ) : (
                <button
                  type="button"
                  aria-label={`Sign in to ${connection.name}`}
                  disabled={busy === connection.id}
                  onClick={() => void run(connection.id, () => call('session:signIn', connection.id))}
                >
                  {busy === connection.id ? 'Signing in…' : 'Sign in'}
                </button>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
