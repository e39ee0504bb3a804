import type { TableauError } from '../../shared/request';

interface Props {
  error: TableauError;
  /** The HTTP status, when the error came with an answer. */
  status: number | null;
  /** A short word beside the status, e.g. "try 2" for a repeated sign-in failure. */
  note?: string;
}

/** A Tableau error: code, summary, detail, what it usually means and what to try. */
export function TableauErrorPanel({ error, status, note }: Props) {
  return (
    <div role="alert" className="tableau-error" aria-label="Tableau error">
      <div className="error-head">
        <span className="error-code">{error.code}</span>
        <strong>{error.summary}</strong>
        {status !== null && <span className="muted">HTTP {status}</span>}
        {note && <span className="tag">{note}</span>}
      </div>
      {error.detail && <p className="error-detail">{error.detail}</p>}
      {error.explanation && (
        <p>
          <span className="label">What it means</span> {error.explanation}
        </p>
      )}
      {error.suggestedFix && (
        <p>
          <span className="label">Try</span> {error.suggestedFix}
        </p>
      )}
    </div>
  );
}
