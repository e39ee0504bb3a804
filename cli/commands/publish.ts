import { EngineError } from '../../engine/errors';
import { parseCommandLine, UsageError, type FlagSpec } from '../../engine/host/cli-args';
import type { OperationProgressEvent, OperationSnapshot } from '../../shared/operations';
import {
  MB,
  publishStartSchema,
  type PublishMode,
  type PublishOutcome,
  type PublishStartInput,
} from '../../shared/publish';
import type { RequestSpec } from '../../shared/request';
import { findList } from '../../shared/tableau-list';
import { CliError, EXIT, type Command, type Io } from '../command';
import { CONNECTION_HELP, connectionFlags, type CliSession } from '../connection-flags';
import { seconds } from '../output';
import { withSession, type RunOperation } from '../with-session';

const flags = {
  ...connectionFlags,
  project: { kind: 'string', description: 'the target project: its name or id' },
  name: { kind: 'string', description: 'the item’s name (default: the file’s name)' },
  mode: { kind: 'string', description: 'createnew (default), overwrite or append' },
  'as-job': { kind: 'boolean', description: 'publish in the background and follow the job' },
  'chunk-mb': { kind: 'number', description: 'chunk size, 1–64 MB (default 50)' },
  chunked: { kind: 'boolean', description: 'upload in chunks whatever the file’s size' },
  'skip-connection-check': { kind: 'boolean', description: 'workbooks: do not test connections' },
  description: { kind: 'string', description: 'the item’s description' },
  'show-tabs': { kind: 'boolean', description: 'workbooks: show views as tabs' },
  'hidden-view': { kind: 'string', multiple: true, description: 'workbooks: a view to hide' },
  'db-user': { kind: 'string', description: 'connection credentials: the user name' },
  'db-password-env': {
    kind: 'string',
    description: 'connection credentials: env var of the password',
  },
  embed: { kind: 'boolean', description: 'embed the connection credentials (default on)' },
  help: { kind: 'boolean', description: 'show this help' },
} satisfies FlagSpec;

const HELP = `Publish a workbook, data source or flow: one request up to 64 MB, in chunks above.

Usage: trestle publish FILE --project NAME|ID [flags] <connection>

  FILE   a .twb, .twbx, .tds, .tdsx, .hyper, .tde, .tfl or .tflx file

Publish:
  --project NAME|ID        the target project (a name must be unique on the site)
  --name N                 the item's name (default: the file's name without its extension)
  --mode M                 createnew (refused if the name is taken), overwrite, or append
                           (data sources and flows)
  --as-job                 publish in the background (asJob) and follow the job to its end
  --chunk-mb N             chunk size from 1 to 64 MB (default 50, as Tableau's Python client)
  --chunked                use chunks even below 64 MB
  --skip-connection-check  workbooks: publish without testing the connections
  --description TEXT       the item's description
  --show-tabs              workbooks: show views as tabs
  --hidden-view NAME       workbooks: publish this view hidden (repeatable)
  --db-user NAME --db-password-env VAR [--no-embed]
                           connection credentials; the password from the environment

Progress goes to stderr; the published item (id, project, owner, views) as JSON to stdout.
A chunk that fails is retried with backoff, and an expired session is renewed. Ctrl+C
cancels: nothing is published.

${CONNECTION_HELP}

Exit codes: 0 published, 1 the publish failed, 2 usage or input error (a bad file, a name
already taken without --mode overwrite), 130 cancelled.

Examples:
  trestle publish Sales.twbx --project Finance --mode overwrite \\
    --server https://tableau.example.com --pat-name ci --pat-secret-env TABLEAU_PAT_SECRET
  trestle publish big-extract.hyper --project Default --as-job --sandbox`;

const MODES: Record<string, PublishMode> = {
  createnew: 'createNew',
  overwrite: 'overwrite',
  append: 'append',
};

/** Engine refusals that mean the command line asked for something impossible (exit 2). */
const INPUT_CODES = new Set([
  'publish.noFile',
  'publish.emptyFile',
  'publish.badFileType',
  'publish.badMode',
  'publish.noProject',
  'publish.nameConflict',
]);

const LUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The project's id from `--project`: an id as it is, a name looked up (it must be unique). */
async function projectId({ engine, connectionId }: CliSession, project: string): Promise<string> {
  const matches: Array<{ id: string; name: string }> = [];
  for (let page = 1; page <= 50; page++) {
    const spec: RequestSpec = {
      method: 'GET',
      path: '/api/{api-version}/sites/{site-id}/projects',
      pathParams: {},
      query: [
        { name: 'pageSize', value: '1000', enabled: true },
        { name: 'pageNumber', value: String(page), enabled: true },
      ],
      headers: [],
      body: { kind: 'none' },
      accept: 'json',
    };
    const summary = await engine.send(connectionId, spec);
    if (summary.status !== 200)
      throw new CliError(
        `Listing projects failed: HTTP ${summary.status} ${summary.error?.summary ?? ''}`,
      );
    const items = (engine.responses.items(summary.responseId)?.items ??
      findList(engine.responses.parsed(summary.responseId))?.items ??
      []) as Array<{ id: string; name: string }>;
    engine.responses.release(summary.responseId);
    for (const item of items)
      if (item.id === project.toLowerCase()) return item.id;
      else if (item.name === project) matches.push(item);
    if (items.length < 1000) break;
  }
  if (matches.length === 1) return matches[0].id;
  if (matches.length > 1)
    throw new CliError(
      `${matches.length} projects are named “${project}” (nested in different parents): give --project the id (${matches.map((m) => m.id).join(', ')}).`,
      EXIT.usage,
    );
  throw new CliError(
    LUID.test(project)
      ? `No project has the id ${project} on this site.`
      : `No project is named “${project}” on this site.`,
    EXIT.usage,
  );
}

/** One line of progress: bytes, rate and time left, rewritten in place on a terminal. */
function byteProgress(io: Io): { update(event: OperationProgressEvent): void; end(): void } {
  const live = Boolean(io.stderr.isTTY);
  let last = '';
  return {
    update({ progress }) {
      const bytes = progress.bytes;
      const size = bytes
        ? ` · ${(bytes.done / MB).toFixed(1)}${bytes.total ? ` of ${(bytes.total / MB).toFixed(1)}` : ''} MB`
        : '';
      const rate = progress.ratePerSecond
        ? ` · ${(progress.ratePerSecond / MB).toFixed(1)} MB/s`
        : '';
      const eta =
        progress.etaMs !== null && progress.etaMs >= 1000
          ? ` · about ${seconds(progress.etaMs)} left`
          : '';
      const line = `${progress.status}${size}${rate}${eta}`;
      if (line === last) return;
      last = line;
      io.stderr.write(live ? `\r\x1b[2K${line}` : `${line}\n`);
    },
    end() {
      if (live && last) io.stderr.write('\n');
    },
  };
}

export const publishCommand: Command = {
  name: 'publish',
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
          ? 'Give the FILE to publish, e.g. trestle publish Sales.twbx --project Finance.'
          : `Unexpected argument “${positionals[1]}” (one FILE).`,
      );
    const project = options.project;
    if (!project) throw new UsageError('Say where: --project NAME or --project ID.');
    const mode = MODES[(options.mode ?? 'createnew').toLowerCase()];
    if (!mode)
      throw new UsageError(`--mode is createnew, overwrite or append, not “${options.mode}”.`);
    const chunkMb = options['chunk-mb'];
    if (chunkMb !== undefined && (!Number.isInteger(chunkMb) || chunkMb < 1 || chunkMb > 64))
      throw new UsageError('--chunk-mb must be a whole number from 1 to 64.');
    let credentials: PublishStartInput['credentials'];
    if (options['db-user'] !== undefined || options['db-password-env'] !== undefined) {
      const variable = options['db-password-env'];
      if (!options['db-user'] || !variable)
        throw new UsageError('Give --db-user NAME and --db-password-env VAR together.');
      const password = io.env[variable];
      if (password === undefined)
        throw new CliError(
          `The environment variable ${variable} (--db-password-env) is not set.`,
          EXIT.usage,
        );
      credentials = { name: options['db-user'], password, embed: options.embed ?? true };
    }
    const input: PublishStartInput = {
      kind: 'publish',
      file: positionals[0],
      projectId: 'resolved-below',
      name: options.name,
      mode,
      asJob: options['as-job'] ?? false,
      skipConnectionCheck: options['skip-connection-check'] ?? false,
      description: options.description,
      showTabs: options['show-tabs'],
      hiddenViews: options['hidden-view'] ?? [],
      credentials,
      upload: options.chunked ? 'chunked' : 'auto',
      chunkMb: chunkMb ?? 50,
    };
    const checked = publishStartSchema.safeParse(input);
    if (!checked.success)
      throw new UsageError(
        checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
      );

    const work = async (session: CliSession, runOperation: RunOperation) => {
      // Unless the flags say, the upload goes as the data folder's settings say (the app's
      // "Always in chunks" and chunk size; the defaults without --connection).
      const settings = session.engine.settings();
      if (settings.publishAlwaysChunked) input.upload = 'chunked';
      if (chunkMb === undefined) input.chunkMb = settings.publishChunkMb;
      input.projectId = await projectId(session, project);
      let final: OperationSnapshot;
      try {
        final = await runOperation(input, byteProgress(io));
      } catch (error) {
        if (error instanceof EngineError && INPUT_CODES.has(error.code))
          throw new CliError(error.message, EXIT.usage);
        throw error;
      }
      return finish(final, io);
    };
    return withSession(options, io, work, { writes: 'a publish' });
  },
};

function finish(final: OperationSnapshot, io: Io): number {
  const outcome = final.outcome?.kind === 'publish' ? (final.outcome as PublishOutcome) : null;
  if (final.state === 'failed')
    throw new CliError(
      final.error?.message ?? 'The publish could not run.',
      INPUT_CODES.has(final.error?.code ?? '') ? EXIT.usage : EXIT.failed,
    );
  if (final.state === 'cancelled') {
    io.stderr.write(
      `Cancelled after ${outcome?.upload.acknowledged ?? 0} of ${outcome?.upload.chunks ?? '?'} chunk(s); nothing was published.\n`,
    );
    return EXIT.interrupted;
  }
  if (final.state === 'partial' || !outcome?.item) {
    for (const item of final.items ?? [])
      if (item.state === 'failed')
        io.stderr.write(
          `${item.label}: ${item.code ? `${item.code} ` : ''}${item.message ?? 'failed'}\n`,
        );
    if (outcome?.job?.notes) io.stderr.write(`Job notes: ${outcome.job.notes}\n`);
    return EXIT.failed;
  }
  const { upload } = outcome;
  io.stderr.write(
    `Published ${outcome.contentType} “${outcome.item.name}” (${(outcome.bytes / MB).toFixed(1)} MB, ${
      upload.method === 'single' ? 'one request' : `${upload.chunks} chunks`
    }${upload.retries ? `, ${upload.retries} retried` : ''}${upload.reSignedIn ? ', signed in again' : ''}) in ${seconds(final.elapsedMs)}.\n`,
  );
  io.stdout.write(`${JSON.stringify({ ...outcome.item, job: outcome.job }, null, 2)}\n`);
  return EXIT.ok;
}
