import { useMemo, useState } from 'react';
import type { Preset } from '../../shared/catalog';
import type { Connection, SessionInfo } from '../../shared/connection';
import {
  CODE_LANGUAGES,
  generateCode,
  LANGUAGE_FILES,
  LANGUAGE_LABELS,
  type CodeLanguage,
  type SignIn,
} from '../../shared/interop/codegen';
import type { RequestSpec } from '../../shared/request';
import type { VariableLayer } from '../../shared/variables';
import { copyText, saveText } from '../lib/download';
import { Dialog } from './Dialog';
import '../styles/interop.css';

interface Props {
  spec: RequestSpec;
  name: string;
  preset: Preset | undefined;
  connection: Connection | undefined;
  session: SessionInfo | null;
  /** The tab's variables: plain ones are written in, secret and unknown ones read from the environment. */
  layers: readonly VariableLayer[];
  onClose(): void;
}

const SIGN_INS: { id: SignIn; label: string }[] = [
  { id: 'pat', label: 'Personal access token' },
  { id: 'password', label: 'User name and password' },
  { id: 'token', label: 'A session token I have' },
];

/**
 * Copy as (DESIGN.md §13): the request as curl, Python (requests or TSC), PowerShell or
 * JavaScript that runs as written. It signs in from environment variables it names and signs
 * out at the end; no token or secret is ever in it (the window never has the token).
 */
export function CopyAsDialog({ spec, name, preset, connection, session, layers, onClose }: Props) {
  const [language, setLanguage] = useState<CodeLanguage>(
    () => (localStorage.getItem('trestle.copyAs') as CodeLanguage | null) ?? 'curl',
  );
  const [signIn, setSignIn] = useState<SignIn>(
    connection?.auth.kind === 'password'
      ? 'password'
      : connection?.auth.kind === 'jwt'
        ? 'token'
        : 'pat',
  );
  const [copied, setCopied] = useState(false);
  const snippet = useMemo(
    () =>
      generateCode(CODE_LANGUAGES.includes(language) ? language : 'curl', {
        spec,
        name,
        presetId: preset?.id,
        layers,
        signIn,
        // The session's server is where requests really go (the Sandbox's port, for one).
        serverUrl: session?.serverUrl || connection?.serverUrl,
        siteContentUrl: connection?.siteContentUrl,
        apiVersion:
          session?.apiVersion ?? connection?.apiVersion.pinned ?? connection?.apiVersion.detected,
        identity: connection?.auth.kind === 'jwt' ? undefined : connection?.auth.identity,
      }),
    [language, spec, name, preset, layers, signIn, connection, session],
  );
  const pick = (next: CodeLanguage) => {
    setLanguage(next);
    setCopied(false);
    localStorage.setItem('trestle.copyAs', next);
  };
  return (
    <Dialog
      title="Copy as code"
      wide
      onClose={onClose}
      onSubmit={() =>
        void copyText(snippet.text).then(
          () => setCopied(true),
          () => setCopied(false),
        )
      }
      actions={
        <>
          <button
            type="button"
            onClick={() => {
              saveText(snippet.text, LANGUAGE_FILES[snippet.language], 'text/plain');
            }}
          >
            Download {LANGUAGE_FILES[snippet.language]}
          </button>
          <button type="button" onClick={onClose}>
            Close
          </button>
          <button type="submit" className="primary">
            {copied ? 'Copied' : 'Copy'}
          </button>
        </>
      }
    >
      <div className="interop-dialog">
        <div className="interop-tabs" role="tablist" aria-label="Language">
          {CODE_LANGUAGES.map((l) => (
            <button
              key={l}
              type="button"
              role="tab"
              aria-selected={snippet.language === l}
              className="subtab"
              onClick={() => pick(l)}
            >
              {LANGUAGE_LABELS[l]}
            </button>
          ))}
        </div>
        <div className="interop-row">
          <label>
            Signs in with{' '}
            <select
              aria-label="Signs in with"
              value={signIn}
              onChange={(e) => {
                setSignIn(e.target.value as SignIn);
                setCopied(false);
              }}
            >
              {SIGN_INS.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.label}
                </option>
              ))}
            </select>
          </label>
          <span className="muted small-text">
            It reads {snippet.env.join(', ')} from the environment.
          </span>
        </div>
        <pre className="interop-snippet" aria-label="Snippet" tabIndex={0}>
          {snippet.text}
        </pre>
        {snippet.notes.length > 0 && (
          <ul className="small-text muted" aria-label="Notes on the snippet">
            {snippet.notes.map((n, i) => (
              <li key={i}>{n}</li>
            ))}
          </ul>
        )}
      </div>
    </Dialog>
  );
}
