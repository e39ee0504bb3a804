import fs from 'node:fs';
import path from 'node:path';
import { parseCommandLine, UsageError, type FlagSpec } from '../../engine/host/cli-args';
import { collectionFolderSchema, type CollectionFolder } from '../../shared/documents';
import { migrate } from '../../shared/migrate';
import type { RunOutcome, StepResult } from '../../shared/run';
import { runReportCsv, runReportJson, runReportJunit } from '../../shared/run-report';
import { CliError, EXIT, type Command } from '../command';
import { CONNECTION_HELP, connectionFlags, type CliSession } from '../connection-flags';
import { seconds } from '../output';
import { DEFAULT_DATA_DIR } from '../saved-connections';
import { withSession, type RunOperation } from '../with-session';

const flags = {
  ...connectionFlags,
  data: {
    kind: 'string',
    description: 'iteration data: a CSV (with a header line) or a JSON array',
  },
  env: {
    kind: 'string',
    multiple: true,
    description: 'a variable for the run, NAME=VALUE (repeatable)',
  },
  'secret-env': {
    kind: 'string',
    multiple: true,
    description:
      'a secret variable NAME=ENVVAR, its value read from the environment variable ENVVAR',
  },
  bail: { kind: 'boolean', description: 'stop at the first failed step' },
  'delay-ms': { kind: 'number', description: 'pause between requests, in ms' },
  concurrency: { kind: 'number', description: 'rows of data run at once (1–10, default 1)' },
  reporter: {
    kind: 'string',
    description: 'comma-separated: cli, json:FILE, csv:FILE, junit:FILE (default cli)',
  },
  help: { kind: 'boolean', description: 'show this help' },
} satisfies FlagSpec;

const HELP = `Run the requests of a collection or folder in order, as the app's Run does.

Usage: trestle run COLLECTION[/FOLDER...] [flags] <connection>
       trestle run FILE.json[:FOLDER/...] [flags] <connection>

  COLLECTION   a collection saved in Trestle (--data-dir, default the web host's folder),
               by name; /FOLDER/... picks a folder inside it
  FILE.json    a collection file: Trestle's collections document or one collection

Run:
  --data FILE            iteration data, one pass per row: CSV with a header line, or a
                         JSON array of objects; {{column}} is the row's value
  --env NAME=VALUE       a variable for the whole run (repeatable)
  --secret-env NAME=VAR  a secret variable whose value is read from the environment variable VAR
                         (never from the command line); masked in every result and report
  --bail                 stop at the first failed step (the rest are skipped)
  --delay-ms N           pause between requests of a row
  --concurrency N        rows at once (1-10, default 1); a row's steps run in order
  --reporter LIST        cli (a line per step on stdout), json:FILE, csv:FILE, junit:FILE

${CONNECTION_HELP}

Requests pass on a 2xx or 3xx answer and on every assertion saved with them; captures set
variables for the later steps of the row. The session is signed in once for the run, and
renewed if it expires.

Exit codes: 0 every step passed, 1 a step failed or was skipped, 2 usage or input error
(unknown collection, unreadable data file, bad JSON path: nothing is sent).

Example (cron, a report for CI):
  trestle run "Nightly checks" --reporter cli,junit:checks.xml \\
    --server https://tableau.example.com --site finance \\
    --pat-name ci-bot --pat-secret-env TABLEAU_PAT_SECRET`;

type Reporter = { kind: 'cli' } | { kind: 'json' | 'csv' | 'junit'; file: string };

function parseReporters(text: string | undefined): Reporter[] {
  if (!text) return [{ kind: 'cli' }];
  return text.split(',').map((part) => {
    const [kind, ...rest] = part.trim().split(':');
    const file = rest.join(':');
    if (kind === 'cli' && !file) return { kind: 'cli' };
    if ((kind === 'json' || kind === 'csv' || kind === 'junit') && file) {
      const dir = path.dirname(path.resolve(file));
      if (!fs.existsSync(dir))
        throw new UsageError(`--reporter ${kind}: the folder ${dir} does not exist.`);
      return { kind, file };
    }
    throw new UsageError(`--reporter “${part}”: use cli, json:FILE, csv:FILE or junit:FILE.`);
  });
}

function parseEnv(pairs: string[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of pairs ?? []) {
    const at = pair.indexOf('=');
    if (at < 1) throw new UsageError(`--env “${pair}”: write NAME=VALUE.`);
    out[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return out;
}

function readJsonFile(file: string, what: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new CliError(
      `${what} ${file} cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`,
      EXIT.usage,
    );
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, '')) as unknown;
  } catch (error) {
    throw new CliError(
      `${what} ${file} is not valid JSON: ${(error as Error).message}`,
      EXIT.usage,
    );
  }
}

/** The collections a file holds: Trestle's collections document, or one collection. */
function collectionsInFile(file: string): CollectionFolder[] {
  const raw = readJsonFile(file, 'The collection file');
  if (raw && typeof raw === 'object' && 'schemaVersion' in raw) {
    try {
      return migrate('collections', raw).collections;
    } catch (error) {
      throw new CliError(
        `${file} is not a Trestle collections document: ${(error as Error).message}`,
        EXIT.usage,
      );
    }
  }
  const one = collectionFolderSchema.safeParse(raw);
  if (one.success) return [one.data];
  throw new CliError(
    `${file} is neither a Trestle collections document nor one collection (id, name, folders, requests).`,
    EXIT.usage,
  );
}

function savedCollections(dataDir: string): CollectionFolder[] {
  for (const name of ['collections.json', 'trestle-collections.json']) {
    const file = path.join(dataDir, name);
    if (fs.existsSync(file)) return collectionsInFile(file);
  }
  throw new CliError(
    `No saved collections in ${dataDir} (give --data-dir, or a collection file).`,
    EXIT.usage,
  );
}

/** Picks the collection and folder a `NAME/FOLDER/...` path names, case-insensitively. */
/** The requests of the run that write (any method but GET; a Metadata API query reads). */
function writesIn(root: CollectionFolder, folderId: string | undefined): string[] {
  const writes: string[] = [];
  const stack = [root];
  let start: CollectionFolder | undefined = folderId === undefined ? root : undefined;
  while (!start && stack.length) {
    const folder = stack.pop() as CollectionFolder;
    if (folder.id === folderId) start = folder;
    else stack.push(...folder.folders);
  }
  const todo = start ? [start] : [];
  while (todo.length) {
    const folder = todo.pop() as CollectionFolder;
    for (const r of folder.requests)
      if (r.spec.method !== 'GET' && r.spec.body.kind !== 'graphql')
        writes.push(`“${r.name}” (${r.spec.method})`);
    todo.push(...folder.folders);
  }
  return writes;
}

function pick(
  collections: CollectionFolder[],
  names: string[],
  where: string,
): { root: CollectionFolder; folderId?: string } {
  const same = (a: string, b: string) =>
    a.localeCompare(b, undefined, { sensitivity: 'accent' }) === 0;
  const [first, ...rest] = names;
  const root =
    first === undefined
      ? collections.length === 1
        ? collections[0]
        : undefined
      : collections.find((c) => same(c.name, first));
  if (!root) {
    const known = collections.map((c) => `“${c.name}”`).join(', ') || 'none';
    throw new CliError(
      first === undefined
        ? `${where} holds ${collections.length} collections (${known}): name one.`
        : `No collection “${first}” in ${where} (there are: ${known}).`,
      EXIT.usage,
    );
  }
  let folder = root;
  for (const name of rest) {
    const next = folder.folders.find((f) => same(f.name, name));
    if (!next)
      throw new CliError(
        `“${folder.name}” has no folder “${name}” (its folders: ${folder.folders.map((f) => `“${f.name}”`).join(', ') || 'none'}).`,
        EXIT.usage,
      );
    folder = next;
  }
  return { root, folderId: folder === root ? undefined : folder.id };
}

function stepLine(r: StepResult, rows: number): string {
  const mark = r.state === 'passed' ? '✔' : r.state === 'failed' ? '✘' : '-';
  const where = `${rows > 1 ? `row ${r.row} ` : ''}${r.step}. ${r.name}`;
  const answer = r.status === null ? 'not sent' : `${r.status} in ${seconds(r.totalMs ?? 0)}`;
  const lines = [`${mark} ${where} — ${r.method} ${answer}`];
  for (const c of r.captures)
    lines.push(
      `    ${c.value === null ? `${c.name} not set: ${c.message}` : `set ${c.name} = ${c.value}`}`,
    );
  for (const a of r.assertions)
    if (!a.passed) lines.push(`    assertion failed: ${a.label} (${a.message})`);
  if (r.error && r.state !== 'passed') {
    lines.push(`    ${r.error.code}: ${r.error.message}`);
    if (r.error.explanation) lines.push(`    ${r.error.explanation}`);
  }
  return lines.join('\n');
}

export const runCommand: Command = {
  name: 'run',
  help: HELP,
  async run(args, io) {
    const { flags: options, positionals } = parseCommandLine(args, flags);
    if (options.help) {
      io.stdout.write(`${HELP}\n`);
      return EXIT.ok;
    }
    if (positionals.length !== 1)
      throw new UsageError(
        positionals.length === 0
          ? 'Name the collection (or folder) to run, e.g. trestle run "Onboarding/Cleanup".'
          : `Unexpected argument “${positionals[1]}” (one collection or file).`,
      );
    const reporters = parseReporters(options.reporter);
    const variables = parseEnv(options.env);
    const secretVariables: Record<string, string> = {};
    for (const [name, envName] of Object.entries(parseEnv(options['secret-env']))) {
      const value = io.env[envName];
      if (value === undefined || value === '')
        throw new UsageError(
          `--secret-env ${name}=${envName}: the environment variable ${envName} is not set.`,
        );
      secretVariables[name] = value;
    }
    const concurrency = options.concurrency ?? 1;
    if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 10)
      throw new UsageError('--concurrency must be a whole number from 1 to 10.');
    const delayMs = options['delay-ms'] ?? 0;
    if (!Number.isInteger(delayMs) || delayMs < 0 || delayMs > 600_000)
      throw new UsageError('--delay-ms must be a whole number of milliseconds (0–600000).');

    // The collection: a file (FILE.json[:FOLDER/…]) or a saved one (NAME[/FOLDER/…]).
    const target = positionals[0];
    const fileMatch = /^(.*\.json)(?::(.*))?$/i.exec(target);
    let collections: CollectionFolder[];
    let names: string[];
    let where: string;
    if (fileMatch && fs.existsSync(fileMatch[1])) {
      collections = collectionsInFile(fileMatch[1]);
      where = fileMatch[1];
      names = fileMatch[2] ? fileMatch[2].split('/').filter(Boolean) : [];
      // One collection in the file: the path names its folders.
      if (collections.length === 1 && names.length > 0 && names[0] !== collections[0].name)
        names = [collections[0].name, ...names];
    } else if (fileMatch) {
      throw new CliError(`The collection file ${fileMatch[1]} does not exist.`, EXIT.usage);
    } else {
      const dataDir = options['data-dir'] ?? DEFAULT_DATA_DIR;
      collections = savedCollections(dataDir);
      where = dataDir;
      names = target.split('/').filter(Boolean);
    }
    const { root, folderId } = pick(collections, names, where);

    let data: { format: 'csv' | 'json'; text: string; name: string } | undefined;
    if (options.data !== undefined) {
      let text: string;
      try {
        text = fs.readFileSync(options.data, 'utf8');
      } catch (error) {
        throw new CliError(
          `--data ${options.data} cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`,
          EXIT.usage,
        );
      }
      data = {
        format: /\.json$/i.test(options.data) ? 'json' : 'csv',
        text,
        name: path.basename(options.data),
      };
    }

    // --data-dir also says where saved collections are; the connection reads it only with --connection.
    const writes = writesIn(root, folderId);
    const sessionFlags = options.connection ? options : { ...options, 'data-dir': undefined };
    const work = async (_session: CliSession, runOperation: RunOperation) => {
      const final = await runOperation({
        kind: 'run',
        source: { from: 'inline', collection: root, folderId },
        data,
        variables,
        secretVariables,
        options: { bail: Boolean(options.bail), delayMs, concurrency },
      });
      const outcome = final.outcome?.kind === 'run' ? (final.outcome as RunOutcome) : null;
      if (!outcome)
        throw new CliError(final.error?.message ?? 'The run could not start.', EXIT.failed);
      for (const reporter of reporters) {
        if (reporter.kind === 'cli') {
          io.stdout.write(`${outcome.results.map((r) => stepLine(r, outcome.rows)).join('\n')}\n`);
          continue;
        }
        const text =
          reporter.kind === 'json'
            ? runReportJson(outcome)
            : reporter.kind === 'csv'
              ? runReportCsv(outcome)
              : runReportJunit(outcome);
        const temp = `${reporter.file}.${process.pid}.tmp`;
        fs.writeFileSync(temp, text, { mode: 0o600 });
        fs.renameSync(temp, reporter.file);
      }
      io.stderr.write(
        `${outcome.name}: ${outcome.passed} passed, ${outcome.failed} failed, ${outcome.skipped} skipped` +
          `${outcome.rows > 1 ? ` over ${outcome.rows} rows` : ''} (${seconds(final.elapsedMs)}).\n`,
      );
      if (final.state === 'cancelled') return EXIT.interrupted;
      return outcome.failed > 0 || outcome.skipped > 0 ? EXIT.failed : EXIT.ok;
    };
    return withSession(sessionFlags, io, work, {
      writes: writes.length ? `${writes.length} writing request(s), e.g. ${writes[0]}` : undefined,
    });
  },
};
