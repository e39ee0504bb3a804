import { useEffect, useMemo, useState } from 'react';
import type { Connection } from '../../../shared/connection';
import type { FollowedJob, Refreshable } from '../../../shared/siteops/jobs';
import { call } from '../../api';
import { plainError, type PlainError } from '../../lib/user-error';
import type { RefreshRun } from '../../state/use-jobs';
import { Dialog } from '../Dialog';

const KIND: Record<Refreshable['type'], string> = {
  workbook: 'Workbook',
  datasource: 'Data source',
};

/**
 * "Refresh extracts…": the site's workbooks and data sources (fetched by main), searchable and
 * selectable; the refreshes start as one `jobsFollow` operation per type (bounded concurrency,
 * 429 and Retry-After waited out by the executor), each followed until it ends.
 */
export function RefreshExtractsDialog({
  connection,
  onClose,
  onStart,
}: {
  connection: Connection;
  onClose(): void;
  onStart(type: Refreshable['type'], items: Refreshable[]): void;
}) {
  const [items, setItems] = useState<Refreshable[] | null>(null);
  const [problem, setProblem] = useState<PlainError | null>(null);
  const [search, setSearch] = useState('');
  const [onlyExtracts, setOnlyExtracts] = useState(true);
  const [picked, setPicked] = useState<Set<string>>(new Set());

  useEffect(() => {
    let live = true;
    call('jobs:refreshable', connection.id).then(
      (list) => live && setItems(list),
      (error: unknown) =>
        live && setProblem(plainError(error, 'Could not list the workbooks and data sources')),
    );
    return () => {
      live = false;
    };
  }, [connection.id]);

  const shown = useMemo(() => {
    const needle = search.trim().toLowerCase();
    return (items ?? []).filter(
      (i) =>
        (!onlyExtracts || i.hasExtracts) &&
        (!needle ||
          i.name.toLowerCase().includes(needle) ||
          i.project.toLowerCase().includes(needle)),
    );
  }, [items, search, onlyExtracts]);
  const chosen = (items ?? []).filter((i) => picked.has(`${i.type}:${i.id}`));
  const toggle = (item: Refreshable) =>
    setPicked((prev) => {
      const next = new Set(prev);
      const key = `${item.type}:${item.id}`;
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });
  const start = () => {
    if (chosen.length === 0) return;
    for (const type of ['workbook', 'datasource'] as const) {
      const ofType = chosen.filter((i) => i.type === type);
      if (ofType.length) onStart(type, ofType);
    }
  };

  return (
    <Dialog
      title="Refresh extracts"
      wide
      onClose={onClose}
      onSubmit={start}
      actions={
        <>
          <button type="button" onClick={onClose}>
            Close
          </button>
          <button type="submit" className="primary" disabled={chosen.length === 0}>
            {`Refresh ${chosen.length || ''} on ${connection.name}`.replace('  ', ' ')}
          </button>
        </>
      }
    >
      <p>
        Starts “Update Now” for each item picked, on <strong>{connection.name}</strong>, two at a
        time; Trestle follows every job until it ends.
      </p>
      {problem ? (
        <div className="jobs-problem" role="alert">
          <p>{problem.message}</p>
          {problem.detail && <small className="mono">{problem.detail}</small>}
        </div>
      ) : items === null ? (
        <p className="muted">Listing the workbooks and data sources…</p>
      ) : (
        <>
          <div className="refresh-pick-bar">
            <input
              type="search"
              aria-label="Search items"
              placeholder="Search by name or project"
              value={search}
              onChange={(e) => setSearch(e.target.value)}
            />
            <label>
              <input
                type="checkbox"
                checked={onlyExtracts}
                onChange={(e) => setOnlyExtracts(e.target.checked)}
              />{' '}
              Only items with extracts
            </label>
            <button
              type="button"
              className="small"
              onClick={() =>
                setPicked((prev) => new Set([...prev, ...shown.map((i) => `${i.type}:${i.id}`)]))
              }
            >
              Select all shown
            </button>
            <button type="button" className="small" onClick={() => setPicked(new Set())}>
              Clear
            </button>
          </div>
          <div className="refresh-pick-list" role="group" aria-label="Items to refresh">
            {shown.length === 0 ? (
              <p className="muted">Nothing matches.</p>
            ) : (
              shown.map((item) => (
                <label key={`${item.type}:${item.id}`} className="refresh-pick">
                  <input
                    type="checkbox"
                    checked={picked.has(`${item.type}:${item.id}`)}
                    onChange={() => toggle(item)}
                  />
                  <span>{item.name}</span>
                  <span className="muted">
                    {KIND[item.type]}
                    {item.project ? ` · ${item.project}` : ''}
                    {item.hasExtracts ? '' : ' · no extract'}
                  </span>
                </label>
              ))
            )}
          </div>
          <p className="muted" aria-live="polite">
            {chosen.length} selected of {items.length}.
          </p>
        </>
      )}
    </Dialog>
  );
}

function rowState(job: FollowedJob | undefined, running: boolean): { text: string; tone: string } {
  if (!job) return { text: running ? 'Waiting to start…' : 'Not started.', tone: 'muted' };
  if (job.error && job.status === 'Unknown') return { text: job.error.message, tone: 'bad' };
  if (job.status === 'Success') return { text: 'Success', tone: 'ok' };
  if (job.status === 'Failed')
    return { text: `Failed${job.notes.length ? `: ${job.notes.join(' ')}` : ''}`, tone: 'bad' };
  if (job.status === 'Cancelled') return { text: 'Cancelled', tone: 'warn' };
  if (job.status === 'InProgress') return { text: `In progress ${job.progress}%`, tone: '' };
  if (job.status === 'Pending') return { text: 'Pending (queued on the server)', tone: '' };
  return { text: 'Started…', tone: '' };
}

/** Each "Refresh extracts…" run: a row per item with its job's state or why it did not start. */
export function RefreshRunsPanel({
  runs,
  onSelect,
}: {
  runs: RefreshRun[];
  onSelect(jobId: string): void;
}) {
  if (runs.length === 0) return null;
  return (
    <>
      {runs.map((run) => (
        <section key={run.operationId} className="refresh-run" aria-label="Refresh run">
          <h3>
            Refreshing {run.items.length} {run.type === 'workbook' ? 'workbook' : 'data source'}
            {run.items.length === 1 ? '' : 's'} {run.running ? '…' : '— done'}
          </h3>
          {run.error && (
            <div className="jobs-problem" role="alert">
              <p>{run.error.message}</p>
              <small className="mono">{run.error.code}</small>
            </div>
          )}
          <table className="jobs-table">
            <tbody>
              {run.items.map((item) => {
                const job = run.jobs[item.id];
                const state = rowState(job, run.running);
                const jobId = job && job.status !== 'Unknown' ? job.id : null;
                return (
                  <tr key={item.id} aria-label={item.name}>
                    <td>{item.name}</td>
                    <td className={`refresh-state ${state.tone}`}>
                      {state.text}
                      {job?.error && job.status === 'Unknown' && (
                        <small className="mono"> {job.error.code}</small>
                      )}
                    </td>
                    <td>
                      {jobId && (
                        <button type="button" className="small" onClick={() => onSelect(jobId)}>
                          Details
                        </button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </section>
      ))}
    </>
  );
}
