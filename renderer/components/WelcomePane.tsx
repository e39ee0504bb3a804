import { findPreset, type Preset } from '../../shared/catalog';

interface Props {
  signedIn: boolean;
  connectionName: string;
  onOpenPreset(preset: Preset): void;
  onNew(): void;
  onGettingStarted(): void;
  onShortcuts(): void;
}

const STARTERS = [
  'server.server-info',
  'users.get-users-on-site',
  'projects.query-projects',
  'workbooks.query-workbooks-for-site',
];

/** What a new user sees with no request open: what to do next, and a few good first requests. */
export function WelcomePane({
  signedIn,
  connectionName,
  onOpenPreset,
  onNew,
  onGettingStarted,
  onShortcuts,
}: Props) {
  const starters = STARTERS.map((id) => findPreset(id)).filter((p): p is Preset => Boolean(p));
  return (
    <section className="welcome" aria-label="Getting started">
      <h1>
        <img src="./icon.svg" alt="" width="28" height="28" className="welcome-icon" /> Trestle
      </h1>
      <ol>
        <li className={signedIn ? 'done' : ''}>
          {signedIn
            ? `Signed in to ${connectionName}.`
            : `Sign in to ${connectionName} (left, under Connections).`}
        </li>
        <li>Pick an endpoint from the Catalog, or search it with Ctrl+K.</li>
        <li>
          Press Send (Ctrl+Enter). Lists open as a table you can page, fetch whole and export.
        </li>
      </ol>
      <div className="starters">
        {starters.map((preset) => (
          <button key={preset.id} type="button" onClick={() => onOpenPreset(preset)}>
            <span className={`method method-${preset.method.toLowerCase()}`}>{preset.method}</span>{' '}
            {preset.name}
          </button>
        ))}
        <button type="button" onClick={onNew}>
          Blank request
        </button>
      </div>
      <p className="welcome-help">
        <button type="button" className="link" onClick={onGettingStarted}>
          Getting started
        </button>{' '}
        ·{' '}
        <button type="button" className="link" onClick={onShortcuts}>
          Keyboard shortcuts (Ctrl+/)
        </button>
      </p>
    </section>
  );
}
