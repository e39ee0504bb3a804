import type { AfterSendResult } from '../state/tab-model';

const short = (value: string) => (value.length > 48 ? `${value.slice(0, 47)}…` : value);

/**
 * What the request's captures set and its assertions found in this answer, under the status
 * line: "set project-id = 3c1a… (Sandbox environment)", "✔ status is 201".
 */
export function AfterSendResults({ result }: { result: AfterSendResult }) {
  if (result.error)
    return (
      <p className="after-send-results bad" role="alert">
        Captures and assertions could not be read: {result.error}
      </p>
    );
  const failed = result.assertions.filter((a) => !a.passed).length;
  return (
    <div className="after-send-results" role="status" aria-label="After send">
      {result.captures.map((c, i) =>
        c.value === null ? (
          <span key={`c${i}`} className="tag warn" title={c.message ?? undefined}>
            {c.name} not set: {c.message}
          </span>
        ) : (
          <span
            key={`c${i}`}
            className="tag capture"
            title={`{{${c.name}}} = ${c.value}${c.stored ? ` — in ${c.stored}` : ''}`}
          >
            set {c.name} = {short(c.value)}
            {c.stored ? <span className="muted"> ({c.stored})</span> : null}
          </span>
        ),
      )}
      {result.assertions.map((a, i) => (
        <span
          key={`a${i}`}
          className={`tag ${a.passed ? 'ok' : 'bad'}`}
          title={a.message ?? undefined}
        >
          {a.passed ? '✔' : '✘'} {a.label}
          {a.message ? ` — ${a.message}` : ''}
        </span>
      ))}
      {result.assertions.length > 0 && (
        <span className="muted small-text">
          {failed === 0
            ? `${result.assertions.length === 1 ? 'assertion' : `all ${result.assertions.length} assertions`} passed`
            : `${failed} of ${result.assertions.length} failed`}
        </span>
      )}
    </div>
  );
}
