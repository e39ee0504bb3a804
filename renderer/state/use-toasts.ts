import { useCallback, useState } from 'react';
import { newId } from '../lib/ids';

export interface Toast {
  id: string;
  message: string;
  tone: 'info' | 'error';
  action?: { label: string; run(): void };
}

/** Short notices at the bottom right; an action (Undo) keeps one up longer. */
export function useToasts() {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const dismiss = useCallback(
    (id: string) => setToasts((prev) => prev.filter((t) => t.id !== id)),
    [],
  );
  const notify = useCallback(
    (message: string, options: { tone?: Toast['tone']; action?: Toast['action'] } = {}) => {
      const id = newId('toast');
      setToasts((prev) => [
        ...prev.slice(-3),
        { id, message, tone: options.tone ?? 'info', action: options.action },
      ]);
      window.setTimeout(() => dismiss(id), options.action ? 10_000 : 6_000);
    },
    [dismiss],
  );
  return { toasts, notify, dismiss };
}

export type Notify = ReturnType<typeof useToasts>['notify'];
