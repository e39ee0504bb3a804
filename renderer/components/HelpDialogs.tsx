import { keysText, SHORTCUTS } from '../lib/shortcut-list';
import { Dialog } from './Dialog';

const mac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

/** Every shortcut (Ctrl/Cmd+/); in a browser, the keys it keeps for itself have stand-ins. */
export function ShortcutsDialog({
  browser,
  onClose,
  onGettingStarted,
}: {
  /** The web host: the browser keeps Ctrl+W and Ctrl+Tab. */
  browser: boolean;
  onClose(): void;
  onGettingStarted(): void;
}) {
  return (
    <Dialog
      title="Keyboard shortcuts"
      onClose={onClose}
      actions={
        <>
          <button type="button" onClick={onGettingStarted}>
            Getting started
          </button>
          <button type="button" className="primary" onClick={onClose}>
            Close
          </button>
        </>
      }
    >
      <table className="shortcuts" aria-label="Shortcuts">
        <tbody>
          {SHORTCUTS.map((s) => (
            <tr key={s.action}>
              <td>
                <kbd>{keysText(s.keys, mac)}</kbd>
                {browser && s.browserKeys && (
                  <>
                    {' '}
                    or <kbd>{s.browserKeys}</kbd>
                  </>
                )}
              </td>
              <td>{s.what}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {browser && (
        <p className="muted small-text">
          In a browser, {keysText('Mod+W', mac)} and {keysText('Mod+Tab', mac)} close and switch the
          browser’s own tabs: use the Alt keys beside them.
        </p>
      )}
    </Dialog>
  );
}

/** A short in-app guide for a first session, from the welcome pane. */
export function GettingStartedDialog({ onClose }: { onClose(): void }) {
  return (
    <Dialog
      title="Getting started"
      wide
      onClose={onClose}
      actions={
        <button type="button" className="primary" onClick={onClose}>
          Close
        </button>
      }
    >
      <ol className="getting-started">
        <li>
          <strong>Sign in.</strong> The Sandbox connection is a local Tableau server with demo data:
          press <em>Sign in</em> under Connections. For your own server, add a connection (
          <em>+</em>) with its URL, site content URL and a personal access token.
        </li>
        <li>
          <strong>Pick a method.</strong> The Catalog lists every REST API method by Tableau’s
          sections ({keysText('Mod+K', mac)} searches it). A single click opens it in a preview tab
          that the next click replaces; a double click, an edit or Send keeps it.
        </li>
        <li>
          <strong>Fill and send.</strong> <code>{'{api-version}'}</code> and{' '}
          <code>{'{site-id}'}</code> come from the session; fill the other fields (<em>Me</em>{' '}
          writes your own user id). <em>Sends to</em> shows the exact URL. Press Send (
          {keysText('Mod+Enter', mac)}).
        </li>
        <li>
          <strong>Read the answer.</strong> Lists open as a table: sort by a column, filter with
          words or <code>column:value</code> ({keysText('Mod+F', mac)}), choose columns, freeze the
          name, page through or <em>Fetch all</em>. Export CSV or JSON takes the table as shown; the
          menu beside it exports everything. A Tableau error says what its code means and what to
          try.
        </li>
        <li>
          <strong>Keep it.</strong> Save requests to collections ({keysText('Mod+S', mac)}); History
          keeps the last 1,000 requests as sent. Open tabs, with their tables, come back after a
          restart.
        </li>
      </ol>
    </Dialog>
  );
}
