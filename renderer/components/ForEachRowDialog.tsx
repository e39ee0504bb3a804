import { useEffect, useMemo, useState } from 'react';
import { catalog, findPreset, searchCatalog, type Preset } from '../../shared/catalog';
import type { Connection, SessionInfo } from '../../shared/connection';
import type { RunOutcome, StepResult } from '../../shared/run';
import { call } from '../api';
import {
  defaultMapping,
  fillRow,
  labelColumnOf,
  mappingTargets,
  planRows,
  templateSpec,
  type Mapping,
  type MappingSource,
  type MappingTarget,
} from '../lib/for-each-row';
import { resolveUrl } from '../lib/resolved-url';
import { confirmationFor } from '../lib/send-checks';
import { formatCount } from '../lib/format';
import { newId } from '../lib/ids';
import { plainError } from '../lib/user-error';
import { useOperation } from '../state/use-operation';
import { ConfirmDialog, Dialog } from './Dialog';
import { OperationBar } from './OperationBar';
import '../styles/bulk.css';

interface Props {
  connectionId: string;
  responseId: string;
  total: number;
  /** The rows picked in the table; null: every row of the list. */
  selected: unknown[] | null;
  columns: string[];
  onClose(): void;
}

const PREVIEW_LIMIT = 1000;

function SourcePicker({
  target,
  source,
  columns,
  onChange,
}: {
  target: MappingTarget;
  source: MappingSource;
  columns: string[];
  onChange(source: MappingSource): void;
}) {
  const choice = source.kind === 'column' ? `column:${source.column}` : source.kind;
  return (
    <div className="mapping-value">
      <select
        aria-label={`${target.label} from`}
        value={choice}
        onChange={(e) => {
          const v = e.target.value;
          onChange(
            v === 'omit'
              ? { kind: 'omit' }
              : v === 'constant'
                ? { kind: 'constant', value: '' }
                : { kind: 'column', column: v.slice('column:'.length) },
          );
        }}
      >
        {!target.required && <option value="omit">Leave out</option>}
        <option value="constant">A constant</option>
        {columns.map((c) => (
          <option key={c} value={`column:${c}`}>
            Column {c}
          </option>
        ))}
      </select>
      {source.kind === 'constant' && (
        <input
          aria-label={`${target.label} constant`}
          value={source.value}
          onChange={(e) => onChange({ kind: 'constant', value: e.target.value })}
        />
      )}
    </div>
  );
}

/**
 * "For each row, send this request" (issue 14): a preset, its path values, query values and
 * body fields mapped to the rows' columns or constants, every resolved request previewed, the
 * destructive-call confirmation, then a one-request collection run over the rows.
 */
export function ForEachRowDialog({
  connectionId,
  responseId,
  total,
  selected,
  columns,
  onClose,
}: Props) {
  const [rows, setRows] = useState<unknown[] | null>(selected);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [connection, setConnection] = useState<Connection | null>(null);
  const [session, setSession] = useState<SessionInfo | null>(null);
  const [confirmDestructive, setConfirmDestructive] = useState(true);
  const [query, setQuery] = useState('');
  const [presetId, setPresetId] = useState<string | null>(null);
  const [mapping, setMapping] = useState<Mapping>({});
  const [stopOnError, setStopOnError] = useState(false);
  const [concurrency, setConcurrency] = useState(4);
  const [stage, setStage] = useState<'setup' | 'run'>('setup');
  const [confirming, setConfirming] = useState(false);
  const op = useOperation();

  useEffect(() => {
    void call('connections:list').then((list) =>
      setConnection(list.find((c) => c.id === connectionId) ?? null),
    );
    void call('session:list').then((list) =>
      setSession(list.find((s) => s.connectionId === connectionId) ?? null),
    );
    void call('settings:get').then(
      (s) => setConfirmDestructive(s.confirmDestructive),
      () => undefined,
    );
    if (selected === null)
      call('response:slice', responseId, { kind: 'items', start: 0, end: total }).then(
        (slice) => setRows(slice.items ?? []),
        (error) => setLoadError(plainError(error).message),
      );
  }, [connectionId, responseId, total, selected]);

  const preset = presetId ? findPreset(presetId) : undefined;
  const targets = useMemo(() => (preset ? mappingTargets(preset) : []), [preset]);
  const choose = (p: Preset) => {
    setPresetId(p.id);
    setMapping(defaultMapping(mappingTargets(p), columns));
  };
  const matches = useMemo(
    () => (query.trim() ? searchCatalog(query) : catalog).slice(0, 60),
    [query],
  );

  const labelColumn = labelColumnOf(columns);
  const spec = useMemo(
    () => (preset ? templateSpec(preset, targets, mapping) : null),
    [preset, targets, mapping],
  );
  const plans = useMemo(
    () => (rows && preset ? planRows(rows, targets, mapping, labelColumn) : []),
    [rows, preset, targets, mapping, labelColumn],
  );
  const toSend = useMemo(() => plans.filter((p) => !p.skipped), [plans]);
  const skipped = useMemo(() => plans.filter((p) => p.skipped), [plans]);
  const missingConstant = targets.filter((t) => {
    const m = mapping[t.slot];
    return t.required && (!m || m.kind === 'omit' || (m.kind === 'constant' && !m.value.trim()));
  });
  const resolved = useMemo(
    () =>
      spec
        ? toSend.slice(0, PREVIEW_LIMIT).map((p) => {
            const filled = fillRow(spec, p.values);
            const url = resolveUrl(filled, session);
            return { plan: p, spec: filled, url: url.url ?? url.reason ?? '' };
          })
        : [],
    [spec, toSend, session],
  );
  const confirmation =
    spec && connection && resolved[0]
      ? confirmationFor(resolved[0].spec, connection, session, confirmDestructive)
      : null;

  const start = () => {
    if (!spec || !preset) return;
    setConfirming(false);
    setStage('run');
    void op.start(connectionId, {
      kind: 'run',
      source: {
        from: 'inline',
        collection: {
          id: newId('each'),
          name: `For each row: ${preset.name}`,
          folders: [],
          requests: [
            { id: newId('req'), name: preset.name, description: '', presetId: preset.id, spec },
          ],
        },
      },
      data: {
        format: 'json',
        text: JSON.stringify(toSend.map((p) => p.values)),
        name: selected ? 'selected rows' : 'all rows',
      },
      variables: {},
      options: { bail: stopOnError, concurrency, delayMs: 0 },
    });
  };

  const outcome =
    op.view?.snapshot?.outcome?.kind === 'run' ? (op.view.snapshot.outcome as RunOutcome) : null;
  const running = Boolean(op.view?.running);
  const canRun =
    Boolean(spec && session && connection) &&
    toSend.length > 0 &&
    missingConstant.length === 0 &&
    !running;

  const setup = (
    <>
      <p className="muted" aria-label="Rows">
        {rows === null
          ? loadError
            ? `Could not read the rows: ${loadError}`
            : `Reading ${formatCount(total)} rows…`
          : `${formatCount(rows.length)} ${selected ? 'selected' : ''} rows`}
        {connection && ` · ${connection.name}`}
      </p>
      {!preset ? (
        <>
          <input
            type="search"
            aria-label="Find a request"
            placeholder="Find a request: remove user, update workbook, add tags…"
            value={query}
            autoFocus
            onChange={(e) => setQuery(e.target.value)}
          />
          <ul className="bulk-preview" aria-label="Requests">
            {matches.map((p) => (
              <li key={p.id}>
                <button type="button" className="link" onClick={() => choose(p)}>
                  <span className={`method method-${p.method.toLowerCase()}`}>{p.method}</span>{' '}
                  {p.name}
                </button>
              </li>
            ))}
          </ul>
        </>
      ) : (
        <>
          <p>
            <span className={`method method-${preset.method.toLowerCase()}`}>{preset.method}</span>{' '}
            <strong>{preset.name}</strong> <span className="mono muted">{preset.path}</span>{' '}
            <button type="button" className="small link" onClick={() => setPresetId(null)}>
              Change
            </button>
          </p>
          <div className="bulk-mapping" role="group" aria-label="Mapping">
            {targets.map((t) => (
              <MappingRow
                key={t.slot}
                target={t}
                source={mapping[t.slot] ?? { kind: 'omit' }}
                columns={columns}
                onChange={(s) => setMapping((m) => ({ ...m, [t.slot]: s }))}
              />
            ))}
          </div>
          <div className="bulk-options">
            <label className="check">
              <input
                type="checkbox"
                checked={stopOnError}
                onChange={(e) => setStopOnError(e.target.checked)}
              />{' '}
              Stop at the first error
            </label>
            <label>
              At once{' '}
              <input
                type="number"
                min={1}
                max={10}
                value={concurrency}
                aria-label="Concurrency"
                onChange={(e) =>
                  setConcurrency(Math.min(10, Math.max(1, Math.round(Number(e.target.value) || 1))))
                }
              />
            </label>
          </div>
          {missingConstant.length > 0 && (
            <p className="bulk-file-error" role="alert">
              Give {missingConstant.map((t) => t.label).join(', ')}: a path value is never sent
              empty.
            </p>
          )}
          <p className="bulk-counts" aria-label="Preview summary">
            {formatCount(toSend.length)} requests to send
            {skipped.length > 0 && ` · ${formatCount(skipped.length)} rows skipped`}
          </p>
          {skipped.length > 0 && (
            <p className="bulk-skipped" aria-label="Skipped rows">
              Skipped (nothing is sent for them):{' '}
              {skipped
                .slice(0, 20)
                .map((p) => `${p.label} — ${p.skipped}`)
                .join('; ')}
              {skipped.length > 20 && ` and ${formatCount(skipped.length - 20)} more`}
            </p>
          )}
          <ol className="bulk-preview" aria-label="Requests to send">
            {resolved.map((r) => (
              <li key={r.plan.index}>
                <span className={`method method-${r.spec.method.toLowerCase()}`}>
                  {r.spec.method}
                </span>{' '}
                <span className="mono">{r.url}</span>{' '}
                <span className="muted">({r.plan.label})</span>
                {r.spec.body.kind === 'json' && <pre className="mono">{r.spec.body.text}</pre>}
              </li>
            ))}
          </ol>
          {toSend.length > PREVIEW_LIMIT && (
            <p className="muted">
              The first {formatCount(PREVIEW_LIMIT)} are listed; all {formatCount(toSend.length)}{' '}
              are built the same way.
            </p>
          )}
        </>
      )}
    </>
  );

  const results = (
    <>
      {op.view && (
        <OperationBar
          view={op.view}
          label="For each row"
          summary={
            outcome
              ? `${formatCount(outcome.passed)} passed · ${formatCount(outcome.failed)} failed · ${formatCount(outcome.skipped)} skipped`
              : undefined
          }
          onCancel={op.cancel}
          onRetry={op.retry}
          onDismiss={() => {
            op.clear();
            setStage('setup');
          }}
          dismissLabel="Back to the mapping"
        />
      )}
      {outcome && <StepResults results={outcome.results} labels={toSend.map((p) => p.label)} />}
    </>
  );

  return (
    <>
      <Dialog
        title="For each row"
        wide
        onClose={() => {
          if (!running) onClose();
        }}
        onSubmit={() => {
          if (canRun && stage === 'setup') {
            if (confirmation) setConfirming(true);
            else start();
          }
        }}
        actions={
          <>
            {stage === 'setup' && (
              <button type="submit" className="primary" disabled={!canRun}>
                {preset ? `Send ${formatCount(toSend.length)} ${preset.method} requests` : 'Send'}
                {confirmation ? '…' : ''}
              </button>
            )}
            <button type="button" onClick={onClose} disabled={running}>
              Close
            </button>
          </>
        }
      >
        <div className="bulk-dialog">{stage === 'setup' ? setup : results}</div>
      </Dialog>
      {confirming && confirmation && (
        <ConfirmDialog
          title={`${formatCount(toSend.length)} × ${confirmation.method} on ${confirmation.connectionName}?`}
          confirmLabel={`Send ${formatCount(toSend.length)} ${confirmation.method}`}
          onClose={() => setConfirming(false)}
          onConfirm={start}
          message={
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
                <dt>First URL</dt>
                <dd className="mono">{confirmation.url}</dd>
                <dt>Requests</dt>
                <dd>
                  {formatCount(toSend.length)}
                  {skipped.length > 0 && ` (${formatCount(skipped.length)} rows skipped)`}
                </dd>
                <dt>Connection</dt>
                <dd>{confirmation.connectionName}</dd>
              </dl>
            </div>
          }
        />
      )}
    </>
  );
}

function MappingRow(props: {
  target: MappingTarget;
  source: MappingSource;
  columns: string[];
  onChange(source: MappingSource): void;
}) {
  const { target } = props;
  return (
    <>
      <span className="mono" title={target.place}>
        {target.place === 'path' ? target.label : `${target.place} ${target.label}`}
      </span>
      <SourcePicker {...props} />
    </>
  );
}

/** One line per row: the row, the URL sent, the status, and Tableau's error when it failed. */
function StepResults({ results, labels }: { results: StepResult[]; labels: string[] }) {
  return (
    <ol className="bulk-preview" aria-label="Results">
      {results.slice(0, 2000).map((r) => (
        <li key={`${r.row}-${r.step}`} className={`state-${r.state}`}>
          <span
            className={`tag ${r.state === 'passed' ? 'ok' : r.state === 'failed' ? 'bad' : 'warn'}`}
          >
            {r.state}
          </span>{' '}
          {labels[r.row - 1] ?? `row ${r.row}`} · {r.method}{' '}
          <span className="mono">{r.url ?? ''}</span> {r.status !== null && `→ ${r.status}`}
          {r.error && (
            <span className="bad-text">
              {' '}
              {r.error.code}: {r.error.message}
              {r.error.explanation ? ` — ${r.error.explanation}` : ''}
            </span>
          )}
        </li>
      ))}
    </ol>
  );
}
