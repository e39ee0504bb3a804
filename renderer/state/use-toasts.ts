import { useCallback, useRef, useState } from 'react';
import { newId } from '../lib/ids';
import type { PlainError } from '../lib/user-error';

export interface Toast {
  id: string;
  message: string;
  /** An internal code or raw text, shown small under the sentence. */
  detail: string | null;
  tone: 'info' | 'error';
  action?: { label: string; run(): void };
  /** How many times the same notice came (shown as ×N), instead of a pile of copies. */
  count: number;
}

/** At most this many at once: the oldest goes first, so they never pile over the response. */
export const MAX_TOASTS = 3;
/** A success or an Undo offer leaves by itself; an error stays until dismissed. */
const INFO_MS = 5_000;
const ACTION_MS = 10_000;

/**
 * Short notices at the bottom right: three at most, a repeat of one on screen merged into it
 * (×2), successes gone after a few seconds, errors kept until dismissed. A `PlainError`
 * (see `plainError`) is an error notice with its code as the detail line.
 */
export function useToasts() {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const timers = useRef(new Map<string, number>());
  const dismiss = useCallback((id: string) => {
    const timer = timers.current.get(id);
    if (timer !== undefined) window.clearTimeout(timer);
    timers.current.delete(id);
    setToasts((prev) => prev.filter((t) => t.id !== id));
  }, []);
  const schedule = useCallback(
    (id: string, ms: number | null) => {
      const old = timers.current.get(id);
      if (old !== undefined) window.clearTimeout(old);
      timers.current.delete(id);
      if (ms !== null)
        timers.current.set(
          id,
          window.setTimeout(() => dismiss(id), ms),
        );
    },
    [dismiss],
  );
  const notify = useCallback(
    (
      what: string | PlainError,
      options: { tone?: Toast['tone']; action?: Toast['action'] } = {},
    ) => {
      const plain = typeof what === 'string' ? { message: what, detail: null } : what;
      const tone = options.tone ?? (typeof what === 'string' ? 'info' : 'error');
      const lasts = options.action ? ACTION_MS : tone === 'error' ? null : INFO_MS;
      setToasts((prev) => {
        const same = prev.find(
          (t) =>
            t.message === plain.message &&
            t.detail === plain.detail &&
            t.tone === tone &&
            !t.action &&
            !options.action,
        );
        if (same) {
          schedule(same.id, lasts);
          return [...prev.filter((t) => t.id !== same.id), { ...same, count: same.count + 1 }];
        }
        const id = newId('toast');
        schedule(id, lasts);
        const next = [
          ...prev,
          {
            id,
            message: plain.message,
            detail: plain.detail,
            tone,
            action: options.action,
            count: 1,
          },
        ];
        for (const dropped of next.slice(0, Math.max(0, next.length - MAX_TOASTS)))
          schedule(dropped.id, null);
        return next.slice(-MAX_TOASTS);
      });
    },
    [schedule],
  );
  return { toasts, notify, dismiss };
}

export type Notify = ReturnType<typeof useToasts>['notify'];
