import fs from 'node:fs';
import path from 'node:path';
import { parseCommandLine, UsageError, type FlagSpec } from '../../engine/host/cli-args';
import type { CollectionFolder } from '../../shared/documents';
import {
  collectionToFiles,
  COLLECTION_FILE,
  FOLDER_FILE,
  REQUEST_SUFFIX,
} from '../../shared/interop/collection-files';
import { exportPostman } from '../../shared/interop/postman-export';
import type { Variable } from '../../shared/variables';
import { CliError, EXIT, type Command } from '../command';
import { DEFAULT_DATA_DIR, findSavedConnection } from '../saved-connections';
import { collectionsFile, collectionsInFile, readCollections } from './import';

/**
 * `trestle export postman|files COLLECTION --out PATH`: a saved collection (or folder, or a
 * collection file) as Postman v2.1 that newman runs as it is, or as Trestle's one-file-per-
 * request tree for git. No token and no secret is written (DESIGN.md §4).
 */

const flags = {
  out: { kind: 'string', description: 'the file (postman) or folder (files) to write' },
  'data-dir': { kind: 'string', description: `Trestle's data folder (default ~/.trestle-web)` },
  connection: {
    kind: 'string',
    description: 'postman: take the server, site and PAT name of this saved connection',
  },
  server: { kind: 'string', description: 'postman: the {{server}} default' },
  site: { kind: 'string', description: 'postman: the {{site-content-url}} default' },
  'pat-name': {
    kind: 'string',
    description: 'postman: the {{pat-name}} default (a name, not a secret)',
  },
  'api-version': {
    kind: 'string',
    description: 'postman: the {{api-version}} default (else asked of the server)',
  },
  help: { kind: 'boolean', description: 'show this help' },
} satisfies FlagSpec;

const HELP = `Export a collection or folder: to Postman v2.1, or to Trestle's collection files for git.

Usage: trestle export postman COLLECTION[/FOLDER...] --out FILE.json [flags]
       trestle export files COLLECTION[/FOLDER...] --out DIR [flags]
       (COLLECTION may also be a collection file: FILE.json[:FOLDER/...])

postman   One Postman v2.1 file. Its first request signs in with the PAT in {{pat-name}} /
          {{pat-secret}} and keeps the token in {{token}}; the last signs out; captures and
          assertions become test scripts. Run it with
            newman run FILE.json --env-var pat-secret=$TABLEAU_PAT_SECRET
          --connection NAME, or --server/--site/--pat-name/--api-version, fill the defaults.
files     One JSON file per request in a folder tree (collection.json, folder.json,
          NAME.request.json): stable key order, no ids, bodies as lines, for review in git.
          Writing over an earlier export replaces its files and removes the ones gone.

Nothing written holds a token or a secret: secret variables and credential headers go out
empty.

  --data-dir DIR   Trestle's data folder (default ~/.trestle-web)

Exit codes: 0 written, 2 usage or input error.`;

const same = (a: string, b: string) =>
  a.localeCompare(b, undefined, { sensitivity: 'accent' }) === 0;

/** The folder a target names, and the variables of the folders above it (innermost first). */
export function resolveTarget(
  target: string,
  dataDir: string,
): { folder: CollectionFolder; inherited: Variable[] } {
  const fileMatch = /^(.*\.json)(?::(.*))?$/i.exec(target);
  let collections: CollectionFolder[];
  let names: string[];
  let where: string;
  if (fileMatch && fs.existsSync(fileMatch[1])) {
    collections = collectionsInFile(fileMatch[1]);
    where = fileMatch[1];
    names = fileMatch[2] ? fileMatch[2].split('/').filter(Boolean) : [];
    if (collections.length === 1 && (names.length === 0 || !same(names[0], collections[0].name)))
      names = [collections[0].name, ...names];
  } else if (fileMatch) {
    throw new CliError(`The collection file ${fileMatch[1]} does not exist.`, EXIT.usage);
  } else {
    const file = collectionsFile(dataDir);
    if (!fs.existsSync(file))
      throw new CliError(
        `No saved collections in ${dataDir} (give --data-dir, or a collection file).`,
        EXIT.usage,
      );
    collections = readCollections(file).collections;
    where = dataDir;
    names = target.split('/').filter(Boolean);
  }
  const [first, ...rest] = names;
  let folder = collections.find((c) => first !== undefined && same(c.name, first));
  if (!folder)
    throw new CliError(
      `No collection “${first ?? ''}” in ${where} (there are: ${collections.map((c) => `“${c.name}”`).join(', ') || 'none'}).`,
      EXIT.usage,
    );
  const chain: CollectionFolder[] = [];
  for (const name of rest) {
    const next: CollectionFolder | undefined = folder.folders.find((f) => same(f.name, name));
    if (!next) throw new CliError(`“${folder.name}” has no folder “${name}”.`, EXIT.usage);
    chain.unshift(folder);
    folder = next;
  }
  return { folder, inherited: chain.flatMap((f) => f.variables ?? []) };
}

/** Writes files under `dir`, replacing an earlier export's and removing the ones no longer there. */
function writeTree(
  dir: string,
  files: { path: string; text: string }[],
): { written: number; removed: number } {
  if (fs.existsSync(dir)) {
    if (!fs.statSync(dir).isDirectory())
      throw new CliError(`--out ${dir} is a file, not a folder.`, EXIT.usage);
    const entries = fs.readdirSync(dir).filter((n) => !n.startsWith('.'));
    if (entries.length && !entries.includes(COLLECTION_FILE))
      throw new CliError(
        `--out ${dir} is not empty and holds no earlier export (${COLLECTION_FILE}): give an empty or new folder.`,
        EXIT.usage,
      );
  }
  const keep = new Set(files.map((f) => path.join(dir, ...f.path.split('/'))));
  let removed = 0;
  const prune = (at: string): boolean => {
    if (!fs.existsSync(at)) return true;
    let empty = true;
    for (const entry of fs.readdirSync(at, { withFileTypes: true })) {
      const full = path.join(at, entry.name);
      if (entry.isDirectory() && !entry.name.startsWith('.')) {
        if (prune(full)) fs.rmdirSync(full);
        else empty = false;
      } else if (
        entry.isFile() &&
        (entry.name.endsWith(REQUEST_SUFFIX) ||
          entry.name === FOLDER_FILE ||
          entry.name === COLLECTION_FILE) &&
        !keep.has(full)
      ) {
        fs.rmSync(full);
        removed++;
      } else empty = false;
    }
    return empty;
  };
  prune(dir);
  for (const file of files) {
    const target = path.join(dir, ...file.path.split('/'));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const temp = `${target}.${process.pid}.tmp`;
    fs.writeFileSync(temp, file.text);
    fs.renameSync(temp, target);
  }
  return { written: files.length, removed };
}

export const exportCommand: Command = {
  name: 'export',
  help: HELP,
  async run(args, io) {
    const { flags: options, positionals } = parseCommandLine(args, flags);
    if (options.help) {
      io.stdout.write(`${HELP}\n`);
      return EXIT.ok;
    }
    const [kind, target, ...extra] = positionals;
    if (kind !== 'postman' && kind !== 'files')
      throw new UsageError(
        kind
          ? `Export as what? “${kind}” is not postman or files.`
          : 'Say how to export: postman or files.',
      );
    if (!target) throw new UsageError('Name the collection (or folder) to export.');
    if (extra.length) throw new UsageError(`Unexpected argument “${extra[0]}”.`);
    if (!options.out)
      throw new UsageError(`Say where with --out ${kind === 'postman' ? 'FILE.json' : 'DIR'}.`);
    if (kind === 'files')
      for (const flag of ['connection', 'server', 'site', 'pat-name', 'api-version'] as const)
        if (options[flag] !== undefined) throw new UsageError(`--${flag} goes with postman only.`);
    if (options['api-version'] !== undefined && !/^\d+\.\d+$/.test(options['api-version']))
      throw new UsageError(`--api-version must look like 3.24, not “${options['api-version']}”.`);
    const dataDir = options['data-dir'] ?? DEFAULT_DATA_DIR;
    const { folder, inherited } = resolveTarget(target, dataDir);

    if (kind === 'postman') {
      const saved = options.connection ? findSavedConnection(dataDir, options.connection) : null;
      const out = exportPostman(folder, {
        serverUrl: options.server ?? saved?.serverUrl,
        siteContentUrl: options.site ?? saved?.siteContentUrl,
        patName:
          options['pat-name'] ?? (saved?.auth.kind === 'pat' ? saved.auth.identity : undefined),
        apiVersion:
          options['api-version'] ??
          (saved?.apiVersion.mode === 'pinned' ? saved.apiVersion.pinned : undefined),
        inheritedVariables: inherited,
      });
      const dir = path.dirname(path.resolve(options.out));
      if (!fs.existsSync(dir))
        throw new CliError(`--out: the folder ${dir} does not exist.`, EXIT.usage);
      const temp = `${options.out}.${process.pid}.tmp`;
      fs.writeFileSync(temp, out.text);
      fs.renameSync(temp, options.out);
      for (const note of out.notes) io.stderr.write(`${note}\n`);
      io.stdout.write(
        `Wrote “${folder.name}” as Postman v2.1 to ${options.out}. Run it with: newman run ${options.out} --env-var pat-secret=…\n`,
      );
      return EXIT.ok;
    }
    const { files, notes } = collectionToFiles({
      ...folder,
      variables: [
        ...(folder.variables ?? []),
        ...inherited.filter((v) => !(folder.variables ?? []).some((o) => o.name === v.name)),
      ],
    });
    const { written, removed } = writeTree(options.out, files);
    for (const note of notes) io.stderr.write(`${note}\n`);
    io.stdout.write(
      `Wrote “${folder.name}” as ${written} files to ${options.out}${removed ? ` (${removed} files of the earlier export removed)` : ''}.\n`,
    );
    return EXIT.ok;
  },
};
