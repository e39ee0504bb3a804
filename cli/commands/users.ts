import fs from 'node:fs';
import path from 'node:path';
import { parseCommandLine, UsageError, type FlagSpec } from '../../engine/host/cli-args';
import { parseUsersCsv } from '../../shared/bulk/users-csv';
import { CSV_IMPORT_THRESHOLD, offerCsvImport } from '../../shared/bulk/users-csv-import';
import { usersJournalSchema, type UsersOutcome } from '../../shared/bulk/users-ops';
import { usersReportCsv } from '../../shared/bulk/users-report';
import type { OperationStartInput } from '../../shared/operations';
import { CliError, EXIT, type Command } from '../command';
import { CONNECTION_HELP, connectionFlags, type CliSession } from '../connection-flags';
import { seconds } from '../output';
import { withSession, type RunOperation } from '../with-session';

const flags = {
  ...connectionFlags,
  'dry-run': {
    kind: 'boolean',
    description: 'compare with the site and say what would change; send nothing',
  },
  'remove-missing': { kind: 'boolean', description: 'remove site users the file does not name' },
  'unlicense-missing': {
    kind: 'boolean',
    description: 'set site users the file does not name to Unlicensed',
  },
  concurrency: { kind: 'number', description: 'users at once (1–10, default 4)' },
  results: { kind: 'string', description: 'write the per-row results as CSV to FILE' },
  journal: {
    kind: 'string',
    description: 'write the changes made to FILE (for trestle users undo)',
  },
  auth: {
    kind: 'string',
    description: 'local (new users need a password) or external (IdP, Cloud)',
  },
  'csv-format': { kind: 'string', description: 'tabcmd or headed (default: told from line 1)' },
  'ignore-unknown-columns': {
    kind: 'boolean',
    description: 'ignore columns that mean nothing here',
  },
  'csv-import': {
    kind: 'boolean',
    description: "new users through Tableau's CSV import job (--no-csv-import: one call each)",
  },
  help: { kind: 'boolean', description: 'show this help' },
} satisfies FlagSpec;

const HELP = `Provision users from a CSV, previewed and undoable; or undo an import.

Usage: trestle users import FILE.csv [flags] <connection>
       trestle users undo JOURNAL.json [--dry-run] <connection>

  FILE.csv   tabcmd's createsiteusers format (no header: name, password, display name,
             license, admin level, publisher, email), or a headed file with columns
             name, siteRole, authSetting, email, fullName, password, groups (any order;
             groups separated by ; or |, or more group columns)

Import:
  --dry-run              compare with the live site and print what would change; nothing is sent
  --remove-missing       also remove the site's users the file does not name (never by default;
                         administrators and you are never removed)
  --unlicense-missing    or set them to Unlicensed instead
  --concurrency N        users at once (1-10, default 4); 429 and Retry-After are honoured
  --results FILE         the per-row results as CSV
  --journal FILE         every change made, with what was there before: trestle users undo FILE
                         reverts it (default: users-journal-<time>.json beside FILE.csv)
  --auth local|external  local: new users need a password (Tableau Server's own identity
                         store); external: AD, SAML, OpenID, Tableau Cloud (default: external
                         for Tableau Cloud, local otherwise)
  --csv-format tabcmd|headed
  --ignore-unknown-columns  go on when the file has columns Trestle does not know (listed)
  --csv-import           create the new users with Tableau's CSV import (Import Users to Site
                         from CSV, API 3.15+): one request, then its UserImport job is followed
                         and each row's result read back from the site (a line the job skips
                         fails with the job's note); updates, groups and removals still go one
                         call each. Offered (a note on stderr) for more than ${CSV_IMPORT_THRESHOLD} new users.
  --no-csv-import        one call per user, and no note (the default without either flag)

${CONNECTION_HELP}

Exit codes: 0 every row done (or, with --dry-run, every row valid), 1 a row failed or is
invalid, 2 usage or input error (unreadable file, wrong site for a journal).`;

function fail(message: string): never {
  throw new CliError(message, EXIT.usage);
}

function readText(file: string, what: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    fail(
      `${what} ${file} cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`,
    );
  }
}

function writeAtomically(file: string, text: string): void {
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, text, { mode: 0o600 });
  fs.renameSync(temp, file);
}

/** Rows of the file without problems: at most that many users to create. */
function validRows(text: string, format: string | undefined): number {
  try {
    return parseUsersCsv(text, { format: format as 'tabcmd' | 'headed' | undefined }).rows.filter(
      (r) => r.problems.length === 0,
    ).length;
  } catch {
    return 0; // the engine refuses the file with its own message
  }
}

function summaryLines(outcome: UsersOutcome): string {
  const lines: string[] = [];
  for (const r of outcome.rows) {
    const where = r.line > 0 ? `line ${r.line}` : 'not in file';
    const mark =
      r.state === 'failed' || r.action === 'invalid' ? '✘' : r.state === 'skipped' ? '-' : '✔';
    let text = `${mark} ${where}: ${r.name || '(no name)'} — ${r.action}${r.changes ? ` (${r.changes})` : ''}`;
    if (r.problems.length) text += `\n    ${r.problems.join('\n    ')}`;
    if (r.error)
      text += `\n    ${r.error.code}: ${r.error.message}${r.error.explanation ? `\n    ${r.error.explanation}` : ''}`;
    for (const w of r.warnings) text += `\n    note: ${w}`;
    lines.push(text);
  }
  return lines.join('\n');
}

export const usersCommand: Command = {
  name: 'users',
  help: HELP,
  async run(args, io) {
    const { flags: options, positionals } = parseCommandLine(args, flags);
    if (options.help) {
      io.stdout.write(`${HELP}\n`);
      return EXIT.ok;
    }
    const [verb, file, extra] = positionals;
    if (verb !== 'import' && verb !== 'undo')
      throw new UsageError(
        verb
          ? `Unknown “users ${verb}”: use import or undo.`
          : 'Say import or undo: trestle users import FILE.csv.',
      );
    if (!file)
      throw new UsageError(
        verb === 'import' ? 'Give the CSV file.' : 'Give the journal file an import wrote.',
      );
    if (extra !== undefined) throw new UsageError(`Unexpected argument “${extra}”.`);
    const concurrency = options.concurrency ?? 4;
    if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 10)
      throw new UsageError('--concurrency must be a whole number from 1 to 10.');
    if (options['remove-missing'] && options['unlicense-missing'])
      throw new UsageError('Give --remove-missing or --unlicense-missing, not both.');
    if (options.auth !== undefined && options.auth !== 'local' && options.auth !== 'external')
      throw new UsageError('--auth is local or external.');
    const csvFormat = options['csv-format'];
    if (csvFormat !== undefined && csvFormat !== 'tabcmd' && csvFormat !== 'headed')
      throw new UsageError('--csv-format is tabcmd or headed.');
    const dryRun = Boolean(options['dry-run']);
    for (const out of [options.results, options.journal])
      if (out && !fs.existsSync(path.dirname(path.resolve(out))))
        fail(`The folder for ${out} does not exist.`);

    let start: OperationStartInput;
    if (verb === 'import') {
      start = {
        kind: 'usersImport',
        csv: { text: readText(file, 'The CSV file'), name: path.basename(file) },
        format: csvFormat as 'tabcmd' | 'headed' | undefined,
        auth: options.auth as 'local' | 'external' | undefined,
        missing: options['remove-missing']
          ? 'remove'
          : options['unlicense-missing']
            ? 'unlicense'
            : 'keep',
        ignoreUnknownColumns: Boolean(options['ignore-unknown-columns']),
        dryRun,
        concurrency,
        csvImport: options['csv-import'] === true,
      };
    } else {
      let raw: unknown;
      try {
        raw = JSON.parse(readText(file, 'The journal'));
      } catch (error) {
        if (error instanceof CliError) throw error;
        fail(`${file} is not JSON: ${(error as Error).message}`);
      }
      const journal = usersJournalSchema.safeParse(raw);
      if (!journal.success) fail(`${file} is not a journal trestle users import wrote.`);
      start = { kind: 'usersUndo', journal: journal.data, dryRun, concurrency };
    }

    const writes = dryRun
      ? undefined
      : start.kind === 'usersUndo'
        ? 'an undo of an import'
        : 'a user import';
    const work = async (session: CliSession, runOperation: RunOperation) => {
      const apiVersion = session.engine.sessions.info(session.connectionId)?.apiVersion;
      if (
        start.kind === 'usersImport' &&
        options['csv-import'] === undefined &&
        !dryRun &&
        offerCsvImport(apiVersion, validRows(start.csv?.text ?? '', csvFormat))
      )
        io.stderr.write(
          `Note: a large file on API ${apiVersion}: --csv-import creates the new users with Tableau's CSV import (one request and a job) instead of one call each. Going one call per user (--no-csv-import silences this).\n`,
        );
      const final = await runOperation(start);
      const outcome =
        final.outcome?.kind === 'usersImport' ? (final.outcome as UsersOutcome) : null;
      if (!outcome)
        throw new CliError(final.error?.message ?? 'The import could not run.', EXIT.failed);
      io.stdout.write(`${summaryLines(outcome)}\n`);
      if (options.results) writeAtomically(options.results, usersReportCsv(outcome));
      if (outcome.journal && outcome.journal.entries.length > 0) {
        const journalFile =
          options.journal ??
          path.join(
            path.dirname(path.resolve(file)),
            `users-journal-${outcome.journal.at.replace(/[:.]/g, '-')}.json`,
          );
        writeAtomically(journalFile, `${JSON.stringify(outcome.journal, null, 2)}\n`);
        io.stderr.write(
          `Changes recorded in ${journalFile}: trestle users undo ${journalFile} reverts them.\n`,
        );
      }
      const c = outcome.counts;
      io.stderr.write(
        outcome.mode === 'undo'
          ? `Undo${dryRun ? ' (dry run)' : ''}: ${outcome.rows.length} changes, ${c.done} reverted, ${c.failed} failed (${seconds(final.elapsedMs)}).\n`
          : `${dryRun ? 'Dry run' : 'Import'}: ${c.create} to create, ${c.update} to update, ${c.unchanged} unchanged, ${c.invalid} invalid` +
              `${c.missing ? `, ${c.missing} not in the file` : ''}${dryRun ? '; nothing was sent' : `; ${c.done} done, ${c.failed} failed`}` +
              `${outcome.unknownColumns.length ? `; columns ignored: ${outcome.unknownColumns.join(', ')}` : ''} (${seconds(final.elapsedMs)}).\n`,
      );
      if (outcome.importJob)
        io.stderr.write(
          `Tableau's CSV import: job ${outcome.importJob.id} ${outcome.importJob.status} for ${outcome.importJob.users} new users${outcome.importJob.notes.length ? ` (${outcome.importJob.notes.join(', ')})` : ''}.\n`,
        );
      if (
        outcome.dryRun &&
        outcome.mode === 'import' &&
        options['csv-import'] === undefined &&
        offerCsvImport(apiVersion, c.create)
      )
        io.stderr.write(
          `${c.create} new users: --csv-import would create them with Tableau's CSV import (one request and a job) instead of one call each.\n`,
        );
      if (final.state === 'cancelled') return EXIT.interrupted;
      return c.failed > 0 || c.invalid > 0 ? EXIT.failed : EXIT.ok;
    };
    return withSession(options, io, work, { writes });
  },
};
