import fs from 'node:fs';
import path from 'node:path';
import { parseCommandLine, UsageError, type FlagSpec } from '../../engine/host/cli-args';
import { writeFileAtomic } from '../../engine/store/document-store';
import {
  collectionFolderSchema,
  collectionsDocSchema,
  type CollectionFolder,
  type CollectionsDoc,
  type VariablesDoc,
  variablesDocSchema,
} from '../../shared/documents';
import { collectionFromFiles, type CollectionFile } from '../../shared/interop/collection-files';
import { importCurlCommands } from '../../shared/interop/curl-import';
import {
  importPostmanEnvironment,
  mergeEnvironment,
} from '../../shared/interop/postman-environment';
import { importPostmanCollection } from '../../shared/interop/postman-import';
import {
  reportText,
  type ConnectionHint,
  type ImportReport,
  type InteropError,
} from '../../shared/interop/report';
import { migrate } from '../../shared/migrate';
import type { Variable } from '../../shared/variables';
import { CliError, EXIT, type Command, type Io } from '../command';
import { DEFAULT_DATA_DIR, findSavedConnection } from '../saved-connections';

/**
 * `trestle import postman|curl|files`: the pure importers of `shared/interop/` over files.
 * The collection goes into the data folder's collections (the web host's `collections.json`,
 * or the desktop app's `trestle-collections.json`), as a new collection or a folder of an
 * existing one (`--into`), or to a collection file with `--out`; `--dry-run` only reports.
 * Nothing is written when the file does not read: the importers answer all or nothing.
 */

const flags = {
  env: { kind: 'string', description: 'a Postman environment file (postman only)' },
  connection: {
    kind: 'string',
    description: 'with --env: add its variables to this saved connection’s environment',
  },
  into: {
    kind: 'string',
    description: 'add as a folder of this saved collection (NAME[/FOLDER…])',
  },
  name: { kind: 'string', description: 'the new collection’s name (default: the file’s)' },
  server: {
    kind: 'string',
    description: 'curl: the connection’s server, to check each command against',
  },
  'data-dir': { kind: 'string', description: `Trestle's data folder (default ~/.trestle-web)` },
  out: { kind: 'string', description: 'write the collection to FILE instead of the data folder' },
  'dry-run': { kind: 'boolean', description: 'read and report; write nothing' },
  report: { kind: 'string', description: 'text (default) or json: the import report on stdout' },
  help: { kind: 'boolean', description: 'show this help' },
} satisfies FlagSpec;

const HELP = `Import requests into Trestle: a Postman collection (v2.0 or v2.1), curl commands, or
Trestle's own collection files (trestle export files).

Usage: trestle import postman FILE [--env FILE] [--into COLLECTION] [flags]
       trestle import curl FILE|- [--server URL] [--into COLLECTION] [flags]
       trestle import files DIR [--into COLLECTION] [flags]

    --env FILE          a Postman environment: resolves {{base-path}}-style URLs and names
                      the server, site and PAT the requests were aimed at
  --connection NAME   with --env: its variables go into this saved connection's
                      environment (names there take the file's value; secret values are
                      never written by trestle: set them in the app's Variables)
  --into COLLECTION   add the import as a folder of this saved collection (NAME/FOLDER/...);
                      default: a new collection
  --name NAME         the new collection's (or folder's) name
  --server URL        curl: the server of the connection the requests are for; commands
                      aimed at another server are reported
  --data-dir DIR      Trestle's data folder (default ~/.trestle-web, the web host's); the
                      desktop app's user-data folder works too. Close the app first: it keeps
                      its own copy and would write it back.
  --out FILE          write the collection to FILE (for trestle run FILE) instead
  --dry-run           read and report only
  --report json       print the report as JSON (default: text)

Requests whose method and path match a catalog preset are linked to it; X-Tableau-Auth,
token variables and sign-in requests are replaced by the connection's session; {{server}},
{{api-version}} and {{site-id}} by the connection and the session. Scripts are not run:
the report lists, per request, what was mapped, changed or not carried over.

Exit codes: 0 imported, 2 usage or input error (nothing written).

Examples:
  trestle import postman Tableau_REST_API.postman_collection.json \\
    --env "Tableau Environment.postman_environment.json"
  pbpaste | trestle import curl - --into "Forum snippets" --server https://tableau.example.com`;

/** The collections file of a data folder: the web host's, or the desktop app's when that is the one there. */
export function collectionsFile(dataDir: string): string {
  for (const name of ['collections.json', 'trestle-collections.json']) {
    const file = path.join(dataDir, name);
    if (fs.existsSync(file)) return file;
  }
  return path.join(dataDir, 'collections.json');
}

/** Reads a collections document (a missing file is an empty one); an unreadable one is refused, never replaced. */
export function readCollections(file: string): CollectionsDoc {
  if (!fs.existsSync(file)) return { schemaVersion: 2, collections: [] };
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new CliError(
      `${file} is not valid JSON (${(error as Error).message}); open Trestle to repair it. Nothing was written.`,
      EXIT.usage,
    );
  }
  try {
    return migrate('collections', raw);
  } catch (error) {
    throw new CliError(
      `${file} is not a collections document Trestle reads: ${(error as Error).message}. Nothing was written.`,
      EXIT.usage,
    );
  }
}

/** The collections a file holds: Trestle's collections document, or one collection. */
export function collectionsInFile(file: string): CollectionFolder[] {
  const raw = readFileText(file, 'The collection file');
  let value: unknown;
  try {
    value = JSON.parse(raw.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new CliError(`${file} is not valid JSON: ${(error as Error).message}`, EXIT.usage);
  }
  if (value && typeof value === 'object' && 'schemaVersion' in value)
    return readCollections(file).collections;
  const one = collectionFolderSchema.safeParse(value);
  if (one.success) return [one.data];
  throw new CliError(
    `${file} is neither a Trestle collections document nor one collection.`,
    EXIT.usage,
  );
}

/** A text file's content, or a one-line error naming it (missing, a folder, not a regular file). */
export function readFileText(file: string, what: string): string {
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile())
      throw Object.assign(new Error('not a file'), {
        code: stat.isDirectory() ? 'EISDIR' : 'ENOTFILE',
      });
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'it is a folder'
          : code === 'ENOTFILE'
            ? 'not a regular file'
            : (error as Error).message;
    throw new CliError(`${what} ${file} cannot be read (${why}).`, EXIT.usage);
  }
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream)
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}

const same = (a: string, b: string) =>
  a.localeCompare(b, undefined, { sensitivity: 'accent' }) === 0;

/** The collection (and folder) a `NAME/FOLDER/...` path names, case-insensitively. */
export function pickFolder(
  collections: CollectionFolder[],
  target: string,
  where: string,
): { root: CollectionFolder; folder: CollectionFolder } {
  const [first, ...rest] = target.split('/').filter(Boolean);
  const root = collections.find((c) => first !== undefined && same(c.name, first));
  if (!root)
    throw new CliError(
      `No collection “${first ?? ''}” in ${where} (there are: ${collections.map((c) => `“${c.name}”`).join(', ') || 'none'}).`,
      EXIT.usage,
    );
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
  return { root, folder };
}

function fail(error: InteropError): never {
  throw new CliError(`${error.message}${error.detail ? ` (${error.detail})` : ''}`, EXIT.usage);
}

interface EnvironmentTarget {
  connectionId: string;
  connectionName: string;
  variables: Variable[];
  dataDir: string;
}

/**
 * Merges an environment's variables into a saved connection's, in the data folder's
 * variables document. Secret values are never written (the web host keeps none on disk, the
 * desktop app only as its own ciphertext): such a variable is added without its value.
 */
function writeEnvironment(target: EnvironmentTarget): string {
  let file = path.join(target.dataDir, 'variables.json');
  const desktop = path.join(target.dataDir, 'trestle-variables.json');
  if (!fs.existsSync(file) && fs.existsSync(desktop)) file = desktop;
  let doc: VariablesDoc = { schemaVersion: 1, globals: [], environments: {} };
  if (fs.existsSync(file)) {
    try {
      doc = migrate('variables', JSON.parse(fs.readFileSync(file, 'utf8')));
    } catch (error) {
      throw new CliError(
        `${file} cannot be read (${(error as Error).message}); nothing was written.`,
        EXIT.usage,
      );
    }
  }
  const withheld = target.variables.filter((v) => v.secret && v.value !== '').map((v) => v.name);
  const incoming = target.variables.map((v) => (v.secret ? { ...v, value: '' } : v));
  const merged = mergeEnvironment(doc.environments[target.connectionId] ?? [], incoming);
  const next = variablesDocSchema.safeParse({
    ...doc,
    environments: { ...doc.environments, [target.connectionId]: merged.variables },
  });
  if (!next.success)
    throw new CliError(
      `The environment would not make a valid variables document (${next.error.issues[0]?.message}); nothing was written.`,
      EXIT.usage,
    );
  writeFileAtomic(file, JSON.stringify(next.data));
  const secrets = withheld.length
    ? `; ${withheld.length} secret value${withheld.length > 1 ? 's' : ''} not written (${withheld.map((n) => `{{${n}}}`).join(', ')}): set ${withheld.length > 1 ? 'them' : 'it'} in Trestle's Variables`
    : '';
  return `Environment into connection “${target.connectionName}” (${file}): ${merged.added.length} added, ${merged.updated.length} updated${secrets}.`;
}

/** Every file under a folder, as the importer reads them (skipping .git and the like). */
function filesUnder(dir: string): CollectionFile[] {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(dir);
  } catch {
    throw new CliError(`${dir} does not exist.`, EXIT.usage);
  }
  if (!stat.isDirectory())
    throw new CliError(`${dir} is not a folder (trestle export files writes one).`, EXIT.usage);
  const files: CollectionFile[] = [];
  const walk = (at: string, rel: string, depth: number) => {
    if (depth > 101) return;
    for (const entry of fs.readdirSync(at, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const full = path.join(at, entry.name);
      if (entry.isDirectory()) walk(full, `${rel}${entry.name}/`, depth + 1);
      else if (entry.isFile() && entry.name.endsWith('.json'))
        files.push({ path: `${rel}${entry.name}`, text: fs.readFileSync(full, 'utf8') });
    }
  };
  walk(dir, '', 0);
  return files;
}

function hintText(hint: ConnectionHint): string | null {
  const parts = [
    hint.serverUrl && `server ${hint.serverUrl}`,
    hint.siteContentUrl !== undefined &&
      `site “${hint.siteContentUrl}”${hint.siteContentUrl === '' ? ' (Default)' : ''}`,
    hint.identity && `${hint.authKind === 'pat' ? 'PAT' : 'user'} ${hint.identity}`,
  ].filter(Boolean);
  return parts.length ? parts.join(', ') : null;
}

function uniqueName(taken: string[], name: string): string {
  let out = name;
  for (let n = 2; taken.some((t) => same(t, out)); n++) out = `${name} (${n})`;
  return out;
}

export const importCommand: Command = {
  name: 'import',
  help: HELP,
  async run(args, io: Io) {
    const { flags: options, positionals } = parseCommandLine(args, flags);
    if (options.help) {
      io.stdout.write(`${HELP}\n`);
      return EXIT.ok;
    }
    const [kind, source, ...extra] = positionals;
    if (kind !== 'postman' && kind !== 'curl' && kind !== 'files')
      throw new UsageError(
        kind
          ? `Import what? “${kind}” is not postman, curl or files.`
          : 'Say what to import: postman FILE, curl FILE|- or files DIR.',
      );
    if (!source)
      throw new UsageError(`Name the ${kind === 'files' ? 'folder' : 'file'} to import.`);
    if (extra.length) throw new UsageError(`Unexpected argument “${extra[0]}”.`);
    if (options.env !== undefined && kind !== 'postman')
      throw new UsageError('--env goes with postman only.');
    if (options.connection !== undefined && options.env === undefined)
      throw new UsageError('--connection goes with --env (the environment to add to it).');
    if (options.server !== undefined && kind !== 'curl')
      throw new UsageError('--server goes with curl only.');
    if (options.out !== undefined && options.into !== undefined)
      throw new UsageError('Give --out or --into, not both.');
    const reportFormat = options.report ?? 'text';
    if (reportFormat !== 'text' && reportFormat !== 'json')
      throw new UsageError('--report takes text or json.');

    let collection: CollectionFolder;
    let report: ImportReport;
    let hint: ConnectionHint = {};
    let pendingEnvironment: EnvironmentTarget | null = null;
    const extraNotes: string[] = [];
    if (kind === 'postman') {
      let environment;
      if (options.env !== undefined) {
        const env = importPostmanEnvironment(readFileText(options.env, 'The environment file'));
        if (!env.ok) fail(env.error);
        environment = env.variables;
        hint = env.connection;
        const secrets = env.variables.filter((v) => v.secret).length;
        extraNotes.push(
          `Environment “${env.name}”: ${env.variables.length} variables read (${secrets} secret), ${env.notes.length} names mapped to the connection.`,
        );
        if (options.connection !== undefined) {
          const dataDir = options['data-dir'] ?? DEFAULT_DATA_DIR;
          const saved = findSavedConnection(dataDir, options.connection);
          pendingEnvironment = {
            connectionId: saved.id,
            connectionName: saved.name,
            variables: env.variables,
            dataDir,
          };
        } else if (env.variables.length)
          extraNotes.push(
            'Give --connection NAME to add them to a saved connection’s environment.',
          );
      }
      const result = importPostmanCollection(readFileText(source, 'The collection file'), {
        environment,
      });
      if (!result.ok) fail(result.error);
      collection = result.collection;
      report = result.report;
      hint = { ...result.connection, ...hint };
    } else if (kind === 'curl') {
      const text = source === '-' ? await readAll(io.stdin) : readFileText(source, 'The file');
      const result = importCurlCommands(text, {
        serverUrl: options.server,
        name:
          options.name ??
          (source === '-' ? undefined : path.basename(source).replace(/\.[^.]*$/, '')),
      });
      if (!result.ok) fail(result.error);
      collection = result.collection;
      report = result.report;
      const others = [
        ...new Set(
          result.results.filter((r) => r.sameServer === false).map((r) => r.connection.serverUrl),
        ),
      ];
      if (others.length)
        extraNotes.push(
          `Aimed at another server than ${options.server}: ${others.join(', ')} — add a connection for it to send those requests there.`,
        );
      const servers = [
        ...new Set(result.results.map((r) => r.connection.serverUrl).filter(Boolean)),
      ];
      if (servers.length === 1) hint = { serverUrl: servers[0] };
    } else {
      const result = collectionFromFiles(filesUnder(source));
      if (!result.ok) fail(result.error);
      collection = result.collection;
      report = result.report;
    }
    if (options.name) collection = { ...collection, name: options.name.slice(0, 300) };

    const lines: string[] = [];
    const where = (() => {
      if (options['dry-run']) return 'Nothing was written (--dry-run).';
      if (options.out !== undefined) {
        const dir = path.dirname(path.resolve(options.out));
        if (!fs.existsSync(dir))
          throw new CliError(`--out: the folder ${dir} does not exist.`, EXIT.usage);
        writeFileAtomic(options.out, `${JSON.stringify(collection, null, 2)}\n`);
        return `Written to ${options.out} (run it with trestle run ${options.out}).`;
      }
      const dataDir = options['data-dir'] ?? DEFAULT_DATA_DIR;
      const file = collectionsFile(dataDir);
      const doc = readCollections(file);
      let label: string;
      if (options.into !== undefined) {
        const { folder } = pickFolder(doc.collections, options.into, dataDir);
        const named = {
          ...collection,
          name: uniqueName(
            folder.folders.map((f) => f.name),
            collection.name,
          ),
        };
        // A folder keeps the collection's variables as its own: inner folders' win over their parents'.
        folder.folders.push(named);
        label = `as folder “${named.name}” of ${options.into}`;
      } else {
        const named = {
          ...collection,
          name: uniqueName(
            doc.collections.map((c) => c.name),
            collection.name,
          ),
        };
        doc.collections.push(named);
        label = `as collection “${named.name}”`;
      }
      const checked = collectionsDocSchema.safeParse(doc);
      if (!checked.success)
        throw new CliError(
          `The import would not make a valid collections document (${checked.error.issues[0]?.message}); nothing was written.`,
          EXIT.usage,
        );
      fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
      writeFileAtomic(file, JSON.stringify(checked.data));
      return `Imported into ${file} ${label}. If Trestle is open on this folder, restart it to see the import.`;
    })();
    if (pendingEnvironment)
      extraNotes.push(
        options['dry-run']
          ? `The environment was not added to “${pendingEnvironment.connectionName}” (--dry-run).`
          : writeEnvironment(pendingEnvironment),
      );
    if (reportFormat === 'json') {
      io.stdout.write(
        `${JSON.stringify({ report, connection: hint, notes: extraNotes, written: where }, null, 2)}\n`,
      );
    } else {
      lines.push(reportText(report));
      const suggestion = hintText(hint);
      if (suggestion)
        lines.push(
          `The file points at ${suggestion}: add a connection for it in Trestle to send these requests there.`,
        );
      lines.push(...extraNotes, where);
      io.stdout.write(`${lines.join('\n')}\n`);
    }
    return EXIT.ok;
  },
};
