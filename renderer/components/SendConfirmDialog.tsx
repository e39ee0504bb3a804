import type { SendConfirmation } from '../lib/send-checks';
import { ConfirmDialog } from './Dialog';

interface Props {
  /** Likely mistakes found before sending (the body, the API version). */
  problems: string[];
  /** Set for a destructive call or a write to Production: what is about to be hit. */
  confirmation: SendConfirmation | null;
  onConfirm(): void;
  onClose(): void;
}

/**
 * One question before a request leaves: "Send anyway?" for likely mistakes, and for a
 * destructive call a short confirmation naming the target — method, resolved URL, connection.
 */
export function SendConfirmDialog({ problems, confirmation, onConfirm, onClose }: Props) {
  const title = confirmation
    ? `${confirmation.method} on ${confirmation.connectionName}?`
    : 'Send anyway?';
  return (
    <ConfirmDialog
      title={title}
      confirmLabel={confirmation ? `Send ${confirmation.method}` : 'Send anyway'}
      onClose={onClose}
      onConfirm={onConfirm}
      message={
        <>
          {confirmation && (
            <div className="send-target" aria-label="Target">
              <p>
                {confirmation.production && <span className="production-label">PRODUCTION</span>}{' '}
                {confirmation.reason}
              </p>
              <dl className="target-list">
                <dt>Method</dt>
                <dd className={`method method-${confirmation.method.toLowerCase()}`}>
                  {confirmation.method}
                </dd>
                <dt>URL</dt>
                <dd className="mono" data-testid="confirm-url">
                  {confirmation.url}
                </dd>
                <dt>Connection</dt>
                <dd>{confirmation.connectionName}</dd>
              </dl>
            </div>
          )}
          {problems.length > 0 && (
            <ul className="problems-list" aria-label="Problems found before sending">
              {problems.map((p, i) => (
                <li key={i}>{p}</li>
              ))}
            </ul>
          )}
        </>
      }
    />
  );
}
