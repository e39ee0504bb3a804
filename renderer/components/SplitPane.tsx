import { useCallback, useRef, useState, type ReactNode } from 'react';

const KEY = 'trestle.split';

/** Request builder above, response below; the divider drags and moves with the arrow keys. */
export function SplitPane({ top, bottom }: { top: ReactNode; bottom: ReactNode }) {
  const [ratio, setRatio] = useState(() => Number(localStorage.getItem(KEY)) || 0.42);
  const host = useRef<HTMLDivElement>(null);
  const save = (value: number) => {
    const clamped = Math.min(0.85, Math.max(0.12, value));
    setRatio(clamped);
    localStorage.setItem(KEY, String(clamped));
  };
  const onPointerDown = useCallback((event: React.PointerEvent<HTMLDivElement>) => {
    const box = host.current?.getBoundingClientRect();
    if (!box) return;
    event.currentTarget.setPointerCapture(event.pointerId);
    const move = (e: PointerEvent) => save((e.clientY - box.top) / box.height);
    const up = () => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
  }, []);
  return (
    <div className="split" ref={host} style={{ gridTemplateRows: `${ratio}fr 6px ${1 - ratio}fr` }}>
      <div className="split-pane">{top}</div>
      <div
        className="split-divider"
        role="separator"
        aria-orientation="horizontal"
        aria-label="Resize request and response"
        aria-valuenow={Math.round(ratio * 100)}
        aria-valuemin={12}
        aria-valuemax={85}
        tabIndex={0}
        onPointerDown={onPointerDown}
        onKeyDown={(e) => {
          if (e.key === 'ArrowUp') save(ratio - 0.03);
          if (e.key === 'ArrowDown') save(ratio + 0.03);
        }}
      />
      <div className="split-pane">{bottom}</div>
    </div>
  );
}
