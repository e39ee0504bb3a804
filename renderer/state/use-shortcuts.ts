import { useEffect, useRef } from 'react';
import { shortcutFor, type ShortcutAction } from '../lib/shortcut-list';

/**
 * What each shortcut does; an action that answers false did not apply (no table to filter),
 * and the key goes on to the browser (Ctrl+F then finds in the page).
 */
export type Shortcuts = Record<ShortcutAction, () => boolean | void>;

/**
 * The app's shortcuts (`SHORTCUTS` in `lib/shortcut-list.ts`). Listened for in the capture
 * phase so Monaco (which binds Ctrl+Enter and Ctrl+S itself) does not swallow them.
 */
export function useShortcuts(shortcuts: Shortcuts): void {
  const ref = useRef(shortcuts);
  ref.current = shortcuts;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const action = shortcutFor(event);
      if (!action) return;
      // A dialog owns the keyboard, except for closing the shortcuts list with its own key.
      if (document.querySelector('dialog[open]') && action !== 'showShortcuts') return;
      if (ref.current[action]() === false) return;
      event.preventDefault();
      event.stopPropagation();
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);
}
