import { useEffect, useRef, type KeyboardEvent } from 'react';

export interface ValueMenuItem {
  label: string;
  run(): void;
  disabled?: boolean;
}

interface Props {
  x: number;
  y: number;
  /** What the menu is about, for screen readers ("users.user[1].id"). */
  label: string;
  items: ValueMenuItem[];
  onClose(): void;
}

/**
 * Trestle's context menu for a value (Pretty): keyboard-usable (arrows, Enter, Escape), closed
 * by a click elsewhere; it replaces Monaco's developer menu.
 */
export function ValueMenu({ x, y, label, items, onClose }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.querySelector<HTMLButtonElement>('button:not(:disabled)')?.focus();
    const away = (event: MouseEvent) => {
      if (!ref.current?.contains(event.target as Node)) onClose();
    };
    window.addEventListener('mousedown', away, true);
    return () => window.removeEventListener('mousedown', away, true);
  }, [onClose]);
  const move = (event: KeyboardEvent) => {
    const buttons = [
      ...(ref.current?.querySelectorAll<HTMLButtonElement>('button:not(:disabled)') ?? []),
    ];
    const index = buttons.indexOf(document.activeElement as HTMLButtonElement);
    if (event.key === 'Escape') {
      event.preventDefault();
      onClose();
    } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      buttons[(index + step + buttons.length) % buttons.length]?.focus();
    }
  };
  // Kept inside the window, however near the edge the click was.
  const left = Math.min(x, window.innerWidth - 260);
  const top = Math.min(y, window.innerHeight - 40 - items.length * 28);
  return (
    <div
      ref={ref}
      className="value-menu"
      role="menu"
      aria-label={label}
      style={{ left: Math.max(0, left), top: Math.max(0, top) }}
      onKeyDown={move}
    >
      {items.map((item) => (
        <button
          key={item.label}
          type="button"
          role="menuitem"
          disabled={item.disabled}
          onClick={() => {
            onClose();
            item.run();
          }}
        >
          {item.label}
        </button>
      ))}
    </div>
  );
}
