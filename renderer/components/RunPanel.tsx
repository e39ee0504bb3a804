import { useState } from 'react';
import type { RunOutcome, StepResult } from '../../shared/run';
import { formatDuration } from '../lib/format';
import type { RunsApi } from '../state/use-runs';
import { OperationBar } from './OperationBar';

const SHOWN = 1000;

/**
 * A collection run in the app (issue 12): the operation's progress, Cancel, Retry failed
 * (DESIGN.md §10), then one line per step — status, time, what it captured, its assertions,
 * and a Tableau error explained — and the run's report as JSON, CSV or JUnit XML.
 */
export function RunPanel({ runs }: { runs: RunsApi }) {
  const { run } = runs;
  const [onlyProblems, setOnlyProblems] = useState(false);
  if (!run) return null;
  const outcome =
    run.view.snapshot?.outcome?.kind === 'run' ? (run.view.snapshot.outcome as RunOutcome) : null;
  const results = outcome
    ? onlyProblems
      ? outcome.results.filter((r) => r.state !== 'passed')
      : outcome.results
    : [];
  return (
    <section className="run-panel" aria-label={`Run ${run.title}`}>
      <header className="run-head">
        <h2>
          Run: {run.title} <span className="muted">on {run.connectionName}</span>
        </h2>
        {outcome && (
          <span aria-label="Run counts" className={outcome.failed ? 'bad-text' : 'ok-text'}>
            {outcome.passed} passed · {outcome.failed} failed · {outcome.skipped} skipped
            {outcome.rows > 1 ? ` · ${outcome.rows} rows` : ''}
          </span>
        )}
        <span className="spacer" />
        {outcome && (
          <>
            <label className="checkbox small-text">
              <input
                type="checkbox"
                checked={onlyProblems}
                onChange={(e) => setOnlyProblems(e.target.checked)}
              />{' '}
              Only failed and skipped
            </label>
            <button type="button" className="small" onClick={() => void runs.exportReport('json')}>
              Export JSON
            </button>
            <button type="button" className="small" onClick={() => void runs.exportReport('csv')}>
              Export CSV
            </button>
            <button type="button" className="small" onClick={() => void runs.exportReport('junit')}>
              Export JUnit
            </button>
          </>
        )}
      </header>
      <OperationBar
        view={run.view}
        label="Run"
        summary={
          outcome ? (
            <>
              {run.view.snapshot?.state}: {outcome.passed} of {outcome.results.length} steps passed
            </>
          ) : undefined
        }
        onCancel={runs.cancel}
        onRetry={runs.retry}
        onDismiss={runs.dismiss}
        dismissLabel="Close"
      />
      {outcome && (
        <div className="run-results scroll">
          <table className="kv run-table" aria-label="Run results">
            <thead>
              <tr>
                {outcome.rows > 1 && <th>Row</th>}
                <th>#</th>
                <th>Request</th>
                <th>Status</th>
                <th>Time</th>
                <th>Captured</th>
                <th>Assertions</th>
                <th>Result</th>
              </tr>
            </thead>
            <tbody>
              {results.slice(0, SHOWN).map((r) => (
                <StepRow key={`${r.row}/${r.step}`} result={r} showRow={outcome.rows > 1} />
              ))}
            </tbody>
          </table>
          {results.length > SHOWN && (
            <p className="muted">
              The first {SHOWN} of {results.length} steps are shown; the exports have them all.
            </p>
          )}
        </div>
      )}
    </section>
  );
}

function StepRow({ result: r, showRow }: { result: StepResult; showRow: boolean }) {
  return (
    <tr className={`step-${r.state}`} aria-label={`Step ${r.row}.${r.step} ${r.name}`}>
      {showRow && <td>{r.row}</td>}
      <td>{r.step}</td>
      <td>
        <span className={`method method-${r.method.toLowerCase()}`}>{r.method}</span>{' '}
        {[...r.folder, r.name].join(' / ')}
        {r.url && (
          <div className="mono muted small-text step-url" title={r.url}>
            {r.url}
          </div>
        )}
      </td>
      <td>{r.status ?? '—'}</td>
      <td>{r.totalMs === null ? '—' : formatDuration(r.totalMs)}</td>
      <td>
        {r.captures.map((c) => (
          <div key={c.name} className="mono small-text" title={c.message ?? c.value ?? ''}>
            {c.value === null ? (
              <span className="bad-text">
                {c.name} not set: {c.message}
              </span>
            ) : (
              `${c.name} = ${c.value.length > 40 ? `${c.value.slice(0, 39)}…` : c.value}`
            )}
          </div>
        ))}
      </td>
      <td>
        {r.assertions.map((a, i) => (
          <div key={i} className={`small-text ${a.passed ? 'ok-text' : 'bad-text'}`}>
            {a.passed ? '✔' : '✘'} {a.label}
            {a.message ? ` — ${a.message}` : ''}
          </div>
        ))}
      </td>
      <td>
        <span
          className={`tag ${r.state === 'passed' ? 'ok' : r.state === 'failed' ? 'bad' : 'warn'}`}
        >
          {r.state}
        </span>
        {r.error && (
          <div className="small-text step-error">
            <span className="mono">{r.error.code}</span> {r.error.message}
            {r.error.explanation && <div className="muted">{r.error.explanation}</div>}
          </div>
        )}
      </td>
    </tr>
  );
}
