import fs from 'node:fs';
import { parseCommandLine, UsageError, type FlagSpec } from '../../engine/host/cli-args';
import {
  rotationReportCsv,
  type ConnectionRotationOutcome,
} from '../../shared/siteops/connections';
import { CliError, EXIT, type Command } from '../command';
import { CONNECTION_HELP, connectionFlags } from '../connection-flags';
import { checkOutPath, seconds } from '../output';
import { withSession } from '../with-session';

const flags = {
  ...connectionFlags,
  'match-server': { kind: 'string', description: 'connections to this server address' },
  'match-port': { kind: 'string', description: 'and this port' },
  'match-username': { kind: 'string', description: 'and this user name' },
  'match-type': { kind: 'string', description: 'and this database type (postgres, sqlserver…)' },
  'new-server': { kind: 'string', description: 'the new server address' },
  'new-port': { kind: 'string', description: 'the new port' },
  'new-username': { kind: 'string', description: 'the new user name' },
  'new-password-env': {
    kind: 'string',
    description: 'the new password, from this environment variable',
  },
  'no-embed': { kind: 'boolean', description: 'do not embed the password' },
  'dry-run': { kind: 'boolean', description: 'list what would change; send nothing' },
  report: { kind: 'string', description: 'write the before/after report as CSV to FILE' },
  concurrency: { kind: 'number', description: 'connections at once (1–10, default 4)' },
  help: { kind: 'boolean', description: 'show this help' },
} satisfies FlagSpec;

const HELP = `Change the server, port, user name or password of every matching data connection
of the site's workbooks and data sources.

Usage: trestle connections update --match-server OLD [--match-port P] [--match-username U]
         [--match-type T] [--new-server NEW] [--new-port P] [--new-username U] [--new-password-env VAR]
         [--no-embed] [--dry-run] [--report FILE.csv] <connection>

  Every workbook's and data source's connections are read; those matching all the --match-…
  flags (server names without case) are updated one by one, and each result is printed.
  (--server is the Tableau server to sign in to, as for every command; the new database
  server is --new-server.)
  --dry-run         print what would change (before → after); nothing is sent
  --new-password-env V  the new password is read from V (never from the command line); it is sent
                    to Tableau in the update and is never printed, logged or written
  --no-embed        do not embed the password in the connection (default: embed it)
  --report FILE     the before/after report as CSV (passwords only as "changed")

${CONNECTION_HELP}

Exit codes: 0 every matching connection updated (or previewed), 1 one failed, 2 usage error.`;

export const connectionsCommand: Command = {
  name: 'connections',
  help: HELP,
  async run(args, io) {
    const { flags: options, positionals } = parseCommandLine(args, flags);
    if (options.help) {
      io.stdout.write(`${HELP}\n`);
      return EXIT.ok;
    }
    const [verb, extra] = positionals;
    if (verb !== 'update')
      throw new UsageError(verb ? `Unknown “connections ${verb}”: use update.` : 'Say update.');
    if (extra) throw new UsageError(`Unexpected argument “${extra}”.`);
    const match = {
      serverAddress: options['match-server'],
      serverPort: options['match-port'],
      userName: options['match-username'],
      type: options['match-type'],
    };
    if (!Object.values(match).some(Boolean))
      throw new UsageError('Say which connections: --match-server OLD (or --match-username, …).');
    let password: string | undefined;
    if (options['new-password-env']) {
      password = io.env[options['new-password-env']];
      if (!password)
        throw new CliError(
          `The environment variable ${options['new-password-env']} is not set.`,
          EXIT.usage,
        );
    }
    const change = {
      ...(options['new-server'] ? { serverAddress: options['new-server'] } : {}),
      ...(options['new-port'] ? { serverPort: options['new-port'] } : {}),
      ...(options['new-username'] ? { userName: options['new-username'] } : {}),
      ...(password ? { password } : {}),
      ...(options['no-embed'] ? { embedPassword: false } : {}),
    };
    if (Object.keys(change).length === 0)
      throw new UsageError(
        'Say what to change: --new-server, --new-port, --new-username or --new-password-env.',
      );
    for (const p of [options['new-port'], options['match-port']])
      if (p !== undefined && !/^\d{1,5}$/.test(p))
        throw new UsageError(`The port “${p}” is not a number.`);
    const concurrency = options.concurrency ?? 4;
    if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 10)
      throw new UsageError('--concurrency must be a whole number from 1 to 10.');
    checkOutPath(options.report);
    const dryRun = Boolean(options['dry-run']);
    return withSession(options, io, async (session, runOperation) => {
      if (!dryRun) await session.confirmWrites('connection updates');
      const final = await runOperation({
        kind: 'connectionRotation',
        match: Object.fromEntries(Object.entries(match).filter(([, v]) => v !== undefined)),
        change,
        dryRun,
        concurrency,
      });
      const outcome =
        final.outcome?.kind === 'connectionRotation'
          ? (final.outcome as ConnectionRotationOutcome)
          : null;
      if (!outcome)
        throw new CliError(final.error?.message ?? 'The connections could not be read.');
      for (const c of outcome.connections) {
        const mark = c.state === 'failed' ? '✘' : c.state === 'updated' ? '✔' : '-';
        const diff = (['serverAddress', 'serverPort', 'userName', 'embedPassword'] as const)
          .filter((f) => c.before[f] !== c.after[f])
          .map((f) => `${f} ${c.before[f]} → ${c.after[f]}`);
        if (c.passwordChanged) diff.push('password changed');
        io.stdout.write(
          `${mark} ${c.itemType} “${c.itemName}” ${c.type} ${c.connectionId}: ${diff.join(', ') || 'no change'}${c.error ? ` — ${c.error.code}: ${c.error.message}` : ''}\n`,
        );
      }
      if (options.report) {
        const temp = `${options.report}.${process.pid}.tmp`;
        fs.writeFileSync(temp, rotationReportCsv(outcome));
        fs.renameSync(temp, options.report);
      }
      const failed = outcome.connections.filter((c) => c.state === 'failed').length;
      const s = outcome.scanned;
      io.stderr.write(
        `${outcome.connections.length} of ${s.connections} connections (${s.workbooks} workbooks, ${s.datasources} data sources) match; ${dryRun ? 'dry run, nothing was sent' : `${outcome.connections.length - failed} updated, ${failed} failed`} (${seconds(final.elapsedMs)}).\n`,
      );
      if (final.state === 'cancelled') return EXIT.interrupted;
      return failed ? EXIT.failed : EXIT.ok;
    });
  },
};
