import { useRef, type KeyboardEvent } from 'react';

interface Props {
  value: string;
  onChange(value: string): void;
  onKeyDown?(event: KeyboardEvent<HTMLInputElement>): void;
  /** Pasted text (a curl command, a full URL): true when it was taken, so it is not typed in. */
  onPaste?(text: string): boolean;
}

/**
 * The path input with `{placeholders}` highlighted: a transparent input over a mirror that
 * draws the same text with the placeholders marked (scroll positions kept in step).
 */
export function PathField({ value, onChange, onKeyDown, onPaste }: Props) {
  const mirror = useRef<HTMLDivElement>(null);
  const parts = value.split(/(\{[A-Za-z0-9_-]+\})/g);
  return (
    <div className="path-field">
      <div className="path-mirror" ref={mirror} aria-hidden="true">
        {parts.map((part, i) =>
          /^\{.+\}$/.test(part) ? (
            <mark key={i} className="placeholder">
              {part}
            </mark>
          ) : (
            <span key={i}>{part}</span>
          ),
        )}
        {'\u200b'}
      </div>
      <input
        aria-label="Path"
        className="path-input"
        value={value}
        spellCheck={false}
        autoComplete="off"
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={onKeyDown}
        onPaste={(e) => {
          if (onPaste?.(e.clipboardData.getData('text'))) e.preventDefault();
        }}
        onScroll={(e) => {
          if (mirror.current) mirror.current.scrollLeft = e.currentTarget.scrollLeft;
        }}
        onSelect={(e) => {
          if (mirror.current) mirror.current.scrollLeft = e.currentTarget.scrollLeft;
        }}
      />
    </div>
  );
}
