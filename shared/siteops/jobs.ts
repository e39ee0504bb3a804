import { z } from 'zod';

/**
 * Jobs (issue 19): following Tableau's asynchronous jobs (Query Job until it ends) and starting
 * the refreshes that make them. Tableau's job status is told from `finishCode` (0 success,
 * 1 failed, 2 cancelled) and, before it has one, from `progress` / `startedAt`.
 */
export const JOB_STATUSES = ['Pending', 'InProgress', 'Success', 'Failed', 'Cancelled'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];
export const JOB_END_STATES: ReadonlySet<JobStatus> = new Set(['Success', 'Failed', 'Cancelled']);

const luid = z.string().regex(/^[0-9A-Za-z-]{1,100}$/, 'A job or item id (a LUID).');

export const jobsFollowStartSchema = z.object({
  kind: z.literal('jobsFollow'),
  /** Jobs to follow until each ends. */
  jobIds: z.array(luid).max(1000).default([]),
  /** Refreshes to start first ("update now"); the jobs they return are followed too. */
  refresh: z
    .object({ type: z.enum(['workbook', 'datasource']), ids: z.array(luid).min(1).max(1000) })
    .optional(),
  /** Refreshes started at once (bounded: the server queues them anyway). */
  concurrency: z.number().int().min(1).max(10).default(2),
  /** First wait between polls; it grows by half each poll up to `maxIntervalMs`. */
  intervalMs: z.number().int().min(10).max(60_000).default(500),
  maxIntervalMs: z.number().int().min(10).max(300_000).default(10_000),
  /** Give up following after this long (the jobs go on on the server). */
  timeoutMs: z
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 3600_000)
    .optional(),
});
export type JobsFollowStart = z.infer<typeof jobsFollowStartSchema>;

export const followedJobSchema = z.object({
  id: z.string(),
  /** Tableau's job type, e.g. RefreshExtract. */
  type: z.string(),
  status: z.enum([...JOB_STATUSES, 'Unknown']),
  progress: z.number(),
  finishCode: z.number().nullable(),
  createdAt: z.string().nullable(),
  startedAt: z.string().nullable(),
  completedAt: z.string().nullable(),
  /** What the job works on, e.g. the workbook refreshed. */
  target: z.object({ kind: z.string(), id: z.string(), name: z.string() }).nullable(),
  /** Notes the server wrote (e.g. why a refresh failed). */
  notes: z.array(z.string()),
  /** Why the job could not be started or followed (not the job's own failure). */
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  /** Polls made for this job. */
  polls: z.number().int(),
});
export type FollowedJob = z.infer<typeof followedJobSchema>;

/** A job known only by its id, before its first poll. */
export const blankJob = (id: string): FollowedJob => ({
  id,
  type: '',
  status: 'Unknown',
  progress: 0,
  finishCode: null,
  createdAt: null,
  startedAt: null,
  completedAt: null,
  target: null,
  notes: [],
  error: null,
  polls: 0,
});

export const jobsFollowOutcomeSchema = z.object({
  kind: z.literal('jobsFollow'),
  /** Each job as last seen; while the operation runs, `operations:get` has them so far. */
  jobs: z.array(followedJobSchema),
  /** Set when following stopped at `timeoutMs` with jobs still running. */
  timedOut: z.boolean(),
});
export type JobsFollowOutcome = z.infer<typeof jobsFollowOutcomeSchema>;

/** Reads Tableau's `<job>` (Query Job, a refresh's 202 answer) as JSON. */
export function readJob(body: unknown): Omit<FollowedJob, 'error' | 'polls'> | null {
  const job = (body as { job?: Record<string, unknown> } | null)?.job;
  if (!job || typeof job.id !== 'string') return null;
  const str = (v: unknown) => (v === undefined || v === null ? null : String(v));
  const finishCode = job.finishCode === undefined ? null : Number(job.finishCode);
  const progress = Number(job.progress ?? 0);
  const completedAt = str(job.completedAt);
  const status: FollowedJob['status'] =
    completedAt !== null && finishCode === 0
      ? 'Success'
      : completedAt !== null && finishCode === 1
        ? 'Failed'
        : completedAt !== null && finishCode === 2
          ? 'Cancelled'
          : job.startedAt
            ? 'InProgress'
            : 'Pending';
  let target: FollowedJob['target'] = null;
  const notes: string[] = [];
  for (const [key, value] of Object.entries(job)) {
    if (!value || typeof value !== 'object' || Array.isArray(value)) continue;
    const detail = value as Record<string, unknown>;
    for (const kind of ['workbook', 'datasource', 'flow', 'group']) {
      const item = detail[kind] as { id?: string; name?: string } | undefined;
      if (item?.id) target = { kind, id: item.id, name: item.name ?? '' };
    }
    const n = detail.notes;
    if (typeof n === 'string') notes.push(n);
    else if (Array.isArray(n)) notes.push(...n.map(String));
    if (key === 'statusNotes') notes.push(JSON.stringify(detail));
  }
  return {
    id: job.id,
    type: String(job.type ?? ''),
    status,
    progress: Number.isFinite(progress) ? progress : 0,
    finishCode: Number.isFinite(finishCode) ? finishCode : null,
    createdAt: str(job.createdAt),
    startedAt: str(job.startedAt),
    completedAt,
    target,
    notes,
  };
}

/** ISO 8601 with seconds, as Tableau's filters take it (`2026-12-02T08:00:00Z`). */
const isoTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?(\.\d+)?Z$/, 'A time as 2026-12-02T08:00:00Z.');

/** What Query Jobs can be asked for: a status, a job type and time ranges. */
export const jobsQuerySchema = z.object({
  status: z.enum(JOB_STATUSES).optional(),
  /** Query Jobs' `jobType`, snake case: `refresh_extracts`, `publish_workbook`… */
  type: z
    .string()
    .regex(/^[a-z_]{1,60}$/, 'A job type such as refresh_extracts.')
    .optional(),
  createdAfter: isoTime.optional(),
  createdBefore: isoTime.optional(),
  startedAfter: isoTime.optional(),
  startedBefore: isoTime.optional(),
  endedAfter: isoTime.optional(),
  endedBefore: isoTime.optional(),
});
export type JobsQuery = z.infer<typeof jobsQuerySchema>;

/** Query Jobs' filter expression (`status:eq:Failed,jobType:eq:refresh_extracts,createdAt:gte:…`). */
export function jobsFilter(options: { [K in keyof JobsQuery]?: string }): string | null {
  const parts: string[] = [];
  if (options.status) parts.push(`status:eq:${options.status}`);
  if (options.type) parts.push(`jobType:eq:${options.type}`);
  // Tableau's filter names the end of a job `completedAt` (the list shows it as endedAt).
  const ranges: [string | undefined, string][] = [
    [options.createdAfter, 'createdAt:gte'],
    [options.createdBefore, 'createdAt:lte'],
    [options.startedAfter, 'startedAt:gte'],
    [options.startedBefore, 'startedAt:lte'],
    [options.endedAfter, 'completedAt:gte'],
    [options.endedBefore, 'completedAt:lte'],
  ];
  for (const [value, field] of ranges) if (value) parts.push(`${field}:${value}`);
  return parts.length ? parts.join(',') : null;
}

/** One row of Query Jobs (`<backgroundJob>`), as the Jobs view lists it. */
export const jobRowSchema = z.object({
  id: z.string(),
  status: z.string(),
  /** `refresh_extracts`, `publish_workbook`… */
  jobType: z.string(),
  /** The item's name (or the job type), and what it is ("Workbook", "Data Source"). */
  title: z.string(),
  subtitle: z.string(),
  priority: z.number().nullable(),
  createdAt: z.string().nullable(),
  startedAt: z.string().nullable(),
  endedAt: z.string().nullable(),
});
export type JobRow = z.infer<typeof jobRowSchema>;

/** Reads a Query Jobs item (JSON from `<backgroundJob>`). */
export function readJobRow(item: Record<string, unknown>): JobRow {
  const str = (v: unknown) => (v === undefined || v === null || v === '' ? null : String(v));
  const priority = Number(item.priority);
  return {
    id: String(item.id ?? ''),
    status: String(item.status ?? ''),
    jobType: String(item.jobType ?? ''),
    title: String(item.title ?? ''),
    subtitle: String(item.subtitle ?? ''),
    priority: Number.isFinite(priority) ? priority : null,
    createdAt: str(item.createdAt),
    startedAt: str(item.startedAt),
    endedAt: str(item.endedAt ?? item.completedAt),
  };
}

/** A workbook or data source whose extract can be refreshed now ("Refresh extracts…"). */
export const refreshableSchema = z.object({
  type: z.enum(['workbook', 'datasource']),
  id: z.string(),
  name: z.string(),
  project: z.string(),
  hasExtracts: z.boolean(),
});
export type Refreshable = z.infer<typeof refreshableSchema>;

/** Tableau's finish code in words. */
export function finishCodeText(code: number | null): string {
  if (code === 0) return '0 — the job succeeded.';
  if (code === 1) return '1 — the job failed (its notes say why).';
  if (code === 2) return '2 — the job was cancelled.';
  return 'None yet — the job has not ended.';
}
