import { createContext, useCallback, useContext, useEffect, useRef, useState } from 'react';
import type { Connection } from '../../shared/connection';
import type { OperationSnapshot } from '../../shared/operations';
import type { ResponseSummary } from '../../shared/request';
import {
  blankJob,
  JOB_END_STATES,
  readJob,
  type FollowedJob,
  type JobStatus,
  type Refreshable,
} from '../../shared/siteops/jobs';
import { ApiError, call, subscribe } from '../api';
import { newId } from '../lib/ids';
import type { Notify } from './use-toasts';

/**
 * Jobs followed at app level (issue 19), whether or not the Jobs view is open: each is one
 * `jobsFollow` operation in main (polling with backoff until the job ends). Live state comes
 * from the operation's snapshot after each progress event. When a followed job ends: a toast
 * with "Show in Jobs", and a desktop notification (Electron; in a browser only if the page
 * already has the permission — it is never asked for).
 */
export interface FollowedEntry {
  connectionId: string;
  jobId: string;
  job: FollowedJob;
  /** What started it, in the user's words: "Update Workbook Now", "Publish", "Refresh extracts". */
  source: string;
  /** The item's name when the starter knew it and the job does not say (a publish job). */
  label?: string;
  operationId: string;
  /** Still being followed (its operation runs and the job has not ended). */
  following: boolean;
  /** Told to the user already (toast and notification), so never twice. */
  announced: boolean;
}

/** One "Refresh extracts…" run: the items asked for and what became of each. */
export interface RefreshRun {
  operationId: string;
  connectionId: string;
  type: Refreshable['type'];
  items: Refreshable[];
  running: boolean;
  /** By item id: the job started for it, or why it was not started. */
  jobs: Record<string, FollowedJob>;
  /** Why the run could not start at all. */
  error: { code: string; message: string } | null;
}

/** Starting these answers 202 with a `<job>` (or a job that runs on): followed without asking. */
function startsWork(response: ResponseSummary): boolean {
  return response.method !== 'GET' && response.status >= 200 && response.status < 300;
}

const keyOf = (connectionId: string, jobId: string) => `${connectionId}|${jobId}`;

const TYPE_WORDS: Record<string, string> = {
  RefreshExtract: 'Refresh',
  PublishWorkbook: 'Publish',
  PublishDatasource: 'Publish',
  PublishFlow: 'Publish',
  UserImport: 'User import',
  UserDelete: 'User removal',
  GroupImport: 'Group import',
  GroupSync: 'Group sync',
  RunFlow: 'Flow run',
  UpdateUploadedFile: 'Data update',
  CreateExtract: 'Creating the extract',
  DeleteExtract: 'Removing the extract',
};

/** "Refresh of “Sales” succeeded." — the sentence for an ended job. */
export function endSentence(job: FollowedJob, label?: string): string {
  const what = TYPE_WORDS[job.type] ?? (job.type || 'The job');
  const name = job.target?.name || label;
  const item = name ? ` of “${name}”` : '';
  if (job.error) return `${what}${item} could not be followed: ${job.error.message}`;
  if (job.status === 'Success') return `${what}${item} succeeded.`;
  if (job.status === 'Cancelled') return `${what}${item} was cancelled.`;
  return `${what}${item} failed${job.notes.length ? `: ${job.notes.join(' ')}` : '.'}`;
}

export interface JobsApi {
  entries: FollowedEntry[];
  refreshRuns: RefreshRun[];
  /** The job "Show in Jobs" asked for; the Jobs view selects it. */
  focus: { connectionId: string; jobId: string; nonce: number } | null;
  follow(
    connectionId: string,
    jobIds: string[],
    source: string,
    seed?: FollowedJob[],
    label?: string,
  ): void;
  /** After a send from the builder: follows the job a 2xx answer carries. */
  followResponse(connectionId: string, response: ResponseSummary, source: string): void;
  /** A publish operation the Publish panel started with asJob: its job is followed once known. */
  watchPublish(connectionId: string, operationId: string, name?: string): void;
  refresh(connectionId: string, type: Refreshable['type'], items: Refreshable[]): Promise<void>;
  stopFollowing(connectionId: string, jobId: string): void;
}

export const JobsContext = createContext<JobsApi | null>(null);

export function useJobsApi(): JobsApi {
  const api = useContext(JobsContext);
  if (!api) throw new Error('useJobsApi outside JobsContext');
  return api;
}

const POLL = { intervalMs: 500, maxIntervalMs: 10_000 } as const;

export function useJobs(
  notify: Notify,
  connections: Connection[],
  showInJobs: (connectionId: string) => void,
  host: 'electron' | 'web',
): JobsApi {
  const [entries, setEntries] = useState<FollowedEntry[]>([]);
  const [refreshRuns, setRefreshRuns] = useState<RefreshRun[]>([]);
  const [focus, setFocus] = useState<JobsApi['focus']>(null);
  const entriesRef = useRef(entries);
  entriesRef.current = entries;
  /** Followed jobs whose end has been told (a toast, a notification): each once. */
  const told = useRef(new Set<string>());
  /** Operations this store follows: a job follow, a refresh run, or a publish awaiting its job. */
  const ops = useRef(
    new Map<
      string,
      { kind: 'follow' | 'refresh' | 'publish'; connectionId: string; label?: string }
    >(),
  );
  const inFlight = useRef(new Set<string>());
  const ctx = useRef({ notify, connections, showInJobs, host });
  ctx.current = { notify, connections, showInJobs, host };

  const nameOf = (connectionId: string) =>
    ctx.current.connections.find((c) => c.id === connectionId)?.name ?? 'this server';

  const announce = useCallback((entry: FollowedEntry) => {
    const { notify: toast, showInJobs: show, host: where } = ctx.current;
    const sentence = endSentence(entry.job, entry.label);
    const connection = nameOf(entry.connectionId);
    toast(
      { message: sentence, detail: `${entry.job.type || 'Job'} ${entry.jobId} on ${connection}` },
      {
        tone: entry.job.status === 'Success' ? 'info' : 'error',
        action: {
          label: 'Show in Jobs',
          run: () => {
            setFocus({ connectionId: entry.connectionId, jobId: entry.jobId, nonce: Date.now() });
            show(entry.connectionId);
          },
        },
      },
    );
    const title = `${entry.job.status === 'Success' ? 'Job succeeded' : entry.job.status === 'Cancelled' ? 'Job cancelled' : 'Job failed'} — ${connection}`;
    void call('notifications:show', { title, body: sentence }).then(
      ({ shown }) => {
        // The web host has no desktop notifications; a browser that already allows them shows one.
        if (shown || where !== 'web' || typeof Notification === 'undefined') return;
        if (Notification.permission === 'granted') new Notification(title, { body: sentence });
      },
      () => undefined,
    );
  }, []);

  /** Merges an operation's jobs into the entries; announces the ones that just ended. */
  const absorb = useCallback(
    (snapshot: OperationSnapshot) => {
      const meta = ops.current.get(snapshot.operationId);
      if (!meta) return;
      const running = snapshot.state === 'running';
      if (meta.kind === 'publish') {
        const job = snapshot.outcome?.kind === 'publish' ? snapshot.outcome.job : null;
        if (job) {
          ops.current.delete(snapshot.operationId);
          followRef.current(meta.connectionId, [job.id], 'Publish', [], meta.label);
        } else if (!running) ops.current.delete(snapshot.operationId);
        return;
      }
      const jobs = snapshot.outcome?.kind === 'jobsFollow' ? snapshot.outcome.jobs : [];
      if (meta.kind === 'refresh') {
        setRefreshRuns((runs) =>
          runs.map((run) => {
            if (run.operationId !== snapshot.operationId) return run;
            const byItem: Record<string, FollowedJob> = { ...run.jobs };
            for (const job of jobs) if (job.target) byItem[job.target.id] = job;
            return { ...run, running, jobs: byItem, error: snapshot.error };
          }),
        );
      }
      // Which ended jobs to tell is decided here, not in the state updater below: React may run
      // an updater later (when other updates are queued), and a toast decided there was lost.
      if (meta.kind === 'follow')
        for (const job of jobs) {
          const key = keyOf(meta.connectionId, job.id);
          const done = JOB_END_STATES.has(job.status as JobStatus) || job.error !== null;
          if (!done || told.current.has(key)) continue;
          told.current.add(key);
          const known = entriesRef.current.find((e) => keyOf(e.connectionId, e.jobId) === key);
          announce({
            connectionId: meta.connectionId,
            jobId: job.id,
            source: 'Refresh extracts',
            operationId: snapshot.operationId,
            following: false,
            ...known,
            announced: true,
            job: { ...job, target: job.target ?? known?.job.target ?? null },
          });
        }
      setEntries((prev) => {
        const next = [...prev];
        for (const job of jobs) {
          // A refresh that was never started has no job: its row in the run says why.
          if (job.error && job.status === 'Unknown' && meta.kind === 'refresh') continue;
          const key = keyOf(meta.connectionId, job.id);
          const i = next.findIndex((e) => keyOf(e.connectionId, e.jobId) === key);
          const done = JOB_END_STATES.has(job.status as JobStatus) || job.error !== null;
          const base: FollowedEntry =
            i >= 0
              ? next[i]
              : {
                  connectionId: meta.connectionId,
                  jobId: job.id,
                  job,
                  source: 'Refresh extracts',
                  operationId: snapshot.operationId,
                  following: true,
                  announced: false,
                };
          // Not polled yet: the job as the answer that started it showed it stays.
          const seen = job.polls === 0 && !job.error && base.job.status !== 'Unknown';
          const entry: FollowedEntry = {
            ...base,
            job: seen ? base.job : { ...job, target: job.target ?? base.job.target },
            following: running && !done,
          };
          // Told above (a refresh run is told once, as a whole, when it ends).
          if (done && meta.kind === 'follow') entry.announced = true;
          if (i >= 0) next[i] = entry;
          else next.unshift(entry);
        }
        if (!running)
          for (let i = 0; i < next.length; i++)
            if (next[i].operationId === snapshot.operationId && next[i].following)
              next[i] = { ...next[i], following: false };
        return next;
      });
      if (!running) {
        ops.current.delete(snapshot.operationId);
        if (meta.kind === 'refresh') announceRun(snapshot, jobs);
      }
    },
    [announce],
  );

  const announceRun = (snapshot: OperationSnapshot, jobs: FollowedJob[]) => {
    const started = jobs.filter((j) => j.status !== 'Unknown');
    const ok = started.filter((j) => j.status === 'Success').length;
    const notStarted = jobs.length - started.length;
    const failed = started.length - ok;
    const connection = nameOf(snapshot.connectionId);
    const parts = [`${ok} of ${jobs.length} refreshed`];
    if (failed) parts.push(`${failed} failed`);
    if (notStarted) parts.push(`${notStarted} not started`);
    const sentence =
      snapshot.state === 'failed' && snapshot.error
        ? `Refresh extracts could not run: ${snapshot.error.message}`
        : `Refresh extracts on ${connection}: ${parts.join(', ')}.`;
    ctx.current.notify(sentence, {
      tone: failed || notStarted || snapshot.state === 'failed' ? 'error' : 'info',
      action: { label: 'Show in Jobs', run: () => ctx.current.showInJobs(snapshot.connectionId) },
    });
    void call('notifications:show', { title: `Refresh extracts — ${connection}`, body: sentence });
  };

  const look = useCallback(
    (operationId: string) => {
      if (inFlight.current.has(operationId)) return;
      inFlight.current.add(operationId);
      void call('operations:get', operationId)
        .then(absorb, () => undefined)
        .finally(() => inFlight.current.delete(operationId));
    },
    [absorb],
  );

  useEffect(
    () =>
      subscribe('operation:progress', (progress) => {
        if (!ops.current.has(progress.operationId)) return;
        if (progress.state === 'running') look(progress.operationId);
        // The end: the final snapshot, whatever was in flight.
        else void call('operations:get', progress.operationId).then(absorb, () => undefined);
      }),
    [look, absorb],
  );

  const follow = useCallback(
    (
      connectionId: string,
      jobIds: string[],
      source: string,
      seed: FollowedJob[] = [],
      label?: string,
    ) => {
      const fresh = jobIds.filter(
        (id) =>
          !entriesRef.current.some(
            (e) => e.connectionId === connectionId && e.jobId === id && e.following,
          ),
      );
      if (fresh.length === 0) return;
      const operationId = newId('op');
      ops.current.set(operationId, { kind: 'follow', connectionId });
      setEntries((prev) => {
        const kept = prev.filter(
          (e) => !(e.connectionId === connectionId && fresh.includes(e.jobId)),
        );
        const added = fresh.map((id): FollowedEntry => {
          const seeded = seed.find((j) => j.id === id);
          return {
            connectionId,
            jobId: id,
            job: seeded ?? blankJob(id),
            source,
            label,
            operationId,
            following: true,
            announced: false,
          };
        });
        return [...added, ...kept];
      });
      call(
        'operations:start',
        connectionId,
        { kind: 'jobsFollow', jobIds: fresh, ...POLL },
        { operationId },
      ).then(absorb, (error: unknown) => {
        ops.current.delete(operationId);
        const message = error instanceof ApiError ? error.message : String(error);
        setEntries((prev) =>
          prev.map((e) =>
            e.operationId === operationId
              ? {
                  ...e,
                  following: false,
                  job: {
                    ...e.job,
                    error: { code: error instanceof ApiError ? error.code : 'unknown', message },
                  },
                }
              : e,
          ),
        );
        ctx.current.notify({
          message: `Could not follow the job: ${message}`,
          detail: error instanceof ApiError ? error.code : null,
        });
      });
    },
    [absorb],
  );
  const followRef = useRef(follow);
  followRef.current = follow;

  const followResponse = useCallback(
    (connectionId: string, response: ResponseSummary, source: string) => {
      if (!startsWork(response)) return;
      const job = readJob(response.body);
      if (!job) return;
      // A job that has already ended (finishCode with completedAt) is shown, not followed.
      follow(connectionId, [job.id], source, [{ ...job, error: null, polls: 0 }]);
    },
    [follow],
  );

  const watchPublish = useCallback(
    (connectionId: string, operationId: string, name?: string) => {
      ops.current.set(operationId, { kind: 'publish', connectionId, label: name });
      look(operationId);
    },
    [look],
  );

  const refresh = useCallback(
    async (connectionId: string, type: Refreshable['type'], items: Refreshable[]) => {
      const operationId = newId('op');
      ops.current.set(operationId, { kind: 'refresh', connectionId });
      setRefreshRuns((runs) => [
        { operationId, connectionId, type, items, running: true, jobs: {}, error: null },
        ...runs.filter((r) => r.running).slice(0, 4),
      ]);
      try {
        const first = await call(
          'operations:start',
          connectionId,
          {
            kind: 'jobsFollow',
            refresh: { type, ids: items.map((i) => i.id) },
            concurrency: 2,
            ...POLL,
          },
          { operationId },
        );
        absorb(first);
      } catch (error) {
        ops.current.delete(operationId);
        const e =
          error instanceof ApiError
            ? { code: error.code, message: error.message }
            : { code: 'unknown', message: String(error) };
        setRefreshRuns((runs) =>
          runs.map((r) => (r.operationId === operationId ? { ...r, running: false, error: e } : r)),
        );
      }
    },
    [absorb],
  );

  const stopFollowing = useCallback((connectionId: string, jobId: string) => {
    const entry = entriesRef.current.find(
      (e) => e.connectionId === connectionId && e.jobId === jobId,
    );
    if (entry?.following) void call('operations:cancel', entry.operationId).catch(() => undefined);
  }, []);

  return {
    entries,
    refreshRuns,
    focus,
    follow,
    followResponse,
    watchPublish,
    refresh,
    stopFollowing,
  };
}
