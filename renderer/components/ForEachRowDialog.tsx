import { useEffect, useMemo, useState } from 'react';
import Papa from 'papaparse';
import { catalog, findPreset, searchCatalog, type Preset } from '../../shared/catalog';
import type { Connection, SessionInfo } from '../../shared/connection';
import type { RunOutcome, StepResult } from '../../shared/run';
import { call } from '../api';
import {
  bodyFieldSuggestions,
  defaultMapping,
  fillRow,
  forEachRunStart,
  isBodyFieldPath,
  labelColumnOf,
  mappingTargets,
  planRows,
  templateSpec,
  type Mapping,
  type MappingSource,
  type MappingTarget,
} from '../lib/for-each-row';
import { saveText } from '../lib/download';
import { confirmationFor } from '../lib/send-checks';
import { formatCount } from '../lib/format';
import { newId } from '../lib/ids';
import { plainError } from '../lib/user-error';
import { useOperation } from '../state/use-operation';
import { ConfirmDialog, Dialog } from './Dialog';
import { ForEachCsvSource, type CsvSource } from './ForEachCsvSource';
import { ForEachPreview } from './ForEachPreview';
import { OperationBar } from './OperationBar';
import '../styles/bulk.css';

/** Where the rows come from: a response's list (its ticked rows or all), or a CSV file. */
export type ForEachSource =
  | {
      kind: 'response';
      responseId: string;
      total: number;
      /** The rows picked in the table; null: every row of the list. */
      selected: unknown[] | null;
      columns: string[];
    }
  | { kind: 'csv' };

interface Props {
  connectionId: string;
  source: ForEachSource;
  /** The request to start from (the request builder's preset); else the user finds one. */
  presetId?: string;
  onClose(): void;
}

/** The results shown in the dialog; the export holds them all. */
const RESULTS_SHOWN = 2000;

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
  source,
  presetId: initialPreset,
  onClose,
}: Props) {
  const response = source.kind === 'response' ? source : null;
  const [fromCsv, setFromCsv] = useState(source.kind === 'csv');
  const [csv, setCsv] = useState<CsvSource | null>(null);
  const [listRows, setListRows] = useState<unknown[] | null>(response?.selected ?? null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [connection, setConnection] = useState<Connection | null>(null);
  const [session, setSession] = useState<SessionInfo | null>(null);
  const [confirmDestructive, setConfirmDestructive] = useState(true);
  const [query, setQuery] = useState('');
  const [presetId, setPresetId] = useState<string | null>(initialPreset ?? null);
  const [extraFields, setExtraFields] = useState<string[]>([]);
  const [newField, setNewField] = useState('');
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
  }, [connectionId]);
  const responseId = response?.responseId;
  const total = response?.total ?? 0;
  const allRows = response !== null && response.selected === null;
  useEffect(() => {
    if (responseId && allRows)
      call('response:slice', responseId, { kind: 'items', start: 0, end: total }).then(
        (slice) => setListRows(slice.items ?? []),
        (error) => setLoadError(plainError(error).message),
      );
  }, [responseId, total, allRows]);

  const rows: unknown[] | null = fromCsv ? (csv?.rows ?? null) : listRows;
  const columns = useMemo(
    () => (fromCsv ? (csv?.columns ?? []) : (response?.columns ?? [])),
    [fromCsv, csv, response],
  );
  const rowLabels = useMemo(
    () => (fromCsv && csv ? csv.lines.map((line, i) => `row ${i + 1} (line ${line})`) : undefined),
    [fromCsv, csv],
  );
  const sourceName = fromCsv
    ? (csv?.name ?? 'CSV file')
    : response?.selected
      ? 'selected rows'
      : 'all rows';

  const preset = presetId ? findPreset(presetId) : undefined;
  const targets = useMemo(
    () => (preset ? mappingTargets(preset, extraFields) : []),
    [preset, extraFields],
  );
  const suggestions = useMemo(() => (preset ? bodyFieldSuggestions(preset) : []), [preset]);
  const choose = (p: Preset) => {
    setPresetId(p.id);
    setExtraFields([]);
    setMapping(defaultMapping(mappingTargets(p), columns));
  };
  // A preset given up front (or kept across a change of rows) is mapped to the columns read.
  useEffect(() => {
    if (!preset) return;
    setMapping((m) => {
      const fresh = defaultMapping(mappingTargets(preset, extraFields), columns);
      const kept = Object.fromEntries(
        Object.entries(m).filter(
          ([, source]) => source.kind !== 'column' || columns.includes(source.column),
        ),
      );
      return { ...fresh, ...kept };
    });
  }, [preset, columns]);
  const addField = () => {
    const key = newField.trim();
    if (!preset || !isBodyFieldPath(key) || extraFields.includes(key)) return;
    setExtraFields((f) => [...f, key]);
    const last = key.split('.').pop()?.toLowerCase();
    const same = columns.find((c) => c.toLowerCase() === last);
    setMapping((m) => ({
      ...m,
      [`each.body.${key}`]: same
        ? { kind: 'column', column: same }
        : { kind: 'constant', value: '' },
    }));
    setNewField('');
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
    () => (rows && preset ? planRows(rows, targets, mapping, labelColumn, rowLabels) : []),
    [rows, preset, targets, mapping, labelColumn, rowLabels],
  );
  const toSend = useMemo(() => plans.filter((p) => !p.skipped), [plans]);
  const skipped = useMemo(() => plans.filter((p) => p.skipped), [plans]);
  const missingConstant = targets.filter((t) => {
    const m = mapping[t.slot];
    return t.required && (!m || m.kind === 'omit' || (m.kind === 'constant' && !m.value.trim()));
  });
  // The destructive-call check looks at the first request as it will be sent.
  const first = useMemo(
    () => (spec && toSend[0] ? fillRow(spec, toSend[0].values) : null),
    [spec, toSend],
  );
  const confirmation =
    first && connection ? confirmationFor(first, connection, session, confirmDestructive) : null;
  /** The labels of the rows sent, frozen when the run starts (the results name rows by them). */
  const [sentLabels, setSentLabels] = useState<string[]>([]);

  const start = () => {
    if (!spec || !preset) return;
    setConfirming(false);
    setStage('run');
    setSentLabels(toSend.map((p) => p.label));
    void op.start(
      connectionId,
      forEachRunStart({
        id: newId('each'),
        requestId: newId('req'),
        preset,
        spec,
        plans: toSend,
        sourceName,
        bail: stopOnError,
        concurrency,
      }),
    );
  };
  const exportResults = () => {
    if (!outcome) return;
    const text = Papa.unparse(
      outcome.results.map((r) => ({
        row: sentLabels[r.row - 1] ?? `row ${r.row}`,
        method: r.method,
        url: r.url ?? '',
        status: r.status ?? '',
        state: r.state,
        error: r.error
          ? `${r.error.code} ${r.error.message}${r.error.explanation ? ` — ${r.error.explanation}` : ''}`
          : '',
      })),
      { escapeFormulae: true, newline: '\r\n' },
    );
    saveText(`${text}\r\n`, `trestle-for-each-${preset?.id ?? 'row'}-results.csv`, 'text/csv');
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
      <div className="each-source">
        <p className="muted" aria-label="Rows">
          {fromCsv
            ? csv
              ? `${formatCount(csv.rows.length)} rows of ${csv.name}`
              : 'Rows from a CSV file'
            : listRows === null
              ? loadError
                ? `Could not read the rows: ${loadError}`
                : `Reading ${formatCount(total)} rows…`
              : `${formatCount(listRows.length)} ${response?.selected ? 'selected ' : ''}rows`}
          {connection && ` · ${connection.name}`}
        </p>
        {response && (
          <button type="button" className="small link" onClick={() => setFromCsv((v) => !v)}>
            {fromCsv ? 'Use the response’s rows' : 'Use a CSV file instead…'}
          </button>
        )}
      </div>
      {fromCsv && <ForEachCsvSource onRows={setCsv} />}
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
          {rows === null ? (
            <p className="muted">
              {fromCsv ? 'Choose a CSV file to map its columns.' : 'Reading the rows…'}
            </p>
          ) : (
            <>
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
                      setConcurrency(
                        Math.min(10, Math.max(1, Math.round(Number(e.target.value) || 1))),
                      )
                    }
                  />
                </label>
              </div>
              {preset.body?.format === 'json' && (
                <div className="bulk-file-row">
                  <input
                    aria-label="Body field to add"
                    className="each-field"
                    placeholder="Add a body field, e.g. workbook.owner.id"
                    list="each-body-fields"
                    value={newField}
                    onChange={(e) => setNewField(e.target.value)}
                    onKeyDown={(e) => {
                      if (e.key === 'Enter') {
                        e.preventDefault();
                        addField();
                      }
                    }}
                  />
                  <datalist id="each-body-fields">
                    {suggestions.map((f) => (
                      <option key={f} value={f} />
                    ))}
                  </datalist>
                  <button
                    type="button"
                    className="small"
                    disabled={!isBodyFieldPath(newField.trim())}
                    onClick={addField}
                  >
                    Add field
                  </button>
                </div>
              )}
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
              {spec && toSend.length > 0 && (
                <ForEachPreview spec={spec} plans={toSend} session={session} />
              )}
            </>
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
      {outcome && (
        <>
          <div className="bulk-file-row">
            <button type="button" className="small" onClick={exportResults}>
              Export results CSV
            </button>
            {outcome.results.length > RESULTS_SHOWN && (
              <span className="muted">
                The first {formatCount(RESULTS_SHOWN)} results are listed; the export has all{' '}
                {formatCount(outcome.results.length)}.
              </span>
            )}
          </div>
          <StepResults results={outcome.results} labels={sentLabels} />
        </>
      )}
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
      {results.slice(0, RESULTS_SHOWN).map((r) => (
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
