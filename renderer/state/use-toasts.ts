import { useCallback, useState } from 'react';
import { newId } from '../lib/ids';
import type { PlainError } from '../lib/user-error';

export interface Toast {
  id: string;
  message: string;
  /** An internal code or raw text, shown small under the sentence. */
  detail: string | null;
  tone: 'info' | 'error';
  action?: { label: string; run(): void };
}

/**
 * Short notices at the bottom right; an action (Undo) keeps one up longer. A `PlainError`
 * (see `plainError`) is an error notice with its code as the detail line.
 */
export function useToasts() {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const dismiss = useCallback(
    (id: string) => setToasts((prev) => prev.filter((t) => t.id !== id)),
    [],
  );
  const notify = useCallback(
    (
      what: string | PlainError,
      options: { tone?: Toast['tone']; action?: Toast['action'] } = {},
    ) => {
      const id = newId('toast');
      const plain = typeof what === 'string' ? { message: what, detail: null } : what;
      const tone = options.tone ?? (typeof what === 'string' ? 'info' : 'error');
      setToasts((prev) => [
        ...prev.slice(-3),
        { id, message: plain.message, detail: plain.detail, tone, action: options.action },
      ]);
      window.setTimeout(
        () => dismiss(id),
        options.action ? 10_000 : tone === 'error' ? 12_000 : 6_000,
      );
    },
    [dismiss],
  );
  return { toasts, notify, dismiss };
}

export type Notify = ReturnType<typeof useToasts>['notify'];
