import type { Settings } from '../../shared/documents';

interface Props {
  settings: Settings;
  onChange(patch: Partial<Settings>): void;
}

/** The sidebar's foot: theme at hand, the rest of the settings one click away. */
export function SettingsFooter({ settings, onChange }: Props) {
  return (
    <div className="settings-footer">
      <label className="theme-picker">
        Theme{' '}
        <select
          value={settings.theme}
          onChange={(e) => onChange({ theme: e.target.value as Settings['theme'] })}
        >
          <option value="system">Follow the OS</option>
          <option value="light">Light</option>
          <option value="dark">Dark</option>
        </select>
      </label>
      <details className="settings-more">
        <summary>Settings</summary>
        <label>
          Fetch all: pages at once{' '}
          <select
            value={settings.fetchAllConcurrency}
            onChange={(e) => onChange({ fetchAllConcurrency: Number(e.target.value) })}
          >
            {Array.from({ length: 10 }, (_, i) => i + 1).map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <label>
          Request timeout (seconds){' '}
          <input
            type="number"
            min={1}
            max={3600}
            value={Math.round(settings.requestTimeoutMs / 1000)}
            onChange={(e) => {
              const seconds = Number(e.target.value);
              if (Number.isInteger(seconds) && seconds >= 1 && seconds <= 3600)
                onChange({ requestTimeoutMs: seconds * 1000 });
            }}
          />
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={settings.confirmDestructive}
            onChange={(e) => onChange({ confirmDestructive: e.target.checked })}
          />{' '}
          Confirm DELETE and writes aimed at me or the site (Production always asks)
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={settings.storeSecretsInsecurely}
            onChange={(e) => onChange({ storeSecretsInsecurely: e.target.checked })}
          />{' '}
          Remember secrets even where the OS does not protect them
        </label>
        {settings.storeSecretsInsecurely && (
          <p role="alert" className="danger-text">
            On this system the key that encrypts stored secrets is not protected by the OS (e.g.
            Linux without a keyring): anyone who can read your files can recover passwords and PAT
            secrets. Turn this off unless this machine is yours alone.
          </p>
        )}
      </details>
    </div>
  );
}
