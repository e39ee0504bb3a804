import fs from 'node:fs';
import { parseCommandLine, UsageError, type FlagSpec } from '../../engine/host/cli-args';
import {
  findMetadataQuery,
  metadataQueryPresets,
} from '../../shared/catalog/families/metadata-api';
import { graphqlPayload, pagedQuery } from '../../shared/graphql';
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
import { withSession } from '../with-session';

const flags = {
  ...connectionFlags,
  variables: { kind: 'string', description: 'variables: a JSON object, or @FILE' },
  operation: { kind: 'string', description: 'the operation to run when FILE has several' },
  preset: { kind: 'string', description: 'run a governance query by id instead of FILE' },
  presets: { kind: 'boolean', description: 'list the governance queries' },
  all: { kind: 'boolean', description: 'fetch every node of the top …Connection' },
  'page-size': { kind: 'number', description: 'first page size with --all (1–1000)' },
  concurrency: { kind: 'number', description: 'pages in flight with --all (1–10)' },
  cursor: { kind: 'boolean', description: 'with --all, follow endCursor page by page' },
  days: { kind: 'number', description: 'stale-workbooks: not updated in N days (default 90)' },
  'max-views': { kind: 'number', description: 'stale-workbooks: at most M views (default 0)' },
  format: { kind: 'string', description: `output format: ${FORMATS.join(', ')}` },
  out: { kind: 'string', description: 'write the result to FILE instead of stdout' },
  help: { kind: 'boolean', description: 'show this help' },
} satisfies FlagSpec;

const HELP = `Run a query against Tableau's Metadata API (GraphQL, POST /api/metadata/graphql).

Usage: trestle metadata FILE.graphql|- [flags] <connection>
       trestle metadata --preset ID [flags] <connection>
       trestle metadata --presets

Query:
  FILE | -               the GraphQL document (- reads stdin); checked before anything is sent
  --variables JSON|@FILE the variables, a JSON object (inline, or from a file)
  --operation NAME       the operation to run when the document has several
  --preset ID            a governance query instead of FILE (see --presets); its variables are
                         the defaults, --variables overrides them
  --all                  every node of the query's top …Connection: cursors, or offsets at once
                         where the field takes them; the page size is halved on the node limit
                         and RATE_EXCEEDED is waited out; progress on stderr
  --page-size N          first page size with --all (default 1000, or the query's own first
                         when it is not Tableau's default of 100)
  --concurrency N        pages in flight with --all (1-10, default 4)
  --cursor               with --all, follow endCursor one page after another
  --days N, --max-views M  for metadata-query.stale-workbooks: workbooks not updated in N days
                         with at most M views in all (REST view counts joined in; default 90, 0)

Output:
  --format json|csv|table  json: the answer as it came (with --all: the nodes); csv and table:
                           the nodes, nested fields as dotted columns (default json)
  --out FILE               write to FILE (whole or not at all) instead of stdout

${CONNECTION_HELP}

Exit codes: 0 ok, 1 GraphQL errors in the answer (what data came is still printed) or pages
missing, 2 usage or input error (a malformed query or variables: nothing is sent).

Examples:
  trestle metadata workbooks.graphql --variables '{"first": 100}' --all --format csv \\
    --out workbooks.csv --server https://tableau.example.com --pat-name ci-bot \\
    --pat-secret-env TABLEAU_PAT_SECRET
  trestle metadata --preset metadata-query.certified-datasources --all --format table --sandbox`;

async function readDocument(source: string, io: Io): Promise<string> {
  try {
    if (source !== '-') return fs.readFileSync(source, 'utf8');
    let text = '';
    for await (const chunk of io.stdin) text += String(chunk);
    return text;
  } catch (error) {
    throw new CliError(
      `Cannot read ${source === '-' ? 'stdin' : source}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`,
      EXIT.usage,
    );
  }
}

function readVariables(value: string | undefined): string | undefined {
  if (value === undefined || !value.startsWith('@')) return value;
  try {
    return fs.readFileSync(value.slice(1), 'utf8');
  } catch (error) {
    throw new CliError(
      `--variables ${value}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? 'error'}).`,
      EXIT.usage,
    );
  }
}

function checkRange(value: number | undefined, name: string, min: number, max: number): void {
  if (value !== undefined && (!Number.isInteger(value) || value < min || value > max))
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max}.`);
}

export const metadataCommand: Command = {
  name: 'metadata',
  help: HELP,
  async run(args, io) {
    const { flags: options, positionals } = parseCommandLine(args, flags);
    if (options.help) {
      io.stdout.write(`${HELP}\n`);
      return EXIT.ok;
    }
    if (options.presets) {
      const width = Math.max(...metadataQueryPresets.map((p) => p.id.length));
      for (const p of metadataQueryPresets)
        io.stdout.write(`${p.id.padEnd(width)}  ${p.name}${p.pagedConnection ? ' (--all)' : ''}\n`);
      return EXIT.ok;
    }
    const preset = options.preset ? findMetadataQuery(options.preset) : undefined;
    if (options.preset && !preset)
      throw new UsageError(
        `No governance query “${options.preset}” (trestle metadata --presets lists them).`,
      );
    if (preset ? positionals.length > 0 : positionals.length !== 1)
      throw new UsageError(
        preset
          ? `--preset runs a stored query: give no FILE (“${positionals[0]}”).`
          : positionals.length === 0
            ? 'Give the GraphQL FILE (or - for stdin), or --preset ID.'
            : `Unexpected argument “${positionals[1]}” (one FILE).`,
      );
    const format = parseFormat(options.format);
    checkOutPath(options.out);
    checkRange(options['page-size'], 'page-size', 1, 1000);
    checkRange(options.concurrency, 'concurrency', 1, 10);
    checkRange(options.days, 'days', 0, 36_500);
    checkRange(options['max-views'], 'max-views', 0, 1_000_000_000);
    const stale = preset?.join?.kind === 'staleWorkbooks';
    if (!stale && (options.days !== undefined || options['max-views'] !== undefined))
      throw new UsageError(
        '--days and --max-views go with --preset metadata-query.stale-workbooks.',
      );
    if (
      !options.all &&
      !stale &&
      (options['page-size'] !== undefined || options.concurrency !== undefined || options.cursor)
    )
      throw new UsageError('--page-size, --concurrency and --cursor go with --all.');

    const text = preset ? preset.query : await readDocument(positionals[0], io);
    const variables =
      readVariables(options.variables) ?? (preset ? JSON.stringify(preset.variables) : '');
    const body = { kind: 'graphql' as const, text, variables, operationName: options.operation };
    // Checked here, before signing in: a malformed query or variables is an input error.
    const payload = graphqlPayload(body);
    if ('problem' in payload) throw new CliError(payload.problem.message, EXIT.usage);
    if (options.all) {
      const paged = pagedQuery(payload);
      if ('problem' in paged) throw new CliError(paged.problem.message, EXIT.usage);
    }
    const spec: RequestSpec = {
      method: 'POST',
      path: '/api/metadata/graphql',
      pathParams: {},
      query: [],
      headers: [],
      body,
      accept: 'json',
    };

    return withSession(options, io, async (session, runOperation) => {
      if (stale)
        return await runStale(
          session,
          options.days ?? preset!.join!.days,
          options['max-views'] ?? preset!.join!.maxViews,
          format,
          options.out,
          io,
        );
      if (!options.all) return await sendOne(session, spec, format, options.out, io);
      const final = await runOperation({
        kind: 'metadataFetchAll',
        spec,
        concurrency: options.concurrency ?? session.engine.settings().fetchAllConcurrency,
        pageSize: options['page-size'],
        paging: options.cursor ? 'cursor' : 'auto',
      });
      return await finishFetchAll(session, final, format, options.out, io);
    });
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
  if (format !== 'json' && !list)
    throw new CliError(
      'This answer has no list of nodes to print as CSV or a table; use --format json.',
      EXIT.usage,
    );
  await writeResult(
    io,
    formatChunks(
      { kind: 'body', parsed, text: engine.responses.text(summary.responseId), list },
      format,
    ),
    out,
  );
  const connection = summary.graphql?.connection;
  if (connection?.hasNextPage)
    io.stderr.write(
      `${connection.nodes.toLocaleString('en-US')} of ${connection.totalCount?.toLocaleString('en-US') ?? 'more'} ${connection.key} nodes; add --all for every one.\n`,
    );
  if (summary.error) {
    // GraphQL errors come with HTTP 200 beside (partial) data: printed above, explained here.
    io.stderr.write(`${tableauErrorText(summary.error, null)}\n`);
    return EXIT.failed;
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
  const outcome = final.outcome?.kind === 'metadataFetchAll' ? final.outcome : null;
  if (final.state === 'cancelled') {
    io.stderr.write(`Cancelled after ${outcome?.items ?? 0} nodes; nothing was written.\n`);
    return EXIT.interrupted;
  }
  if (final.state === 'failed' || !outcome)
    throw new CliError(final.error?.message ?? 'Fetch all could not run.', EXIT.failed);
  const list = outcome.responseId ? engine.responses.items(outcome.responseId) : null;
  await writeResult(io, formatChunks({ kind: 'items', items: list?.items ?? [] }, format), out);
  const notes = [
    `${outcome.paging} paging`,
    outcome.nodeLimitHits > 0
      ? `node limit hit ${outcome.nodeLimitHits}×: page size ${outcome.firstPageSize} → ${outcome.pageSize}`
      : null,
    outcome.rateLimitWaits > 0 ? `waited out RATE_EXCEEDED ${outcome.rateLimitWaits}×` : null,
  ].filter(Boolean);
  io.stderr.write(
    `${outcome.items.toLocaleString('en-US')} of ${outcome.totalCount?.toLocaleString('en-US') ?? '?'} ${outcome.field} nodes in ${outcome.pages} page${outcome.pages === 1 ? '' : 's'} (${seconds(final.elapsedMs)}; ${notes.join('; ')}).\n`,
  );
  for (const warning of outcome.warnings) io.stderr.write(`Warning from the server: ${warning}\n`);
  if (outcome.limitReached) io.stderr.write(`${outcome.limitReached}\n`);
  if (outcome.missing.ranges.length === 0) return EXIT.ok;
  io.stderr.write(`Missing ${outcome.missing.items.toLocaleString('en-US')} nodes:\n`);
  for (const range of outcome.missing.ranges)
    io.stderr.write(`  items ${range.fromItem}-${range.toItem}: ${range.message}\n`);
  return EXIT.failed;
}

async function runStale(
  { engine, connectionId }: CliSession,
  days: number,
  maxViews: number,
  format: Format,
  out: string | undefined,
  io: Io,
): Promise<number> {
  const answer = await engine.staleWorkbooks(connectionId, { days, maxViews });
  await writeResult(io, formatChunks({ kind: 'items', items: answer.rows }, format), out);
  io.stderr.write(
    `${answer.rows.length.toLocaleString('en-US')} of ${answer.workbooks.toLocaleString('en-US')} workbooks not updated in ${days} days with at most ${maxViews} views in all (${answer.views.toLocaleString('en-US')} views' counts from REST). Tableau's APIs give no last-view date: these are candidates, not proof.\n`,
  );
  return EXIT.ok;
}
