import { useEffect, useRef } from 'react';

export interface Shortcuts {
  send(): void;
  save(): void;
  search(): void;
}

/**
 * Ctrl/Cmd+Enter sends, Ctrl/Cmd+S saves, Ctrl/Cmd+K searches the catalog. Listened for in
 * the capture phase so Monaco (which binds Ctrl+Enter and Ctrl+S itself) does not swallow them.
 */
export function useShortcuts(shortcuts: Shortcuts): void {
  const ref = useRef(shortcuts);
  ref.current = shortcuts;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey) return;
      const key = event.key.toLowerCase();
      const action =
        key === 'enter'
          ? ref.current.send
          : key === 's' && !event.shiftKey
            ? ref.current.save
            : key === 'k'
              ? ref.current.search
              : null;
      if (!action) return;
      if (document.querySelector('dialog[open]')) return;
      event.preventDefault();
      event.stopPropagation();
      action();
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);
}
