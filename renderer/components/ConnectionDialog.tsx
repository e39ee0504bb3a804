import { useEffect, useState, type ReactNode } from 'react';
import type { AuthKind, Connection, ConnectionInput } from '../../shared/connection';
import { Dialog } from './Dialog';
import { call } from '../api';

interface Props {
  connection: Connection | null;
  /** A new connection's server (and site), offered by an import or a pasted request. */
  draft?: { serverUrl: string; siteContentUrl?: string };
  onSave(input: ConnectionInput): Promise<void>;
  onClose(): void;
}

/**
 * The built-in Sandbox cannot be edited: the dialog says where it really listens (its port is
 * picked when it starts) and how it signs in, and claims no stored secret.
 */
export function SandboxDialog({ url, onClose }: { url: string | null; onClose(): void }) {
  return (
    <Dialog
      title="Sandbox"
      onClose={onClose}
      onSubmit={onClose}
      actions={
        <button type="submit" className="primary">
          Close
        </button>
      }
    >
      <p className="muted">
        A local Tableau server built into Trestle, with demo data. It is not a real server and
        cannot be changed; add a connection for your own Tableau Server or Cloud site.
      </p>
      <div className="form-grid">
        <label htmlFor="sbx-url">Server URL</label>
        <input
          id="sbx-url"
          readOnly
          className="readonly mono"
          value={url ?? ''}
          placeholder="not started yet: a free port on 127.0.0.1, picked at first sign-in"
        />
        <label htmlFor="sbx-site">Site</label>
        <input id="sbx-site" readOnly className="readonly" value="Default (content URL empty)" />
        <span>Sign in with</span>
        <span aria-label="Sign in with">
          the Sandbox’s demo personal access token “trestle” (built in, nothing stored)
        </span>
      </div>
    </Dialog>
  );
}

const AUTH_LABELS: Record<AuthKind, string> = {
  pat: 'Personal access token',
  password: 'User name and password',
  jwt: 'Connected app (JWT)',
};

/** Add or edit a connection. The secret goes to main only; an empty field keeps the stored one. */
export function ConnectionDialog({ connection, draft, onSave, onClose }: Props) {
  const [name, setName] = useState(connection?.name ?? '');
  const [serverUrl, setServerUrl] = useState(
    connection?.serverUrl ?? draft?.serverUrl ?? 'https://',
  );
  const [site, setSite] = useState(connection?.siteContentUrl ?? draft?.siteContentUrl ?? '');
  const [kind, setKind] = useState<AuthKind>(connection?.auth.kind ?? 'pat');
  const [identity, setIdentity] = useState(connection?.auth.identity ?? '');
  const [secret, setSecret] = useState('');
  const [remember, setRemember] = useState(connection?.auth.rememberSecret ?? true);
  const [pinned, setPinned] = useState(
    connection?.apiVersion.mode === 'pinned' ? (connection.apiVersion.pinned ?? '') : '',
  );
  const [insecureHttp, setInsecureHttp] = useState(connection?.allowInsecureHttp ?? false);
  const [invalidCert, setInvalidCert] = useState(connection?.tls.allowInvalidCertificate ?? false);
  const [caBundle, setCaBundle] = useState(connection?.tls.caBundlePath ?? '');
  const [production, setProduction] = useState(connection?.production ?? false);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const submit = async () => {
    setSaving(true);
    setError(null);
    try {
      await onSave({
        id: connection?.id,
        name: name.trim() || serverUrl,
        serverUrl: serverUrl.trim(),
        siteContentUrl: site.trim(),
        auth: {
          kind,
          identity: identity.trim(),
          secret: secret || undefined,
          rememberSecret: remember,
        },
        apiVersion: pinned.trim() ? { mode: 'pinned', pinned: pinned.trim() } : { mode: 'auto' },
        tls: { allowInvalidCertificate: invalidCert, caBundlePath: caBundle.trim() || undefined },
        allowInsecureHttp: insecureHttp,
        production,
      });
    } catch (e) {
      setError((e as Error).message);
      setSaving(false);
    }
  };

  const secretLabel =
    kind === 'pat'
      ? 'Token secret'
      : kind === 'password'
        ? 'Password'
        : 'Connected app secret value';
  return (
    <Dialog
      title={connection ? `Edit ${connection.name}` : 'Add connection'}
      onClose={onClose}
      onSubmit={() => void submit()}
      actions={
        <>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={saving}>
            Save connection
          </button>
        </>
      }
    >
      <div className="form-grid">
        <label htmlFor="cx-name">Name</label>
        <input
          id="cx-name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          placeholder="Production"
        />
        <label htmlFor="cx-url">Server URL</label>
        <input
          id="cx-url"
          value={serverUrl}
          onChange={(e) => setServerUrl(e.target.value)}
          placeholder="https://tableau.example.com"
          required
        />
        <span />
        <label className="check production-check">
          <input
            type="checkbox"
            checked={production}
            onChange={(e) => setProduction(e.target.checked)}
          />{' '}
          Production — mark its tabs in red and ask before every write
        </label>
        <label htmlFor="cx-site">Site</label>
        <input
          id="cx-site"
          value={site}
          onChange={(e) => setSite(e.target.value)}
          placeholder="content URL; empty for Default"
        />
        <label htmlFor="cx-kind">Sign in with</label>
        <select id="cx-kind" value={kind} onChange={(e) => setKind(e.target.value as AuthKind)}>
          {Object.entries(AUTH_LABELS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
        <label htmlFor="cx-identity">
          {kind === 'pat' ? 'Token name' : kind === 'password' ? 'User name' : 'User (sub claim)'}
        </label>
        <input
          id="cx-identity"
          value={identity}
          onChange={(e) => setIdentity(e.target.value)}
          autoComplete="off"
        />
        <label htmlFor="cx-secret">{secretLabel}</label>
        <input
          id="cx-secret"
          type="password"
          value={secret}
          onChange={(e) => setSecret(e.target.value)}
          autoComplete="new-password"
          placeholder={connection?.auth.secretStored ? 'stored — leave empty to keep' : ''}
        />
        <span />
        <label className="check">
          <input
            type="checkbox"
            checked={remember}
            onChange={(e) => setRemember(e.target.checked)}
          />{' '}
          Remember the secret (encrypted by the OS keychain)
        </label>
        <label htmlFor="cx-version">API version</label>
        <input
          id="cx-version"
          value={pinned}
          onChange={(e) => setPinned(e.target.value)}
          placeholder="auto (from serverinfo)"
        />
        <span />
        <label className="check">
          <input
            type="checkbox"
            checked={insecureHttp}
            onChange={(e) => setInsecureHttp(e.target.checked)}
          />{' '}
          Allow plain http://
        </label>
        <span />
        <label className="check">
          <input
            type="checkbox"
            checked={invalidCert}
            onChange={(e) => setInvalidCert(e.target.checked)}
          />{' '}
          Accept an invalid TLS certificate
        </label>
        {invalidCert && (
          <p role="alert" className="danger-text span-2">
            Certificates will not be checked: anyone between you and the server could read your
            credentials and session. Prefer adding your company’s CA bundle below.
          </p>
        )}
        <label htmlFor="cx-ca">CA bundle file</label>
        <input
          id="cx-ca"
          value={caBundle}
          onChange={(e) => setCaBundle(e.target.value)}
          placeholder="/path/to/company-ca.pem (optional)"
        />
      </div>
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
    </Dialog>
  );
}

export function SecretDialog({
  connection,
  failure,
  onSubmit,
  onClose,
}: {
  connection: Connection;
  /** Why the last try failed, shown above the field when asking again. */
  failure?: ReactNode;
  onSubmit(secret: string): void;
  onClose(): void;
}) {
  const [secret, setSecret] = useState('');
  const label =
    connection.auth.kind === 'password'
      ? 'Password'
      : connection.auth.kind === 'pat'
        ? 'Token secret'
        : 'Secret value';
  return (
    <Dialog
      title={`Sign in to ${connection.name}`}
      onClose={onClose}
      onSubmit={() => onSubmit(secret)}
      actions={
        <>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={!secret}>
            Sign in
          </button>
        </>
      }
    >
      {failure}
      <p className="muted">
        {connection.auth.identity ? `${connection.auth.identity} on ` : ''}
        {connection.serverUrl}. The secret is not stored.
      </p>
      <div className="form-grid">
        <label htmlFor="secret-input">{label}</label>
        <input
          id="secret-input"
          type="password"
          value={secret}
          onChange={(e) => setSecret(e.target.value)}
          autoFocus
          autoComplete="current-password"
        />
      </div>
    </Dialog>
  );
}

/** A site the signed-in user can reach, as Query Sites lists it. */
interface ReachableSite {
  name: string;
  contentUrl: string;
}

/**
 * The sites Query Sites lists for this session (`GET /sites`: every site for a server
 * administrator, the user's own sites otherwise; not on Tableau Cloud, 403069), or why not.
 */
function useReachableSites(connectionId: string) {
  const [sites, setSites] = useState<ReachableSite[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    let cancelled = false;
    call('request:send', connectionId, {
      method: 'GET',
      path: '/api/{api-version}/sites',
      pathParams: {},
      query: [
        { name: 'pageSize', value: '1000', enabled: true },
        { name: 'sort', value: 'name:asc', enabled: true },
      ],
      headers: [],
      body: { kind: 'none' },
      accept: 'json',
    }).then(
      (answer) => {
        if (cancelled) return;
        if (answer.error) {
          setProblem(
            answer.error.code === '403069'
              ? 'This server does not list its sites (Tableau Cloud, 403069): type the content URL.'
              : `Tableau did not list the sites (${answer.error.code}): type the content URL.`,
          );
          return;
        }
        const list = (answer.body as { sites?: { site?: ReachableSite[] } } | null)?.sites?.site;
        if (Array.isArray(list))
          setSites(list.map((s) => ({ name: s.name, contentUrl: s.contentUrl ?? '' })));
        else setProblem('The site list was too large to show here: type the content URL.');
      },
      (error: Error) => !cancelled && setProblem(`The sites could not be listed: ${error.message}`),
    );
    return () => {
      cancelled = true;
    };
  }, [connectionId]);
  return { sites, problem };
}

export function SwitchSiteDialog({
  connectionId,
  current,
  onSubmit,
  onClose,
}: {
  connectionId: string;
  current: string;
  onSubmit(site: string): void;
  onClose(): void;
}) {
  const [site, setSite] = useState(current);
  const { sites, problem } = useReachableSites(connectionId);
  return (
    <Dialog
      title="Switch site"
      onClose={onClose}
      onSubmit={() => onSubmit(site.trim())}
      actions={
        <>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary">
            Switch
          </button>
        </>
      }
    >
      <div className="form-grid">
        <label htmlFor="site-input">Site content URL</label>
        <input
          id="site-input"
          value={site}
          onChange={(e) => setSite(e.target.value)}
          placeholder="empty for the Default site"
          autoFocus
        />
      </div>
      <div className="site-list" role="group" aria-label="Sites you can reach">
        {sites === null && !problem && <p className="muted small-text">Listing your sites…</p>}
        {problem && <p className="muted small-text">{problem}</p>}
        {sites && sites.length > 0 && (
          <>
            <p className="muted small-text">
              Sites you can reach (Query Sites), or type any other:
            </p>
            <ul className="list">
              {sites.map((s) => (
                <li key={s.contentUrl}>
                  <button
                    type="button"
                    className={`link site-choice${s.contentUrl === site.trim() ? ' chosen' : ''}`}
                    aria-pressed={s.contentUrl === site.trim()}
                    onClick={() => setSite(s.contentUrl)}
                    onDoubleClick={() => onSubmit(s.contentUrl)}
                  >
                    {s.name} <span className="muted mono">{s.contentUrl || '(Default site)'}</span>
                    {s.contentUrl === current && <span className="tag">current</span>}
                  </button>
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
    </Dialog>
  );
}
