import type { TableauError } from '../../shared/request';

/** A Tableau error: code, summary, detail, what it usually means and what to try. */
export function TableauErrorPanel({ error, status }: { error: TableauError; status: number }) {
  return (
    <div role="alert" className="tableau-error" aria-label="Tableau error">
      <div className="error-head">
        <span className="error-code">{error.code}</span>
        <strong>{error.summary}</strong>
        <span className="muted">HTTP {status}</span>
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
