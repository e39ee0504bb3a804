/** Every keyboard shortcut, for the handler and for the shortcuts list (Ctrl/Cmd+/). */
export type ShortcutAction =
  | 'send'
  | 'save'
  | 'search'
  | 'closeTab'
  | 'nextTab'
  | 'previousTab'
  | 'focusPath'
  | 'filterTable'
  | 'showShortcuts';

export interface ShortcutEntry {
  action: ShortcutAction;
  /** As shown: `Mod` reads Ctrl, or ⌘ on a Mac. */
  keys: string;
  /** What the web host offers where the browser keeps the key for itself (Ctrl+W, Ctrl+Tab). */
  browserKeys?: string;
  what: string;
}

export const SHORTCUTS: readonly ShortcutEntry[] = [
  { action: 'send', keys: 'Mod+Enter', what: 'Send the request' },
  { action: 'save', keys: 'Mod+S', what: 'Save the request to a collection' },
  { action: 'search', keys: 'Mod+K', what: 'Search the catalog' },
  { action: 'focusPath', keys: 'Mod+L', what: 'Go to the path' },
  { action: 'filterTable', keys: 'Mod+F', what: 'Filter the response table' },
  { action: 'closeTab', keys: 'Mod+W', browserKeys: 'Alt+W', what: 'Close the tab' },
  {
    action: 'nextTab',
    keys: 'Mod+Tab',
    browserKeys: 'Alt+PageDown',
    what: 'Next tab',
  },
  {
    action: 'previousTab',
    keys: 'Mod+Shift+Tab',
    browserKeys: 'Alt+PageUp',
    what: 'Previous tab',
  },
  { action: 'showShortcuts', keys: 'Mod+/', what: 'This list of shortcuts' },
];

/** `Mod+Shift+Tab` as this platform writes it: `Ctrl+Shift+Tab`, or `⌘+Shift+Tab` on a Mac. */
export function keysText(keys: string, mac: boolean): string {
  return keys.replace(/^Mod\+/, mac ? '⌘+' : 'Ctrl+');
}

/** Which shortcut a key press is, if any. */
export function shortcutFor(event: {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}): ShortcutAction | null {
  const key = event.key.toLowerCase();
  if (event.altKey && !event.ctrlKey && !event.metaKey) {
    if (key === 'w' || event.key === '∑') return 'closeTab';
    if (key === 'pagedown') return 'nextTab';
    if (key === 'pageup') return 'previousTab';
    return null;
  }
  if (!(event.ctrlKey || event.metaKey) || event.altKey) return null;
  if (key === 'enter') return 'send';
  if (key === 's' && !event.shiftKey) return 'save';
  if (key === 'k') return 'search';
  if (key === 'l') return 'focusPath';
  if (key === 'f' && !event.shiftKey) return 'filterTable';
  if (key === 'w' && !event.shiftKey) return 'closeTab';
  if (key === 'tab') return event.shiftKey ? 'previousTab' : 'nextTab';
  if (key === '/' || key === '?') return 'showShortcuts';
  return null;
}
