import { parseCommandLine, UsageError, type FlagSpec } from '../../engine/host/cli-args';
import type { FollowedJob, JobsFollowOutcome } from '../../shared/siteops/jobs';
import { CliError, EXIT, type Command } from '../command';
import { CONNECTION_HELP, connectionFlags } from '../connection-flags';
import { jobLine, reportFollow } from './jobs';
import { withSession } from '../with-session';

const flags = {
  ...connectionFlags,
  wait: { kind: 'boolean', description: 'follow the refresh jobs until they end' },
  timeout: { kind: 'number', description: 'with --wait: stop following after S seconds' },
  concurrency: { kind: 'number', description: 'refreshes started at once (1–10, default 2)' },
  help: { kind: 'boolean', description: 'show this help' },
} satisfies FlagSpec;

const HELP = `Start extract refreshes ("update now") of workbooks or data sources.

Usage: trestle refresh workbook|datasource ID… [--wait [--timeout S]] <connection>

  Each refresh starts a job; its id is printed (trestle jobs wait ID follows it later).
  --wait          follow the jobs until each ends, polling less often while nothing changes
  --timeout S     with --wait: stop following after S seconds (the jobs go on)
  --concurrency N refreshes started at once (default 2); 429 and Retry-After are honoured,
                  and a refresh the server refuses (e.g. a Tableau Cloud refresh limit) is
                  reported with Tableau's explanation

${CONNECTION_HELP}

Exit codes: 0 every refresh started (and, with --wait, succeeded), 1 one did not, 2 usage error.`;

export const refreshCommand: Command = {
  name: 'refresh',
  help: HELP,
  async run(args, io) {
    const { flags: options, positionals } = parseCommandLine(args, flags);
    if (options.help) {
      io.stdout.write(`${HELP}\n`);
      return EXIT.ok;
    }
    const [type, ...ids] = positionals;
    if (type !== 'workbook' && type !== 'datasource')
      throw new UsageError('Say what to refresh: trestle refresh workbook|datasource ID….');
    if (ids.length === 0) throw new UsageError(`Give one or more ${type} ids.`);
    const bad = ids.find((id) => !/^[0-9A-Za-z-]{1,100}$/.test(id));
    if (bad) throw new UsageError(`“${bad}” is not a ${type} id.`);
    const concurrency = options.concurrency ?? 2;
    if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 10)
      throw new UsageError('--concurrency must be a whole number from 1 to 10.');
    if (options.timeout !== undefined && !(options.timeout > 0))
      throw new UsageError('--timeout is a number of seconds above 0.');
    return withSession(options, io, async (session, runOperation) => {
      await session.confirmWrites(`${type} extract refreshes`);
      const final = await runOperation({
        kind: 'jobsFollow',
        refresh: { type, ids },
        concurrency,
        // Without --wait: start the refreshes and stop at once (every job "times out" at 0).
        ...(options.wait
          ? options.timeout !== undefined
            ? { timeoutMs: Math.round(options.timeout * 1000) }
            : {}
          : { timeoutMs: 1 }),
      });
      if (options.wait) return reportFollow(final, io);
      const outcome =
        final.outcome?.kind === 'jobsFollow' ? (final.outcome as JobsFollowOutcome) : null;
      if (!outcome) throw new CliError(final.error?.message ?? 'The refreshes could not start.');
      const started = outcome.jobs.filter((j: FollowedJob) => !j.error);
      for (const job of outcome.jobs) io.stdout.write(`${jobLine(job)}\n`);
      io.stderr.write(
        `${started.length} of ${ids.length} refresh(es) started${started.length ? `: trestle jobs wait ${started.map((j) => j.id).join(' ')}` : ''}.\n`,
      );
      return started.length === ids.length ? EXIT.ok : EXIT.failed;
    });
  },
};
