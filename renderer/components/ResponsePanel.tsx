import type { ResponseSummary } from '../../shared/request';
import { CodeView } from '../editor/CodeView';

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function ResponsePanel({ response }: { response: ResponseSummary | null }) {
  if (!response)
    return (
      <section className="response empty" aria-label="Response">
        No response yet.
      </section>
    );
  const pretty = response.body !== null ? JSON.stringify(response.body, null, 2) : response.preview;
  const ok = response.status < 400;
  return (
    <section className="response" aria-label="Response">
      <div className="response-meta">
        <span className={`badge ${ok ? 'ok' : 'bad'}`} aria-label="Status">
          {response.status} {response.statusText}
        </span>
        <span aria-label="Time">{Math.round(response.timings.totalMs)} ms</span>
        <span aria-label="Size">{formatBytes(response.size.bodyBytes)}</span>
      </div>
      {response.error && (
        <div role="alert" className="tableau-error" aria-label="Tableau error">
          <strong>
            {response.error.code} {response.error.summary}
          </strong>
          <p>{response.error.detail}</p>
          {response.error.explanation && <p>{response.error.explanation}</p>}
          {response.error.suggestedFix && <p>Try: {response.error.suggestedFix}</p>}
        </div>
      )}
      <CodeView
        value={pretty}
        language={response.body !== null ? 'json' : 'plaintext'}
        label="Response body"
      />
    </section>
  );
}
