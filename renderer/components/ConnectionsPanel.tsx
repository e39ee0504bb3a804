import { useEffect, useState } from 'react';
import type { Connection, ConnectionInput } from '../../shared/connection';
import { ApiError, call } from '../api';
import { formatCountdown } from '../lib/format';
import type { ConnectionsApi } from '../state/use-connections';
import type { Notify } from '../state/use-toasts';
import { ConnectionDialog, SecretDialog, SwitchSiteDialog } from './ConnectionDialog';
import { ConfirmDialog } from './Dialog';

type Modal =
  | { kind: 'edit'; connection: Connection | null }
  | { kind: 'secret'; connection: Connection }
  | { kind: 'site'; connection: Connection; current: string }
  | { kind: 'delete'; connection: Connection };

function isRejectedSecret(error: ApiError, connection: Connection): boolean {
  const detail = error.detail as { code?: string } | undefined;
  return error.code === 'session.signInFailed' && detail?.code === '401001' && !connection.builtin;
}

function useNow(intervalMs: number): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), intervalMs);
    return () => window.clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/** Connections: add, edit, delete; sign in and out; switch site; the session's status. */
export function ConnectionsPanel({ api, notify }: { api: ConnectionsApi; notify: Notify }) {
  const [busy, setBusy] = useState<string | null>(null);
  const [modal, setModal] = useState<Modal | null>(null);
  const now = useNow(1000);

  const run = async (connection: Connection, action: () => Promise<unknown>) => {
    setBusy(connection.id);
    try {
      await action();
    } catch (error) {
      if (error instanceof ApiError && error.code === 'session.secretNeeded')
        setModal({ kind: 'secret', connection });
      else if (error instanceof ApiError && isRejectedSecret(error, connection)) {
        // Wrong password or PAT secret (401001): say so, and ask again.
        notify(error.message, { tone: 'error' });
        setModal({ kind: 'secret', connection });
      } else notify((error as Error).message, { tone: 'error' });
    } finally {
      setBusy(null);
    }
  };
  const signIn = (connection: Connection, secret?: string) =>
    run(connection, async () => {
      await (secret
        ? call('session:signIn', connection.id, { secret })
        : call('session:signIn', connection.id));
      api.setActiveId(connection.id);
    });
  const save = async (input: ConnectionInput) => {
    const saved = await call('connections:save', input);
    await api.refresh();
    api.setActiveId(saved.id);
    setModal(null);
  };

  return (
    <section aria-labelledby="connections-heading" className="panel connections">
      <div className="panel-head">
        <h2 id="connections-heading">Connections</h2>
        <button
          type="button"
          className="icon"
          aria-label="Add connection"
          title="Add connection"
          onClick={() => setModal({ kind: 'edit', connection: null })}
        >
          +
        </button>
      </div>
      <ul className="list">
        {api.connections.map((connection) => {
          const session = api.sessions[connection.id];
          const active = connection.id === api.activeId;
          return (
            <li key={connection.id} className={`connection${active ? ' active' : ''}`}>
              <div className="row">
                <span className={`dot ${session ? 'on' : ''}`} aria-hidden="true" />
                <button
                  type="button"
                  className="link name"
                  onClick={() => api.setActiveId(connection.id)}
                  aria-pressed={active}
                >
                  {connection.name}
                </button>
                {connection.tls.allowInvalidCertificate && (
                  <span
                    className="tag danger"
                    title="TLS certificates are not checked for this connection: anyone on the network path could read the token."
                  >
                    TLS unchecked
                  </span>
                )}
                {connection.allowInsecureHttp && connection.serverUrl.startsWith('http:') && (
                  <span
                    className="tag danger"
                    title="Plain http: credentials cross the network unencrypted."
                  >
                    plain http
                  </span>
                )}
                <span className="spacer" />
                {session ? (
                  <button
                    type="button"
                    className="small"
                    disabled={busy === connection.id}
                    onClick={() =>
                      void run(connection, () => call('session:signOut', connection.id))
                    }
                  >
                    Sign out
                  </button>
                ) : (
                  <button
                    type="button"
                    className="small"
                    aria-label={`Sign in to ${connection.name}`}
                    disabled={busy === connection.id}
                    onClick={() => void signIn(connection)}
                  >
                    {busy === connection.id ? 'Signing in…' : 'Sign in'}
                  </button>
                )}
                <button
                  type="button"
                  className="icon"
                  aria-label={`Edit ${connection.name}`}
                  title="Edit"
                  onClick={() => setModal({ kind: 'edit', connection })}
                >
                  ✎
                </button>
                {!connection.builtin && (
                  <button
                    type="button"
                    className="icon"
                    aria-label={`Delete ${connection.name}`}
                    title="Delete"
                    onClick={() => setModal({ kind: 'delete', connection })}
                  >
                    ✕
                  </button>
                )}
              </div>
              {session ? (
                <div className="status" aria-label={`Signed in to ${connection.name}`}>
                  <span title="User">{session.userName}</span> ·{' '}
                  <span title="Site">{session.siteName || 'Default'}</span> · API{' '}
                  {session.apiVersion}
                  {session.expiresAt && (
                    <span title="Token expires in">
                      {' '}
                      · token {formatCountdown(session.expiresAt, now)}
                    </span>
                  )}
                  <button
                    type="button"
                    className="link small-link"
                    onClick={() =>
                      setModal({ kind: 'site', connection, current: session.siteContentUrl })
                    }
                  >
                    Switch site
                  </button>
                </div>
              ) : (
                <div className="status muted">
                  {connection.builtin === 'sandbox'
                    ? 'built-in local server'
                    : new URL(connection.serverUrl).host}
                  {connection.siteContentUrl ? ` · ${connection.siteContentUrl}` : ''} · signed out
                </div>
              )}
            </li>
          );
        })}
      </ul>
      {modal?.kind === 'edit' && (
        <ConnectionDialog
          connection={modal.connection}
          onSave={save}
          onClose={() => setModal(null)}
        />
      )}
      {modal?.kind === 'secret' && (
        <SecretDialog
          connection={modal.connection}
          onClose={() => setModal(null)}
          onSubmit={(secret) => {
            setModal(null);
            void signIn(modal.connection, secret);
          }}
        />
      )}
      {modal?.kind === 'site' && (
        <SwitchSiteDialog
          current={modal.current}
          onClose={() => setModal(null)}
          onSubmit={(site) => {
            setModal(null);
            void run(modal.connection, () => call('session:switchSite', modal.connection.id, site));
          }}
        />
      )}
      {modal?.kind === 'delete' && (
        <ConfirmDialog
          title={`Delete ${modal.connection.name}?`}
          message="Its stored secret is deleted too. Saved requests stay."
          confirmLabel="Delete"
          onClose={() => setModal(null)}
          onConfirm={() => {
            const { connection } = modal;
            setModal(null);
            void run(connection, async () => {
              await call('connections:delete', connection.id);
              await api.refresh();
            });
          }}
        />
      )}
    </section>
  );
}
