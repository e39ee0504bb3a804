import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  importCsv,
  importPayload,
  readImportNotes,
  type ImportUser,
} from '../../shared/bulk/users-csv-import';
import type { UserRowResult } from '../../shared/bulk/users-ops';
import type { SiteUser } from '../../shared/bulk/users-plan';
import { readJob, type FollowedJob } from '../../shared/siteops/jobs';
import { pause } from './jobs';
import type { OperationContext } from './operations';
import { CallError, SiteCalls } from './site-calls';

export interface ImportedRow {
  line: number;
  user: ImportUser;
}

export interface ImportJobResult {
  job: { id: string; status: string; notes: string[] };
  /** Per file line: the id of the user the job created, or why it did not. */
  rows: Map<number, { userId: string } | { error: NonNullable<UserRowResult['error']> }>;
}

/**
 * The new users of a file through Tableau's CSV import: the header-less file written to a
 * temporary file and streamed as multipart/mixed, the UserImport job followed to its end
 * (its progress shown as the operation's), then the site's users read to tell, row by row,
 * which user the job created (its id) and which it did not (the job's note for that line, or
 * plainly "not created"). Cancelling cancels the job and still reads what it created, so the
 * journal misses nothing.
 */
export async function importUsersByJob(
  ctx: OperationContext,
  calls: SiteCalls,
  rows: ImportedRow[],
  before: SiteUser[],
  follow: { calls: () => SiteCalls; intervalMs: number; maxIntervalMs: number },
): Promise<ImportJobResult> {
  const users = rows.map((r) => r.user);
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'trestle-users-'));
  const file = path.join(dir, 'tsc_users_file.csv');
  let job: FollowedJob | null = null;
  let jobBody: unknown = null;
  try {
    await fs.promises.writeFile(file, importCsv(users), 'utf8');
    ctx.progress({
      status: `Sending ${users.length.toLocaleString('en-US')} new users to Tableau’s CSV import…`,
    });
    const { body } = await calls.send('POST', '/users/import', {
      kind: 'multipart',
      text: importPayload(users),
      payloadType: 'xml',
      files: [
        {
          name: 'tableau_user_import',
          path: file,
          filename: 'tsc_users_file.csv',
          contentType: 'file',
        },
      ],
    });
    const started = readJob(body);
    if (!started)
      throw new CallError('bulk.noJob', 'Import Users from CSV answered without a job.');
    job = { ...started, error: null, polls: 0 };
  } finally {
    await fs.promises.rm(dir, { recursive: true, force: true });
  }

  // Follow the job; once cancelled, calls go through a fresh signal so the cleanup is done.
  let interval = follow.intervalMs;
  let poller = calls;
  let cancelled = false;
  while (!['Success', 'Failed', 'Cancelled'].includes(job.status)) {
    if (ctx.signal.aborted && !cancelled) {
      cancelled = true;
      poller = follow.calls();
      await poller.call('PUT', `/jobs/${encodeURIComponent(job.id)}`).catch(() => undefined);
    }
    if (!cancelled) await pause(interval, ctx.signal);
    const { body } = await poller.call('GET', `/jobs/${encodeURIComponent(job.id)}`);
    const now = readJob(body);
    if (!now) throw new CallError('bulk.noJob', 'Query Job answered without a job.');
    interval =
      now.progress !== job.progress
        ? follow.intervalMs
        : Math.min(follow.maxIntervalMs, Math.round(interval * 1.5));
    job = { ...now, error: null, polls: job.polls + 1 };
    jobBody = body;
    ctx.progress({
      done: Math.floor((job.progress / 100) * users.length),
      total: users.length,
      status: `Tableau’s import job: ${job.status === 'Pending' ? 'waiting to start' : `${job.progress}%`} of ${users.length.toLocaleString('en-US')} new users`,
    });
  }

  ctx.progress({ status: 'Reading the site’s users to match the import’s results…' });
  const reader = ctx.signal.aborted ? follow.calls() : calls;
  const existed = new Set(before.map((u) => u.name.toLowerCase()));
  const now = new Map(
    (await reader.listAll('/users')).map((u) => [String(u.name).toLowerCase(), String(u.id)]),
  );
  const notes = readImportNotes(jobBody);
  const result: ImportJobResult['rows'] = new Map();
  rows.forEach((row, i) => {
    const key = row.user.name.toLowerCase();
    const id = now.get(key);
    const note = notes.lines.get(i + 1);
    if (id && !existed.has(key)) result.set(row.line, { userId: id });
    else if (note) result.set(row.line, { error: { code: 'bulk.importSkipped', message: note } });
    else if (job.status === 'Cancelled')
      result.set(row.line, {
        error: { code: 'operation.cancelled', message: 'Not done: the import job was cancelled.' },
      });
    else
      result.set(row.line, {
        error: {
          code: 'bulk.notImported',
          message: `Tableau’s import job ended (${job.status}) without adding this user, and its notes do not say why.`,
        },
      });
  });
  return {
    job: {
      id: job.id,
      status: job.status,
      notes: [...Object.entries(notes.counts).map(([type, n]) => `${type}: ${n}`), ...notes.other],
    },
    rows: result,
  };
}
