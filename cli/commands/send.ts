import { parseCommandLine, UsageError, type FlagSpec } from '../../engine/host/cli-args';
import type { OperationSnapshot } from '../../shared/operations';
import type { RequestSpec } from '../../shared/request';
import { CliError, EXIT, type Command, type Io } from '../command';
import { CONNECTION_HELP, connectionFlags, type CliSession } from '../connection-flags';
import {
  checkOutPath,
  FORMATS,
  formatChunks,
  parseFormat,
  seconds,
  tableauErrorText,
  writeResult,
  type Format,
} from '../output';
import { requestFlags, requestSpec } from '../request-flags';
import { withSession } from '../with-session';

const flags = {
  ...connectionFlags,
  ...requestFlags,
  all: { kind: 'boolean', description: 'fetch every page of a list' },
  'page-size': {
    kind: 'number',
    description: 'items per page with --all (default 1000, the most Tableau gives)',
  },
  concurrency: {
    kind: 'number',
    description: 'pages in flight at once with --all (1–10, default 4)',
  },
  format: { kind: 'string', description: `output format: ${FORMATS.join(', ')}` },
  out: { kind: 'string', description: 'write the result to FILE instead of stdout' },
  help: { kind: 'boolean', description: 'show this help' },
} satisfies FlagSpec;

const HELP = `Send one request to Tableau's REST API, or with --all fetch every page of a list.

Usage: trestle send METHOD PATH [flags] <connection>

  METHOD   GET, POST, PUT, PATCH or DELETE
  PATH     the API path, e.g. /sites/{site-id}/users ({api-version} and {site-id}
           are filled from the session; /api/... paths are taken as they are)

Request:
  --query NAME=VALUE     query parameter (repeatable), e.g. --query filter=siteRole:eq:Viewer
  --header NAME=VALUE    request header (repeatable); Accept=application/xml for XML
  --param NAME=VALUE     fills a {placeholder} in PATH (repeatable)
  --body FILE|-          request body from a file or stdin; JSON or XML, told by its content
  --all                  fetch every page (GET only); progress on stderr, the items on stdout
  --page-size N          items per page with --all (default 1000)
  --concurrency N        pages in flight at once with --all (1-10, default 4)

Output:
  --format json|csv|table  json: the answer (with --all: the items); csv: the list as the app
                           exports it; table: the list's items in columns (default json)
  --out FILE               write to FILE (whole or not at all) instead of stdout

${CONNECTION_HELP}

Exit codes: 0 ok, 1 the request (or a page) failed, 2 usage or input error.

Examples:
  trestle send GET /sites/{site-id}/users --all --format csv --out users.csv \\
    --server https://tableau.example.com --site finance \\
    --pat-name ci-bot --pat-secret-env TABLEAU_PAT_SECRET
  trestle send GET /sites/{site-id}/projects --format table --sandbox`;

export const sendCommand: Command = {
  name: 'send',
  help: HELP,
  async run(args, io) {
    const { flags: options, positionals } = parseCommandLine(args, flags);
    if (options.help) {
      io.stdout.write(`${HELP}\n`);
      return EXIT.ok;
    }
    if (positionals.length !== 2)
      throw new UsageError(
        positionals.length < 2
          ? 'Give the METHOD and PATH, e.g. trestle send GET /sites/{site-id}/users.'
          : `Unexpected argument “${positionals[2]}” (one METHOD and one PATH).`,
      );
    const format = parseFormat(options.format);
    checkOutPath(options.out);
    const spec = await requestSpec(positionals[0], positionals[1], options, io.stdin);
    if (options.all) {
      if (spec.method !== 'GET')
        throw new UsageError('--all fetches the pages of a list: use it with GET.');
      for (const name of ['page-size', 'concurrency'] as const) {
        const value = options[name];
        const max = name === 'page-size' ? 1000 : 10;
        if (value !== undefined && (!Number.isInteger(value) || value < 1 || value > max))
          throw new UsageError(`--${name} must be a whole number from 1 to ${max}.`);
      }
    } else if (options['page-size'] !== undefined || options.concurrency !== undefined) {
      throw new UsageError(
        '--page-size and --concurrency go with --all (for one page, use --query pageSize=N).',
      );
    }
    return withSession(
      options,
      io,
      async (session, runOperation) => {
        if (!options.all) return await sendOne(session, spec, format, options.out, io);
        const concurrency = options.concurrency ?? session.engine.settings().fetchAllConcurrency;
        const final = await runOperation({
          kind: 'fetchAll',
          spec,
          concurrency,
          pageSize: options['page-size'],
        });
        return await finishFetchAll(session, final, format, options.out, io);
      },
      { writes: spec.method === 'GET' ? undefined : `${spec.method} ${spec.path}` },
    );
  },
};

async function sendOne(
  { engine, connectionId }: CliSession,
  spec: RequestSpec,
  format: Format,
  out: string | undefined,
  io: Io,
): Promise<number> {
  const summary = await engine.send(connectionId, spec);
  if (summary.status >= 400) {
    io.stderr.write(
      summary.error
        ? `${tableauErrorText(summary.error, summary.status)}\n`
        : `HTTP ${summary.status} ${summary.statusText}\n`,
    );
    return EXIT.failed;
  }
  const parsed = engine.responses.parsed(summary.responseId) ?? null;
  const list = engine.responses.items(summary.responseId)?.items ?? null;
  const text = parsed === null ? engine.responses.text(summary.responseId) : '';
  await writeResult(io, formatChunks({ kind: 'body', parsed, text, list }, format), out);
  const page = summary.pagination;
  if (page && page.totalAvailable > page.pageNumber * page.pageSize) {
    const pages = Math.ceil(page.totalAvailable / page.pageSize);
    io.stderr.write(
      `Page ${page.pageNumber} of ${pages} (${list?.length ?? 0} of ${page.totalAvailable.toLocaleString('en-US')} items); add --all for every page.\n`,
    );
  }
  return EXIT.ok;
}

async function finishFetchAll(
  { engine }: CliSession,
  final: OperationSnapshot,
  format: Format,
  out: string | undefined,
  io: Io,
): Promise<number> {
  const outcome = final.outcome?.kind === 'fetchAll' ? final.outcome : null;
  if (final.state === 'cancelled') {
    io.stderr.write(`Cancelled after ${outcome?.items ?? 0} items; nothing was written.\n`);
    return EXIT.interrupted;
  }
  if (final.state === 'failed' || !outcome) {
    throw new CliError(final.error?.message ?? 'Fetch all could not run.', EXIT.failed);
  }
  const list = outcome.responseId ? engine.responses.items(outcome.responseId) : null;
  await writeResult(io, formatChunks({ kind: 'items', items: list?.items ?? [] }, format), out);
  const noun = list?.listPath.split('.')[0] ?? 'items';
  io.stderr.write(
    `${outcome.items.toLocaleString('en-US')} ${noun} in ${plural(outcome.pages, 'page')} (${seconds(final.elapsedMs)}).\n`,
  );
  if (outcome.totalChanged)
    io.stderr.write(
      `The list changed while it was fetched: ${outcome.totalChanged.from} items at the start, ${outcome.totalChanged.to} at the end.\n`,
    );
  if (outcome.limitReached) io.stderr.write(`${outcome.limitReached}\n`);
  if (outcome.missing.pages.length === 0) return EXIT.ok;
  io.stderr.write(
    `Missing ${outcome.missing.items.toLocaleString('en-US')} items from ${plural(outcome.missing.pages.length, 'page')}:\n`,
  );
  for (const page of outcome.missing.pages)
    io.stderr.write(
      `  page ${page.pageNumber} (items ${page.fromItem}-${page.toItem}): ${page.message}\n`,
    );
  return EXIT.failed;
}

function plural(n: number, noun: string): string {
  return `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`;
}
