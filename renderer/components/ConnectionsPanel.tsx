import { useEffect, useRef, useState } from 'react';
import { onConnectionOffer, type ConnectionOffer } from '../lib/connection-offer';
import type { ConnectionAction } from '../../shared/catalog';
import type { Connection, ConnectionInput } from '../../shared/connection';
import type { TableauError } from '../../shared/request';
import { explainSignInFailure } from '../../shared/tableau-errors';
import { ApiError, call } from '../api';
import { formatCountdown } from '../lib/format';
import { plainError } from '../lib/user-error';
import { useChain } from '../state/use-chaining';
import type { ConnectionsApi } from '../state/use-connections';
import type { Notify } from '../state/use-toasts';
import {
  ConnectionDialog,
  SandboxDialog,
  SecretDialog,
  SwitchSiteDialog,
} from './ConnectionDialog';
import { ConfirmDialog } from './Dialog';
import { TableauErrorPanel } from './TableauErrorPanel';

type Modal =
  | { kind: 'edit'; connection: Connection | null; draft?: ConnectionOffer }
  | { kind: 'secret'; connection: Connection }
  | { kind: 'site'; connection: Connection; current: string }
  | { kind: 'delete'; connection: Connection };

function isRejectedSecret(error: ApiError, connection: Connection): boolean {
  const detail = error.detail as { code?: string } | undefined;
  return error.code === 'session.signInFailed' && detail?.code === '401001' && !connection.builtin;
}

/** A failed sign-in, shown as a Tableau error panel; `attempt` makes a second failure visible. */
interface SignInFailure {
  error: TableauError;
  attempt: number;
}

function SignInFailurePanel({ failure }: { failure: SignInFailure }) {
  return (
    <div className="sign-in-failure" aria-label="Sign-in failed">
      <TableauErrorPanel
        error={failure.error}
        status={null}
        note={failure.attempt > 1 ? `try ${failure.attempt}` : undefined}
      />
    </div>
  );
}

function useNow(intervalMs: number): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), intervalMs);
    return () => window.clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/** A catalog preset done by the connection (Sign In, Switch Site, Sign Out), asked of the panel. */
export interface ConnectionActionRequest {
  kind: ConnectionAction;
  connectionId: string;
  /** A new request each time, even for the same action twice. */
  nonce: number;
}

/** Connections: add, edit, delete; sign in and out; switch site; the session's status. */
export function ConnectionsPanel({
  api,
  notify,
  action,
}: {
  api: ConnectionsApi;
  notify: Notify;
  action?: ConnectionActionRequest | null;
}) {
  const [busy, setBusy] = useState<string | null>(null);
  const [modal, setModal] = useState<Modal | null>(null);
  // An import or a paste aimed at another server offers it as a new connection.
  useEffect(
    () => onConnectionOffer((draft) => setModal({ kind: 'edit', connection: null, draft })),
    [],
  );
  const chain = useChain();
  const [failures, setFailures] = useState<Record<string, SignInFailure>>({});
  const now = useNow(1000);
  // Where the built-in Sandbox listens, once a session has told us (its port is picked at start).
  const [sandboxUrl, setSandboxUrl] = useState<string | null>(null);
  const sandboxSession = api.sessions.sandbox;
  useEffect(() => {
    if (sandboxSession) setSandboxUrl(sandboxSession.serverUrl);
  }, [sandboxSession]);

  const run = async (connection: Connection, action: () => Promise<unknown>) => {
    setBusy(connection.id);
    try {
      await action();
    } catch (error) {
      notify(plainError(error));
    } finally {
      setBusy(null);
    }
  };

  /**
   * Signs in; a failure becomes one panel on the connection (the same panel a REST error
   * gets), never a toast, and a second failed try replaces it with its own result.
   */
  const signIn = async (connection: Connection, secret?: string) => {
    setBusy(connection.id);
    const attempt = (failures[connection.id]?.attempt ?? 0) + 1;
    setFailures(({ [connection.id]: _old, ...rest }) => rest);
    try {
      await (secret
        ? call('session:signIn', connection.id, { secret })
        : call('session:signIn', connection.id));
      api.setActiveId(connection.id);
    } catch (error) {
      if (error instanceof ApiError && error.code === 'session.secretNeeded') {
        setModal({ kind: 'secret', connection });
        return;
      }
      const failure = error instanceof ApiError ? error : new ApiError('internal', String(error));
      const explained = explainSignInFailure(failure, {
        authKind: connection.auth.kind,
        identity: connection.auth.identity,
        siteContentUrl: connection.siteContentUrl,
        serverUrl: connection.builtin ? (sandboxUrl ?? 'the Sandbox') : connection.serverUrl,
      });
      setFailures((prev) => ({ ...prev, [connection.id]: { error: explained, attempt } }));
      // Wrong password or PAT secret (401001) where none is stored: ask again, the panel above.
      if (error instanceof ApiError && isRejectedSecret(error, connection))
        setModal({ kind: 'secret', connection });
    } finally {
      setBusy(null);
    }
  };
  // The catalog's Sign In / Switch Site / Sign Out: the connection's own action, never a request.
  const handled = useRef<number | null>(null);
  useEffect(() => {
    if (!action || handled.current === action.nonce) return;
    handled.current = action.nonce;
    const connection = api.connections.find((c) => c.id === action.connectionId);
    if (!connection || busy === connection.id) return;
    const session = api.sessions[connection.id];
    if (action.kind === 'signIn') {
      if (session) notify(`Already signed in to ${connection.name} as ${session.userName}.`);
      else void signIn(connection);
    } else if (!session) {
      notify(`Sign in to ${connection.name} first (under Connections).`);
    } else if (action.kind === 'switchSite') {
      setModal({ kind: 'site', connection, current: session.siteContentUrl });
    } else {
      void run(connection, () => call('session:signOut', connection.id));
    }
    // Only a new request acts (the handlers read the state as it is then).
  }, [action]);

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
          const failure = failures[connection.id];
          const asking = modal?.kind === 'secret' && modal.connection.id === connection.id;
          return (
            <li key={connection.id} className={`connection${active ? ' active' : ''}`}>
              <div className="row">
                <span className={`dot ${session ? 'on' : ''}`} aria-hidden="true" />
                <button
                  type="button"
                  className="link name"
                  onClick={() => api.setActiveId(connection.id)}
                  aria-pressed={active}
                  title="Select for new tabs (open tabs keep their own connection)"
                >
                  {connection.name}
                </button>
                {connection.production && (
                  <span className="production-label" title="Production: every write asks first">
                    PRODUCTION
                  </span>
                )}
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
                {chain && (
                  <button
                    type="button"
                    className="icon"
                    aria-label={`Variables of ${connection.name}`}
                    title="Variables: this connection’s environment, and Globals"
                    onClick={() =>
                      chain.openDialog({
                        kind: 'variables',
                        scope: { scope: 'connection', connectionId: connection.id },
                      })
                    }
                  >
                    {'{{ }}'}
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
                  {connection.builtin === 'sandbox' && (
                    <span title="Where the Sandbox listens">
                      {' '}
                      · <span className="mono">{hostOf(session.serverUrl)}</span>
                    </span>
                  )}
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
                  {connection.builtin === 'sandbox' ? (
                    sandboxUrl ? (
                      <>
                        built-in local server at <span className="mono">{hostOf(sandboxUrl)}</span>
                      </>
                    ) : (
                      'built-in local server, on 127.0.0.1 (port picked at sign-in)'
                    )
                  ) : (
                    hostOf(connection.serverUrl)
                  )}
                  {connection.siteContentUrl ? ` · ${connection.siteContentUrl}` : ''} · signed out
                </div>
              )}
              {failure && !asking && <SignInFailurePanel failure={failure} />}
            </li>
          );
        })}
      </ul>
      {modal?.kind === 'edit' && modal.connection?.builtin === 'sandbox' && (
        <SandboxDialog
          url={sandboxSession?.serverUrl ?? sandboxUrl}
          onClose={() => setModal(null)}
        />
      )}
      {modal?.kind === 'edit' && modal.connection?.builtin !== 'sandbox' && (
        <ConnectionDialog
          connection={modal.connection}
          draft={modal.draft}
          onSave={save}
          onClose={() => setModal(null)}
        />
      )}
      {modal?.kind === 'secret' && (
        <SecretDialog
          connection={modal.connection}
          failure={
            failures[modal.connection.id] && (
              <SignInFailurePanel failure={failures[modal.connection.id]} />
            )
          }
          onClose={() => setModal(null)}
          onSubmit={(secret) => {
            setModal(null);
            void signIn(modal.connection, secret);
          }}
        />
      )}
      {modal?.kind === 'site' && (
        <SwitchSiteDialog
          connectionId={modal.connection.id}
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

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
