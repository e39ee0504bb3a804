import type { Toast } from '../state/use-toasts';

export function Toasts({ toasts, onDismiss }: { toasts: Toast[]; onDismiss(id: string): void }) {
  return (
    <div className="toasts" role="status" aria-live="polite">
      {toasts.map((toast) => (
        <div key={toast.id} className={`toast ${toast.tone}`}>
          <span className="toast-text">
            <span>
              {toast.message}
              {toast.count > 1 && (
                <span className="toast-count" aria-label={`${toast.count} times`}>
                  {' '}
                  ×{toast.count}
                </span>
              )}
            </span>
            {toast.detail && <small className="toast-detail mono">{toast.detail}</small>}
          </span>
          {toast.action && (
            <button
              type="button"
              onClick={() => {
                toast.action?.run();
                onDismiss(toast.id);
              }}
            >
              {toast.action.label}
            </button>
          )}
          <button
            type="button"
            className="icon"
            aria-label="Dismiss"
            onClick={() => onDismiss(toast.id)}
          >
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
