import { useCallback, useEffect, useMemo, useState } from 'react';
import {
  finishCodeText,
  JOB_END_STATES,
  JOB_STATUSES,
  type FollowedJob,
  type JobRow,
  type JobsQuery,
  type JobStatus,
} from '../../../shared/siteops/jobs';
import { call } from '../../api';
import { plainError, type PlainError } from '../../lib/user-error';
import { useJobsApi, type FollowedEntry } from '../../state/use-jobs';
import { Dialog } from '../Dialog';
import { RefreshExtractsDialog, RefreshRunsPanel } from './RefreshExtracts';
import type { SiteToolProps } from './SiteTools';

/** Query Jobs' job types a user filters by most (the field takes Tableau's snake-case names). */
const JOB_TYPES: [string, string][] = [
  ['refresh_extracts', 'Extract refresh'],
  ['publish_workbook', 'Publish workbook'],
  ['publish_datasource', 'Publish data source'],
  ['run_flow', 'Flow run'],
  ['user_import', 'User import'],
  ['group_import', 'Group import'],
  ['group_sync', 'Group sync'],
  ['update_uploaded_file', 'Data update'],
  ['create_extract', 'Create extract'],
  ['delete_extract', 'Delete extract'],
];
const TYPE_NAMES = new Map(JOB_TYPES);
/** `<job type>` (Query Job) → Query Jobs' `jobType`, so followed jobs and rows read alike. */
const JOB_TYPE_OF: Record<string, string> = {
  RefreshExtract: 'refresh_extracts',
  PublishWorkbook: 'publish_workbook',
  PublishDatasource: 'publish_datasource',
  RunFlow: 'run_flow',
  UserImport: 'user_import',
  GroupImport: 'group_import',
  GroupSync: 'group_sync',
  UpdateUploadedFile: 'update_uploaded_file',
  CreateExtract: 'create_extract',
  DeleteExtract: 'delete_extract',
};

const RANGES = [
  ['created', 'Created'],
  ['started', 'Started'],
  ['ended', 'Ended'],
] as const;
type RangeKey = `${(typeof RANGES)[number][0]}${'After' | 'Before'}`;

/** At most this many rows are drawn; the rest are counted (narrow the filters). */
const SHOWN_ROWS = 500;

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : '—');
const isEnded = (status: string) => JOB_END_STATES.has(status as JobStatus);
const typeName = (jobType: string) => TYPE_NAMES.get(jobType) ?? jobType.replace(/_/g, ' ');

/** A `datetime-local` value as Tableau's filter time (UTC, seconds). */
function filterTime(local: string): string | undefined {
  if (!local) return undefined;
  const t = new Date(local);
  return Number.isNaN(t.getTime()) ? undefined : t.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function StatusBadge({ status }: { status: string }) {
  return (
    <span className={`job-status job-status-${status.toLowerCase()}`}>{statusWords(status)}</span>
  );
}
function statusWords(status: string): string {
  return status === 'InProgress' ? 'In progress' : status === 'Unknown' ? 'Waiting…' : status;
}

function ProgressBar({ value, label }: { value: number; label: string }) {
  return (
    <span
      className="job-progress"
      role="progressbar"
      aria-label={label}
      aria-valuenow={value}
      aria-valuemin={0}
      aria-valuemax={100}
    >
      <span
        className="job-progress-fill"
        style={{ width: `${Math.max(0, Math.min(100, value))}%` }}
      />
      <span className="job-progress-text">{value}%</span>
    </span>
  );
}

/** A row of the table: a listed job, with the followed job's live state over it. */
interface ShownJob {
  id: string;
  status: string;
  jobType: string;
  item: string;
  itemKind: string;
  progress: number | null;
  createdAt: string | null;
  startedAt: string | null;
  endedAt: string | null;
  followed: FollowedEntry | null;
}

function shownFromRow(row: JobRow, followed: FollowedEntry | null): ShownJob {
  const live = followed?.job;
  return {
    id: row.id,
    status: live && live.status !== 'Unknown' ? live.status : row.status,
    jobType: row.jobType,
    item: row.title,
    itemKind: row.subtitle,
    progress: live && live.status !== 'Unknown' ? live.progress : isEnded(row.status) ? 100 : null,
    createdAt: row.createdAt,
    startedAt: live?.startedAt ?? row.startedAt,
    endedAt: live?.completedAt ?? row.endedAt,
    followed,
  };
}

function shownFromEntry(entry: FollowedEntry): ShownJob {
  const { job } = entry;
  return {
    id: entry.jobId,
    status: job.error && job.status === 'Unknown' ? 'Unknown' : job.status,
    jobType: JOB_TYPE_OF[job.type] ?? job.type,
    item: job.target?.name || entry.label || entry.source,
    itemKind: job.target
      ? job.target.kind === 'datasource'
        ? 'Data Source'
        : job.target.kind.replace(/^./, (c) => c.toUpperCase())
      : '',
    progress: job.status === 'Unknown' ? null : job.progress,
    createdAt: job.createdAt,
    startedAt: job.startedAt,
    endedAt: job.completedAt,
    followed: entry,
  };
}

/**
 * The Jobs view (issue 19): Query Jobs with filters, the jobs Trestle follows (live, polled
 * by main with backoff until each ends), a job's details, Follow, Cancel Job, and
 * "Refresh extracts…" for many items at once.
 */
export function JobsView({ connection, session, notify }: SiteToolProps) {
  const jobs = useJobsApi();
  const [status, setStatus] = useState<'' | JobStatus>('');
  const [type, setType] = useState('');
  const [ranges, setRanges] = useState<Partial<Record<RangeKey, string>>>({});
  const [rows, setRows] = useState<JobRow[] | null>(null);
  const [loading, setLoading] = useState(false);
  const [problem, setProblem] = useState<PlainError | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [detail, setDetail] = useState<{
    id: string;
    job: FollowedJob | null;
    error: PlainError | null;
  } | null>(null);
  const [cancelling, setCancelling] = useState<ShownJob | null>(null);
  const [refreshing, setRefreshing] = useState(false);

  const followed = useMemo(
    () => jobs.entries.filter((e) => e.connectionId === connection.id),
    [jobs.entries, connection.id],
  );
  const followedById = useMemo(() => new Map(followed.map((e) => [e.jobId, e])), [followed]);

  const query = useCallback(async () => {
    if (!session) return;
    setLoading(true);
    setProblem(null);
    const asked: JobsQuery = {
      ...(status ? { status } : {}),
      ...(type ? { type } : {}),
    };
    for (const [key, value] of Object.entries(ranges)) {
      const t = filterTime(value ?? '');
      if (t) asked[key as RangeKey] = t;
    }
    try {
      const answer = await call('jobs:list', connection.id, asked);
      setRows(answer.jobs);
    } catch (error) {
      setProblem(plainError(error, 'Query Jobs failed'));
    } finally {
      setLoading(false);
    }
  }, [connection.id, session, status, type, ranges]);

  // A first look when the view opens (and when the site changes).
  useEffect(() => {
    setRows(null);
    setSelected(null);
    if (session) void query();
  }, [connection.id, session?.siteId]);

  // "Show in Jobs" from a toast selects that job.
  useEffect(() => {
    if (jobs.focus && jobs.focus.connectionId === connection.id) setSelected(jobs.focus.jobId);
  }, [jobs.focus, connection.id]);

  const shown: ShownJob[] = useMemo(
    () => (rows ?? []).map((r) => shownFromRow(r, followedById.get(r.id) ?? null)),
    [rows, followedById],
  );
  const selectedShown = useMemo(() => {
    if (!selected) return null;
    const entry = followedById.get(selected);
    return shown.find((s) => s.id === selected) ?? (entry ? shownFromEntry(entry) : null);
  }, [selected, shown, followedById]);

  // The details of a job not followed: Query Job once (progress, notes, finish code).
  const selectedEntry = selected ? followedById.get(selected) : undefined;
  useEffect(() => {
    if (!selected || selectedEntry || !session) {
      setDetail(null);
      return;
    }
    let live = true;
    setDetail({ id: selected, job: null, error: null });
    call('jobs:get', connection.id, selected).then(
      (job) => live && setDetail({ id: selected, job, error: null }),
      (error: unknown) =>
        live &&
        setDetail({ id: selected, job: null, error: plainError(error, 'Query Job failed') }),
    );
    return () => {
      live = false;
    };
  }, [selected, selectedEntry, connection.id, session]);

  const cancel = async (job: ShownJob) => {
    setCancelling(null);
    try {
      const after = await call('jobs:cancel', connection.id, job.id);
      notify(
        after.status === 'Cancelled'
          ? `Cancelled the job ${job.item ? `for “${job.item}” ` : ''}on ${connection.name}.`
          : `The job had already ended (${after.status}); nothing was cancelled.`,
      );
      // A followed job's end comes through following; the list is asked again.
      if (!followedById.get(job.id)?.following) jobs.follow(connection.id, [job.id], 'Cancel Job');
      void query();
    } catch (error) {
      notify(plainError(error, 'Cancel Job failed'));
    }
  };

  if (!session) return <p className="jobs-empty">Sign in to {connection.name} to see its jobs.</p>;

  const detailJob: FollowedJob | null =
    selectedEntry?.job ?? (detail?.id === selected ? detail.job : null);

  return (
    <div className="jobs-view">
      <form
        className="jobs-filters"
        aria-label="Job filters"
        onSubmit={(event) => {
          event.preventDefault();
          void query();
        }}
      >
        <label>
          Status
          <select value={status} onChange={(e) => setStatus(e.target.value as '' | JobStatus)}>
            <option value="">Any</option>
            {JOB_STATUSES.map((s) => (
              <option key={s} value={s}>
                {statusWords(s)}
              </option>
            ))}
          </select>
        </label>
        <label>
          Job type
          <select value={type} onChange={(e) => setType(e.target.value)}>
            <option value="">Any</option>
            {JOB_TYPES.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        {RANGES.map(([key, label]) => (
          <fieldset key={key} className="jobs-range">
            <legend>{label}</legend>
            <label>
              after
              <input
                type="datetime-local"
                aria-label={`${label} after`}
                value={ranges[`${key}After`] ?? ''}
                onChange={(e) => setRanges((r) => ({ ...r, [`${key}After`]: e.target.value }))}
              />
            </label>
            <label>
              before
              <input
                type="datetime-local"
                aria-label={`${label} before`}
                value={ranges[`${key}Before`] ?? ''}
                onChange={(e) => setRanges((r) => ({ ...r, [`${key}Before`]: e.target.value }))}
              />
            </label>
          </fieldset>
        ))}
        <div className="jobs-filter-actions">
          <button type="submit" className="primary" disabled={loading}>
            {loading ? 'Querying…' : 'Query Jobs'}
          </button>
          <button type="button" onClick={() => setRefreshing(true)}>
            Refresh extracts…
          </button>
        </div>
      </form>

      {problem && (
        <div className="jobs-problem" role="alert">
          <p>{problem.message}</p>
          {problem.detail && <small className="mono">{problem.detail}</small>}
        </div>
      )}

      <RefreshRunsPanel
        runs={jobs.refreshRuns.filter((r) => r.connectionId === connection.id)}
        onSelect={setSelected}
      />

      {followed.length > 0 && (
        <section className="jobs-followed" aria-label="Followed jobs">
          <h3>Followed</h3>
          <ul>
            {followed.map((entry) => {
              const s = shownFromEntry(entry);
              return (
                <li key={entry.jobId} aria-selected={selected === entry.jobId}>
                  <button
                    type="button"
                    className="link jobs-followed-pick"
                    onClick={() => setSelected(entry.jobId)}
                  >
                    <StatusBadge status={s.status} />{' '}
                    <span className="jobs-item">{s.item || entry.jobId}</span>{' '}
                    <span className="muted">
                      {typeName(s.jobType) || 'Job'} · {entry.source}
                    </span>
                  </button>
                  {s.progress !== null && (
                    <ProgressBar
                      value={s.progress}
                      label={`Progress of ${s.item || entry.jobId}`}
                    />
                  )}
                  {entry.following && <span className="muted jobs-following">following…</span>}
                </li>
              );
            })}
          </ul>
        </section>
      )}

      <div className="jobs-main">
        <div className="jobs-table-wrap">
          {rows === null ? (
            <p className="muted">{loading ? 'Querying jobs…' : ''}</p>
          ) : rows.length === 0 ? (
            <p className="jobs-empty">No jobs on {connection.name} match these filters.</p>
          ) : (
            <>
              <table className="jobs-table" aria-label="Jobs">
                <thead>
                  <tr>
                    <th>Status</th>
                    <th>Type</th>
                    <th>Item</th>
                    <th>Progress</th>
                    <th>Created</th>
                    <th>Started</th>
                    <th>Ended</th>
                    <th aria-label="Actions" />
                  </tr>
                </thead>
                <tbody>
                  {shown.slice(0, SHOWN_ROWS).map((job) => (
                    <tr
                      key={job.id}
                      aria-selected={selected === job.id}
                      onClick={() => setSelected(job.id)}
                    >
                      <td>
                        <StatusBadge status={job.status} />
                      </td>
                      <td>{typeName(job.jobType)}</td>
                      <td>
                        {job.item}
                        {job.itemKind && <span className="muted"> · {job.itemKind}</span>}
                      </td>
                      <td>
                        {job.progress === null ? (
                          '—'
                        ) : (
                          <ProgressBar value={job.progress} label={`Progress of ${job.item}`} />
                        )}
                      </td>
                      <td>{when(job.createdAt)}</td>
                      <td>{when(job.startedAt)}</td>
                      <td>{when(job.endedAt)}</td>
                      <td>
                        {!isEnded(job.status) && !job.followed?.following && (
                          <button
                            type="button"
                            className="small"
                            onClick={(e) => {
                              e.stopPropagation();
                              jobs.follow(connection.id, [job.id], 'Jobs view');
                            }}
                          >
                            Follow
                          </button>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <p className="muted jobs-count">
                {rows.length > SHOWN_ROWS
                  ? `Showing ${SHOWN_ROWS} of ${rows.length} jobs, newest first; narrow the filters to see the rest.`
                  : `${rows.length} job${rows.length === 1 ? '' : 's'}, newest first.`}
              </p>
            </>
          )}
        </div>

        {selectedShown && (
          <JobDetails
            shown={selectedShown}
            job={detailJob}
            error={detail?.id === selected ? detail.error : null}
            onFollow={() => jobs.follow(connection.id, [selectedShown.id], 'Jobs view')}
            onCancel={() => setCancelling(selectedShown)}
            onClose={() => setSelected(null)}
          />
        )}
      </div>

      {cancelling && (
        <Dialog
          title="Cancel Job"
          onClose={() => setCancelling(null)}
          onSubmit={() => void cancel(cancelling)}
          actions={
            <>
              <button type="button" onClick={() => setCancelling(null)}>
                Keep it running
              </button>
              <button type="submit" className="danger">
                Cancel the job on {connection.name}
              </button>
            </>
          }
        >
          <p>
            Cancel the {typeName(cancelling.jobType).toLowerCase() || 'job'}
            {cancelling.item ? ` of “${cancelling.item}”` : ''} (job {cancelling.id}) on{' '}
            <strong>{connection.name}</strong>? Tableau stops it; this cannot be undone.
          </p>
        </Dialog>
      )}
      {refreshing && (
        <RefreshExtractsDialog
          connection={connection}
          onClose={() => setRefreshing(false)}
          onStart={(type, items) => {
            setRefreshing(false);
            void jobs.refresh(connection.id, type, items);
          }}
        />
      )}
    </div>
  );
}

function JobDetails({
  shown,
  job,
  error,
  onFollow,
  onCancel,
  onClose,
}: {
  shown: ShownJob;
  job: FollowedJob | null;
  error: PlainError | null;
  onFollow(): void;
  onCancel(): void;
  onClose(): void;
}) {
  const status = job && job.status !== 'Unknown' ? job.status : shown.status;
  const ended = isEnded(status);
  const progress = job && job.status !== 'Unknown' ? job.progress : shown.progress;
  return (
    <aside className="job-details" aria-label="Job details">
      <header>
        <h3>
          <StatusBadge status={status} /> {shown.item || 'Job'}
        </h3>
        <button type="button" className="icon" aria-label="Close details" onClick={onClose}>
          ×
        </button>
      </header>
      <dl>
        <dt>Job</dt>
        <dd className="mono">{shown.id}</dd>
        <dt>Type</dt>
        <dd>{job?.type || typeName(shown.jobType)}</dd>
        {shown.itemKind && (
          <>
            <dt>Item</dt>
            <dd>
              {shown.itemKind} “{shown.item}”
            </dd>
          </>
        )}
        <dt>Progress</dt>
        <dd>{progress === null ? '—' : <ProgressBar value={progress} label="Job progress" />}</dd>
        <dt>Finish code</dt>
        <dd>{finishCodeText(job?.finishCode ?? null)}</dd>
        <dt>Created</dt>
        <dd>{when(job?.createdAt ?? shown.createdAt)}</dd>
        <dt>Started</dt>
        <dd>{when(job?.startedAt ?? shown.startedAt)}</dd>
        <dt>Ended</dt>
        <dd>{when(job?.completedAt ?? shown.endedAt)}</dd>
      </dl>
      {job && job.notes.length > 0 && (
        <section
          aria-label="Job notes"
          className={status === 'Failed' ? 'job-notes bad' : 'job-notes'}
        >
          <h4>Notes</h4>
          {job.notes.map((note, i) => (
            <p key={i}>{note}</p>
          ))}
        </section>
      )}
      {(job?.error ?? error) && (
        <div className="jobs-problem" role="alert">
          <p>{job?.error ? job.error.message : error?.message}</p>
          <small className="mono">{job?.error ? job.error.code : error?.detail}</small>
        </div>
      )}
      {shown.followed?.following && (
        <p className="muted">
          Trestle is following this job; it polls less often while nothing changes.
        </p>
      )}
      {!ended && (
        <div className="job-actions">
          {!shown.followed?.following && (
            <button type="button" onClick={onFollow}>
              Follow
            </button>
          )}
          <button type="button" className="danger" onClick={onCancel}>
            Cancel Job…
          </button>
        </div>
      )}
    </aside>
  );
}
