import { useEffect, useMemo, useRef, useState } from 'react';
import {
  connectionKey,
  fieldValues,
  filterConnections,
  NO_FILTER,
  previewRotation,
  rotationReportJson,
  targetsOf,
  type ConnectionFilter,
} from '../../../shared/siteops/connection-view';
import {
  rotationReportCsv,
  type ConnectionChange,
  type ConnectionListOutcome,
  type ConnectionRotationOutcome,
  type ListedConnection,
} from '../../../shared/siteops/connections';
import { saveText } from '../../lib/download';
import { formatCount } from '../../lib/format';
import { useOperation } from '../../state/use-operation';
import { ConfirmDialog } from '../Dialog';
import { OperationBar } from '../OperationBar';
import {
  ConnectionChangeForm,
  changeOf,
  EMPTY_DRAFT,
  type ChangeDraft,
} from './ConnectionChangeForm';
import { ConnectionChangeGrid, ConnectionListGrid } from './ConnectionGrids';
import { ConnectionFilters } from './ConnectionFilters';
import type { SiteToolProps } from './SiteTools';
import '../../styles/connection-rotation.css';

type Stage = 'pick' | 'preview' | 'run';

const byKey = (o: ConnectionRotationOutcome) =>
  new Map(o.connections.map((c) => [connectionKey(c), c]));

/** The change in words, for the confirmation: never the password itself. */
function changeWords(change: Omit<ConnectionChange, 'password'>, password: boolean): string[] {
  return [
    change.serverAddress !== undefined && `server address → ${change.serverAddress}`,
    change.serverPort !== undefined && `port → ${change.serverPort}`,
    change.userName !== undefined && `user name → ${change.userName}`,
    password && 'a new password (not shown)',
    change.embedPassword !== undefined &&
      (change.embedPassword ? 'password embedded' : 'password not embedded'),
  ].filter((w): w is string => Boolean(w));
}

/**
 * Connections and credentials (issue 19): list every workbook's and data source's connections
 * (an operation), filter and pick them, type the change, preview it per connection, then run it
 * after a confirmation naming the connection — per-connection results, retry of the failed,
 * and a before/after report. The password is held in this view only until the run starts.
 */
export function ConnectionRotationView({ connection, session, notify }: SiteToolProps) {
  const listOp = useOperation();
  const runOp = useOperation();
  const [filter, setFilter] = useState<ConnectionFilter>(NO_FILTER);
  const [selected, setSelected] = useState<Set<string>>(() => new Set());
  const [draft, setDraft] = useState<ChangeDraft>(EMPTY_DRAFT);
  const [stage, setStage] = useState<Stage>('pick');
  const [preview, setPreview] = useState<ConnectionRotationOutcome | null>(null);
  /** The previewed change, without the password (which stays in `draft` until the run). */
  const [shown, setShown] = useState<{
    change: Omit<ConnectionChange, 'password'>;
    password: boolean;
  } | null>(null);
  const [confirming, setConfirming] = useState(false);

  const listed =
    listOp.view?.snapshot?.outcome?.kind === 'connectionList'
      ? (listOp.view.snapshot.outcome as ConnectionListOutcome)
      : null;
  const all = useMemo<ListedConnection[]>(() => listed?.connections ?? [], [listed]);
  const shownRows = useMemo(() => filterConnections(all, filter), [all, filter]);
  const values = useMemo(
    () => ({
      serverAddress: fieldValues(all, (c) => c.fields.serverAddress),
      serverPort: fieldValues(all, (c) => c.fields.serverPort),
      userName: fieldValues(all, (c) => c.fields.userName),
      type: fieldValues(all, (c) => c.type),
    }),
    [all],
  );
  const picked = useMemo(() => all.filter((c) => selected.has(connectionKey(c))), [all, selected]);
  const hiddenPicked =
    picked.length - shownRows.filter((c) => selected.has(connectionKey(c))).length;
  const draftChange = changeOf(draft);

  const ran =
    runOp.view?.snapshot?.outcome?.kind === 'connectionRotation'
      ? (runOp.view.snapshot.outcome as ConnectionRotationOutcome)
      : null;
  /** What was picked and not sent (it could not be changed) belongs in the report too. */
  const report = useMemo<ConnectionRotationOutcome | null>(
    () =>
      ran && preview
        ? {
            ...ran,
            // In the preview's order (the run answers in the order the updates finished).
            connections: preview.connections.map((c) =>
              c.state === 'skipped' ? c : (byKey(ran).get(connectionKey(c)) ?? c),
            ),
          }
        : null,
    [ran, preview],
  );

  const runView = runOp.view;
  const told = useRef<string | null>(null);
  useEffect(() => {
    const s = runView?.snapshot;
    if (!s || runView.running || told.current === s.operationId + s.endedAt) return;
    told.current = s.operationId + s.endedAt;
    notify(
      `Connections on ${connection.name}: ${formatCount(s.counts.ok)} updated${s.counts.failed ? `, ${formatCount(s.counts.failed)} failed` : ''}.`,
      { tone: s.counts.failed ? 'error' : 'info' },
    );
  }, [runView, notify, connection.name]);

  const list = () => {
    setSelected(new Set());
    setStage('pick');
    setPreview(null);
    runOp.clear();
    void listOp.start(connection.id, { kind: 'connectionList', concurrency: 4 });
  };

  const toggle = (key: string, on: boolean) =>
    setSelected((prev) => {
      const next = new Set(prev);
      if (on) next.add(key);
      else next.delete(key);
      return next;
    });

  const showPreview = () => {
    if (!draftChange.change || picked.length === 0) return;
    const { password, ...visible } = draftChange.change;
    setPreview(previewRotation(picked, draftChange.change));
    setShown({ change: visible, password: password !== undefined });
    setStage('preview');
  };

  const run = () => {
    setConfirming(false);
    if (!preview || !draftChange.change) return;
    const change = draftChange.change;
    setStage('run');
    // The password goes to main with the start and is dropped here at once.
    setDraft((d) => ({ ...d, password: '' }));
    void runOp.start(connection.id, {
      kind: 'connectionRotation',
      targets: targetsOf(preview),
      change,
      dryRun: false,
      concurrency: 4,
    });
  };

  const planned = preview?.connections.filter((c) => c.state === 'planned').length ?? 0;
  const notChangeable = (preview?.connections.length ?? 0) - planned;
  const running = Boolean(listOp.view?.running || runOp.view?.running);

  return (
    <div className="conn-rotation">
      <div className="conn-toolbar">
        {stage !== 'run' && (
          <button
            type="button"
            className={listed ? '' : 'primary'}
            disabled={running || !session}
            title={session ? undefined : `Sign in to ${connection.name} first.`}
            onClick={list}
          >
            {listed ? 'List again' : 'List connections'}
          </button>
        )}
        <span className="muted">
          Every data connection of every workbook and data source on{' '}
          {session?.siteName || session?.siteContentUrl || 'the default site'}; nothing is changed
          until you preview and run.
        </span>
      </div>
      {listOp.view && (
        <OperationBar
          view={listOp.view}
          label="Listing"
          summary={
            listed && listOp.view.snapshot?.state === 'cancelled'
              ? `Cancelled after reading ${formatCount(listOp.view.snapshot.progress.done)} of ${formatCount(listOp.view.snapshot.progress.total ?? 0)} items: ${formatCount(listed.scanned.connections)} connections`
              : listed
                ? `${formatCount(listed.scanned.connections)} connections on ${formatCount(listed.scanned.workbooks)} workbooks and ${formatCount(listed.scanned.datasources)} data sources`
                : undefined
          }
          onCancel={listOp.cancel}
          onRetry={listOp.retry}
          onDismiss={() => {
            listOp.clear();
            setSelected(new Set());
            setStage('pick');
          }}
          dismissLabel="Clear the list"
        />
      )}

      {listed && listOp.view?.snapshot?.state === 'cancelled' && (
        <p className="conn-warning" role="status">
          The listing was cancelled: only the connections of the items read before it stopped are
          shown. List again for all of them.
        </p>
      )}
      {listed && stage === 'pick' && (
        <>
          <ConnectionFilters filter={filter} values={values} onChange={setFilter} />
          <div className="conn-selection">
            <span aria-label="Connection counts">
              {formatCount(shownRows.length)} of {formatCount(all.length)} connections ·{' '}
              {formatCount(picked.length)} selected
              {hiddenPicked > 0 && ` (${formatCount(hiddenPicked)} not shown by the filter)`}
            </span>
            <button
              type="button"
              className="small"
              disabled={shownRows.length === 0}
              onClick={() =>
                setSelected((prev) => new Set([...prev, ...shownRows.map(connectionKey)]))
              }
            >
              Select all {formatCount(shownRows.length)} shown
            </button>
            <button
              type="button"
              className="small"
              disabled={selected.size === 0}
              onClick={() => setSelected(new Set())}
            >
              Clear selection
            </button>
          </div>
          <ConnectionListGrid rows={shownRows} selected={selected} onToggle={toggle} />
          <ConnectionChangeForm draft={draft} onChange={setDraft} disabled={running} />
          <div className="conn-actions">
            {draft !== EMPTY_DRAFT && draftChange.error && (
              <span className="bad-text" role="alert">
                {draftChange.error}
              </span>
            )}
            <span className="spacer" />
            <button
              type="button"
              className="primary"
              disabled={!draftChange.change || picked.length === 0}
              title={picked.length === 0 ? 'Select the connections to change first.' : undefined}
              onClick={showPreview}
            >
              Preview the change on {formatCount(picked.length)} connections
            </button>
          </div>
        </>
      )}

      {stage === 'preview' && preview && (
        <>
          <p className="conn-summary" aria-label="Preview summary">
            Preview — nothing was sent. {formatCount(planned)} will change
            {notChangeable > 0 && ` · ${formatCount(notChangeable)} cannot be changed (see why)`}
            {shown && ` · ${changeWords(shown.change, shown.password).join(', ')}`}
          </p>
          <ConnectionChangeGrid label="Preview" rows={preview.connections} />
          <div className="conn-actions">
            <button type="button" onClick={() => setStage('pick')}>
              Back to the change
            </button>
            <button
              type="button"
              onClick={() =>
                saveText(rotationReportCsv(preview), 'trestle-connections-preview.csv', 'text/csv')
              }
            >
              Export preview CSV
            </button>
            <span className="spacer" />
            <button
              type="button"
              className="primary"
              disabled={planned === 0}
              onClick={() => setConfirming(true)}
            >
              Update {formatCount(planned)} connections…
            </button>
          </div>
        </>
      )}

      {stage === 'run' && (
        <>
          {runOp.view && (
            <OperationBar
              view={runOp.view}
              label="Update"
              summary={
                ran
                  ? `${formatCount(ran.connections.filter((c) => c.state === 'updated').length)} updated, ${formatCount(ran.connections.filter((c) => c.state === 'failed').length)} failed`
                  : undefined
              }
              onCancel={runOp.cancel}
              onRetry={runOp.retry}
              onDismiss={list}
              dismissLabel="List again"
            />
          )}
          {report && (
            <>
              <ConnectionChangeGrid label="Results" rows={report.connections} />
              <div className="conn-actions">
                <button
                  type="button"
                  disabled={running}
                  onClick={() =>
                    saveText(
                      rotationReportCsv(report),
                      'trestle-connections-report.csv',
                      'text/csv',
                    )
                  }
                >
                  Export report CSV
                </button>
                <button
                  type="button"
                  disabled={running}
                  onClick={() =>
                    saveText(
                      rotationReportJson(report),
                      'trestle-connections-report.json',
                      'application/json',
                    )
                  }
                >
                  Export report JSON
                </button>
              </div>
            </>
          )}
        </>
      )}

      {confirming && preview && shown && (
        <ConfirmDialog
          title={`Update ${formatCount(planned)} connections on ${connection.name}?`}
          confirmLabel="Update connections"
          onClose={() => setConfirming(false)}
          onConfirm={run}
          message={
            <div className="send-target" aria-label="Target">
              <p>
                {connection.production && <span className="production-label">PRODUCTION</span>}{' '}
                {connection.production
                  ? `${connection.name} is marked Production: every write to it asks first. `
                  : ''}
                {formatCount(planned)} workbook and data source connections get:{' '}
                {changeWords(shown.change, shown.password).join(', ')}.
                {notChangeable > 0 &&
                  ` ${formatCount(notChangeable)} that cannot be changed ${notChangeable === 1 ? 'is' : 'are'} not sent.`}
              </p>
              <dl className="target-list">
                <dt>Connection</dt>
                <dd>{connection.name}</dd>
                <dt>Site</dt>
                <dd>{session?.siteName || session?.siteContentUrl || 'Default'}</dd>
                <dt>Server</dt>
                <dd className="mono">{connection.serverUrl}</dd>
              </dl>
            </div>
          }
        />
      )}
    </div>
  );
}
