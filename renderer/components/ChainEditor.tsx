import { parseJsonPath, type Assertion, type Capture } from '../../shared/captures';
import type { AfterSend } from '../state/tab-model';

interface Props {
  value: AfterSend;
  /** Whether the tab's request is saved in a folder (captures into the folder need one). */
  saved: boolean;
  onChange(next: AfterSend): void;
}

export const SCOPE_LABELS: Record<Capture['scope'], string> = {
  run: 'run (this session in the app)',
  collection: 'folder variables',
  connection: 'connection environment',
  global: 'globals',
};

function pathProblem(path: string): string | null {
  if (!path.trim()) return 'a JSON path, e.g. project.id';
  try {
    parseJsonPath(path);
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

const newCapture = (): Capture => ({
  name: '',
  from: 'body',
  path: '',
  scope: 'connection',
  enabled: true,
});

/**
 * Chaining without scripts (issue 12), under the request: captures (a variable ← a JSON path,
 * a header or the status) and assertions (status, a JSON path, time), saved with the request
 * and applied after every send, in the app and in runs.
 */
export function ChainEditor({ value, saved, onChange }: Props) {
  const { captures, assertions } = value;
  const setCapture = (i: number, patch: Partial<Capture>) =>
    onChange({
      ...value,
      captures: captures.map((c, j) => (j === i ? { ...c, ...patch } : c)),
    });
  const setAssertion = (i: number, next: Assertion) =>
    onChange({ ...value, assertions: assertions.map((a, j) => (j === i ? next : a)) });

  return (
    <div className="chain-editor">
      <fieldset>
        <legend>Captures: set a variable from each answer</legend>
        {captures.length === 0 && (
          <p className="empty">
            None yet. A capture takes a value from every answer — a JSON path such as{' '}
            <code>project.id</code>, a header or the status — into a variable later requests use as{' '}
            <code>{'{{name}}'}</code>. Right-click a value in Pretty for one ready-made.
          </p>
        )}
        {captures.map((capture, i) => {
          const problem = capture.from === 'body' ? pathProblem(capture.path) : null;
          const n = i + 1;
          return (
            <div key={i} className="chain-row" aria-label={`Capture ${n}`}>
              <input
                type="checkbox"
                aria-label={`Capture ${n} on`}
                checked={capture.enabled}
                onChange={(e) => setCapture(i, { enabled: e.target.checked })}
              />
              <input
                className="mono"
                aria-label={`Capture ${n} variable`}
                placeholder="variable"
                value={capture.name}
                spellCheck={false}
                onChange={(e) => setCapture(i, { name: e.target.value.replace(/[{}]/g, '') })}
              />
              <span className="muted">←</span>
              <select
                aria-label={`Capture ${n} from`}
                value={capture.from}
                onChange={(e) => setCapture(i, { from: e.target.value as Capture['from'] })}
              >
                <option value="body">body (JSON path)</option>
                <option value="header">header</option>
                <option value="status">status</option>
              </select>
              {capture.from !== 'status' && (
                <input
                  className={`mono grow${problem && capture.path ? ' invalid' : ''}`}
                  aria-label={`Capture ${n} ${capture.from === 'body' ? 'JSON path' : 'header name'}`}
                  aria-invalid={Boolean(problem && capture.path)}
                  placeholder={capture.from === 'body' ? 'project.id' : 'Location'}
                  title={problem ?? undefined}
                  value={capture.path}
                  spellCheck={false}
                  onChange={(e) => setCapture(i, { path: e.target.value })}
                />
              )}
              <label className="muted small-text" htmlFor={`capture-scope-${i}`}>
                into
              </label>
              <select
                id={`capture-scope-${i}`}
                aria-label={`Capture ${n} scope`}
                value={capture.scope}
                onChange={(e) => setCapture(i, { scope: e.target.value as Capture['scope'] })}
              >
                {(Object.keys(SCOPE_LABELS) as Capture['scope'][]).map((scope) => (
                  <option key={scope} value={scope} disabled={scope === 'collection' && !saved}>
                    {SCOPE_LABELS[scope]}
                  </option>
                ))}
              </select>
              <button
                type="button"
                className="icon"
                aria-label={`Remove capture ${n}`}
                onClick={() => onChange({ ...value, captures: captures.filter((_, j) => j !== i) })}
              >
                ✕
              </button>
              {problem && capture.path && (
                <span className="field-error span-row" role="alert">
                  {problem}
                </span>
              )}
            </div>
          );
        })}
        <button
          type="button"
          className="small"
          onClick={() => onChange({ ...value, captures: [...captures, newCapture()] })}
        >
          Add capture
        </button>
      </fieldset>
      <fieldset>
        <legend>Assertions: checked after each send (in a run, a failed one fails the step)</legend>
        {assertions.length === 0 && (
          <p className="empty">
            None yet. Without assertions a run’s step passes on a 2xx or 3xx answer.
          </p>
        )}
        {assertions.map((assertion, i) => (
          <AssertionRow
            key={i}
            n={i + 1}
            value={assertion}
            onChange={(next) => setAssertion(i, next)}
            onRemove={() =>
              onChange({ ...value, assertions: assertions.filter((_, j) => j !== i) })
            }
          />
        ))}
        <button
          type="button"
          className="small"
          onClick={() =>
            onChange({
              ...value,
              assertions: [...assertions, { kind: 'status', expected: '2xx', enabled: true }],
            })
          }
        >
          Add assertion
        </button>
      </fieldset>
    </div>
  );
}

function AssertionRow({
  n,
  value,
  onChange,
  onRemove,
}: {
  n: number;
  value: Assertion;
  onChange(next: Assertion): void;
  onRemove(): void;
}) {
  const changeKind = (kind: Assertion['kind']) =>
    onChange(
      kind === 'status'
        ? { kind, expected: '2xx', enabled: value.enabled }
        : kind === 'timeUnder'
          ? { kind, ms: 2000, enabled: value.enabled }
          : { kind, path: '', op: 'exists', value: '', enabled: value.enabled },
    );
  const statusOk = value.kind !== 'status' || /^[1-5](\d\d|xx)$/i.test(value.expected);
  const problem = value.kind === 'jsonPath' ? pathProblem(value.path) : null;
  return (
    <div className="chain-row" aria-label={`Assertion ${n}`}>
      <input
        type="checkbox"
        aria-label={`Assertion ${n} on`}
        checked={value.enabled}
        onChange={(e) => onChange({ ...value, enabled: e.target.checked })}
      />
      <select
        aria-label={`Assertion ${n} kind`}
        value={value.kind}
        onChange={(e) => changeKind(e.target.value as Assertion['kind'])}
      >
        <option value="status">status is</option>
        <option value="jsonPath">JSON path</option>
        <option value="timeUnder">time under</option>
      </select>
      {value.kind === 'status' && (
        <input
          className={`mono${statusOk ? '' : ' invalid'}`}
          aria-label={`Assertion ${n} status`}
          aria-invalid={!statusOk}
          title="A status such as 201, or a class such as 2xx"
          value={value.expected}
          onChange={(e) => onChange({ ...value, expected: e.target.value.trim() })}
        />
      )}
      {value.kind === 'timeUnder' && (
        <>
          <input
            type="number"
            min={1}
            aria-label={`Assertion ${n} milliseconds`}
            value={value.ms}
            onChange={(e) =>
              onChange({ ...value, ms: Math.max(1, Math.round(Number(e.target.value) || 1)) })
            }
          />
          <span className="muted">ms</span>
        </>
      )}
      {value.kind === 'jsonPath' && (
        <>
          <input
            className={`mono grow${problem && value.path ? ' invalid' : ''}`}
            aria-label={`Assertion ${n} JSON path`}
            placeholder="project.name"
            title={problem ?? undefined}
            value={value.path}
            spellCheck={false}
            onChange={(e) => onChange({ ...value, path: e.target.value })}
          />
          <select
            aria-label={`Assertion ${n} test`}
            value={value.op}
            onChange={(e) =>
              onChange({
                ...value,
                op: e.target.value as Extract<Assertion, { kind: 'jsonPath' }>['op'],
              })
            }
          >
            <option value="exists">exists</option>
            <option value="notExists">does not exist</option>
            <option value="equals">equals</option>
            <option value="matches">matches (regex)</option>
          </select>
          {(value.op === 'equals' || value.op === 'matches') && (
            <input
              className="mono"
              aria-label={`Assertion ${n} expected`}
              placeholder={value.op === 'equals' ? 'text or {{variable}}' : '^[0-9a-f-]{36}$'}
              value={value.value}
              spellCheck={false}
              onChange={(e) => onChange({ ...value, value: e.target.value })}
            />
          )}
        </>
      )}
      <button
        type="button"
        className="icon"
        aria-label={`Remove assertion ${n}`}
        onClick={onRemove}
      >
        ✕
      </button>
      {problem && value.kind === 'jsonPath' && value.path && (
        <span className="field-error span-row" role="alert">
          {problem}
        </span>
      )}
    </div>
  );
}
