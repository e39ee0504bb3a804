import { cancelJob, listJobs } from '../../engine/operations/jobs';
import { SiteCalls } from '../../engine/operations/site-calls';
import { parseCommandLine, UsageError, type FlagSpec } from '../../engine/host/cli-args';
import {
  JOB_END_STATES,
  JOB_STATUSES,
  type FollowedJob,
  type JobsFollowOutcome,
} from '../../shared/siteops/jobs';
import type { OperationSnapshot } from '../../shared/operations';
import { CliError, EXIT, writeChunks, type Command, type Io } from '../command';
import { CONNECTION_HELP, connectionFlags } from '../connection-flags';
import { formatChunks, parseFormat, seconds } from '../output';
import { withSession } from '../with-session';

const flags = {
  ...connectionFlags,
  status: { kind: 'string', description: 'list: only jobs in this status' },
  type: { kind: 'string', description: 'list: only jobs of this type (refresh_extracts…)' },
  'created-after': { kind: 'string', description: 'list: only jobs created since (ISO 8601)' },
  format: { kind: 'string', description: 'list: table, json or csv (default table)' },
  timeout: { kind: 'number', description: 'wait: stop following after S seconds' },
  help: { kind: 'boolean', description: 'show this help' },
} satisfies FlagSpec;

const HELP = `Query, follow and cancel Tableau's background jobs.

Usage: trestle jobs list [--status S] [--type T] [--created-after TIME] [--format F] <connection>
       trestle jobs wait JOB_ID… [--timeout S] <connection>
       trestle jobs cancel JOB_ID… <connection>

  list     Query Jobs, newest first. --status: ${JOB_STATUSES.join(', ')};
           --type: Tableau's job type as Query Jobs writes it (refresh_extracts,
           publish_workbook, run_flow…); --created-after 2026-01-01T00:00:00Z
  wait     follows each job until it ends, polling less often while nothing changes;
           prints each job's end (status, notes). --timeout S stops following after S
           seconds (the jobs go on on the server)
  cancel   Cancel Job; a job that already ended stays as it was

${CONNECTION_HELP}

Exit codes: 0 every job succeeded (or was listed/cancelled), 1 a job failed, was cancelled,
could not be read or was still running at --timeout, 2 usage error.`;

const LUID = /^[0-9A-Za-z-]{1,100}$/;

/** One line per job: its end, or where it stood. */
export function jobLine(job: FollowedJob): string {
  const mark =
    job.status === 'Success'
      ? '✔'
      : JOB_END_STATES.has(job.status as never) || job.error
        ? '✘'
        : '…';
  const what = job.target ? `${job.target.kind} “${job.target.name}”` : job.type;
  if (job.error) return `${mark} ${job.id}: ${job.error.code}: ${job.error.message}`;
  return `${mark} ${job.id} ${job.type} ${what}: ${job.status}${job.status === 'InProgress' ? ` ${job.progress}%` : ''}${job.notes.length ? ` — ${job.notes.join(' ')}` : ''}`;
}

/** Prints a follow operation's jobs and says how it ended; the exit code. */
export function reportFollow(final: OperationSnapshot, io: Io): number {
  const outcome =
    final.outcome?.kind === 'jobsFollow' ? (final.outcome as JobsFollowOutcome) : null;
  if (!outcome) throw new CliError(final.error?.message ?? 'The jobs could not be followed.');
  for (const job of outcome.jobs) io.stdout.write(`${jobLine(job)}\n`);
  const ok = outcome.jobs.filter((j) => j.status === 'Success').length;
  io.stderr.write(
    `${ok} of ${outcome.jobs.length} job(s) succeeded${outcome.timedOut ? '; following stopped at the timeout, the rest go on on the server' : ''} (${seconds(final.elapsedMs)}).\n`,
  );
  if (final.state === 'cancelled') return EXIT.interrupted;
  return ok === outcome.jobs.length ? EXIT.ok : EXIT.failed;
}

export const jobsCommand: Command = {
  name: 'jobs',
  help: HELP,
  async run(args, io) {
    const { flags: options, positionals } = parseCommandLine(args, flags);
    if (options.help) {
      io.stdout.write(`${HELP}\n`);
      return EXIT.ok;
    }
    const [verb, ...ids] = positionals;
    if (verb !== 'list' && verb !== 'wait' && verb !== 'cancel')
      throw new UsageError(
        verb ? `Unknown “jobs ${verb}”: use list, wait or cancel.` : 'Say list, wait or cancel.',
      );
    if (verb === 'list') {
      if (ids.length) throw new UsageError(`Unexpected argument “${ids[0]}”.`);
      if (options.status && !(JOB_STATUSES as readonly string[]).includes(options.status))
        throw new UsageError(`--status is one of ${JOB_STATUSES.join(', ')}.`);
      if (options['created-after'] && Number.isNaN(Date.parse(options['created-after'])))
        throw new UsageError('--created-after is a time such as 2026-01-01T00:00:00Z.');
      const format = parseFormat(options.format ?? 'table');
      return withSession(options, io, async (session) => {
        const calls = new SiteCalls(
          session.engine.executor,
          await session.engine.resolve(session.connectionId),
          new AbortController().signal,
        );
        const jobs = await listJobs(calls, {
          status: options.status,
          type: options.type,
          createdAfter: options['created-after'],
        });
        await writeChunks(io.stdout, formatChunks({ kind: 'items', items: jobs }, format));
        io.stderr.write(`${jobs.length} job(s).\n`);
        return EXIT.ok;
      });
    }
    if (ids.length === 0) throw new UsageError('Give one or more job ids.');
    const bad = ids.find((id) => !LUID.test(id));
    if (bad) throw new UsageError(`“${bad}” is not a job id.`);
    const timeout = options.timeout;
    if (timeout !== undefined && !(timeout > 0))
      throw new UsageError('--timeout is a number of seconds above 0.');
    return withSession(options, io, async (session, runOperation) => {
      if (verb === 'cancel') {
        await session.confirmWrites('Cancel Job');
        const calls = new SiteCalls(
          session.engine.executor,
          await session.engine.resolve(session.connectionId),
          new AbortController().signal,
        );
        let failed = 0;
        for (const id of ids) {
          try {
            io.stdout.write(`${jobLine(await cancelJob(calls, id))}\n`);
          } catch (error) {
            failed++;
            io.stdout.write(`✘ ${id}: ${(error as Error).message}\n`);
          }
        }
        return failed ? EXIT.failed : EXIT.ok;
      }
      const final = await runOperation({
        kind: 'jobsFollow',
        jobIds: ids,
        ...(timeout !== undefined ? { timeoutMs: Math.round(timeout * 1000) } : {}),
      });
      return reportFollow(final, io);
    });
  },
};
