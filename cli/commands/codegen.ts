import fs from 'node:fs';
import path from 'node:path';
import { parseCommandLine, UsageError, type FlagSpec } from '../../engine/host/cli-args';
import type { CollectionFolder, SavedRequest } from '../../shared/documents';
import {
  CODE_LANGUAGES,
  generateCode,
  type CodeLanguage,
  type SignIn,
} from '../../shared/interop/codegen';
import type { RequestSpec } from '../../shared/request';
import type { VariableLayer } from '../../shared/variables';
import { CliError, EXIT, type Command } from '../command';
import { requestFlags, requestSpec } from '../request-flags';
import { DEFAULT_DATA_DIR, findSavedConnection } from '../saved-connections';
import { collectionsFile, collectionsInFile, readCollections } from './import';

/**
 * `trestle codegen --lang …`: a saved request, or METHOD PATH with `send`'s flags, as a
 * snippet that signs in from environment variables and holds no token or secret. Nothing
 * is sent: the connection flags only fill the snippet's defaults (server, site, PAT name).
 */

const ALIASES: Record<string, CodeLanguage> = {
  js: 'javascript',
  bash: 'curl',
  ps: 'powershell',
  pwsh: 'powershell',
  'curl-ps': 'curl-powershell',
};

const flags = {
  ...requestFlags,
  lang: { kind: 'string', description: `one of ${CODE_LANGUAGES.join(', ')} (js, bash, pwsh too)` },
  'sign-in': { kind: 'string', description: 'pat (default), password or token' },
  connection: {
    kind: 'string',
    description: 'fill the server, site and PAT name from this saved connection',
  },
  'data-dir': { kind: 'string', description: `Trestle's data folder (default ~/.trestle-web)` },
  server: { kind: 'string', description: 'the TABLEAU_SERVER default' },
  site: { kind: 'string', description: 'the TABLEAU_SITE default (a content URL)' },
  'pat-name': {
    kind: 'string',
    description: 'the TABLEAU_PAT_NAME default (a name, not a secret)',
  },
  user: { kind: 'string', description: 'the TABLEAU_USERNAME default, with --sign-in password' },
  'api-version': { kind: 'string', description: 'the TABLEAU_API_VERSION default' },
  out: { kind: 'string', description: 'write the snippet to FILE instead of stdout' },
  help: { kind: 'boolean', description: 'show this help' },
} satisfies FlagSpec;

const HELP = `Print a request as code that runs as written: curl (bash or PowerShell), Python
requests, Tableau's Python client (TSC), PowerShell Invoke-RestMethod, JavaScript fetch.

Usage: trestle codegen --lang LANG COLLECTION/FOLDER/REQUEST [flags]
       trestle codegen --lang LANG FILE.json:FOLDER/REQUEST [flags]
       trestle codegen --lang LANG METHOD PATH [--query …] [--header …] [--param …] [--body FILE]

  --lang LANG        curl, curl-powershell, python, tsc, powershell, javascript
  --sign-in KIND     pat (TABLEAU_PAT_NAME / TABLEAU_PAT_SECRET, the default), password
                     (TABLEAU_USERNAME / TABLEAU_PASSWORD) or token (TABLEAU_TOKEN and
                     TABLEAU_SITE_ID, a session you already have)
  --connection NAME  fill the defaults from a saved connection; or --server URL, --site,
                     --pat-name, --user, --api-version
  --out FILE         write the snippet to FILE

Snippets sign in themselves, sign out at the end, and read every secret from the
environment: no token or secret is ever in them. {{variables}} are resolved from the
collection's variables, or read from an environment variable of the same name in capitals
(project-id → PROJECT_ID). TSC is used where the preset maps to a TSC call; otherwise the
snippet says so and uses requests. Nothing is sent.

Exit codes: 0 written, 2 usage or input error.`;

const same = (a: string, b: string) =>
  a.localeCompare(b, undefined, { sensitivity: 'accent' }) === 0;

/** A saved request by `COLLECTION/FOLDER/REQUEST` (or `FILE.json:FOLDER/REQUEST`), with its folders' variables. */
function findRequest(
  target: string,
  dataDir: string,
): { request: SavedRequest; layers: VariableLayer[] } {
  const fileMatch = /^(.*\.json):(.+)$/i.exec(target);
  let collections: CollectionFolder[];
  let names: string[];
  if (fileMatch) {
    if (!fs.existsSync(fileMatch[1]))
      throw new CliError(`The collection file ${fileMatch[1]} does not exist.`, EXIT.usage);
    collections = collectionsInFile(fileMatch[1]);
    names = fileMatch[2].split('/').filter(Boolean);
    if (collections.length === 1 && !same(names[0], collections[0].name))
      names = [collections[0].name, ...names];
  } else {
    const file = collectionsFile(dataDir);
    if (!fs.existsSync(file))
      throw new CliError(
        `No saved collections in ${dataDir} (give --data-dir, or METHOD PATH).`,
        EXIT.usage,
      );
    collections = readCollections(file).collections;
    names = target.split('/').filter(Boolean);
  }
  if (names.length < 2)
    throw new UsageError(`Name the request as COLLECTION/…/REQUEST, not “${target}”.`);
  const requestName = names.pop()!;
  let folder = collections.find((c) => same(c.name, names[0]));
  if (!folder) throw new CliError(`No collection “${names[0]}”.`, EXIT.usage);
  const layers: VariableLayer[] = [];
  const push = (f: CollectionFolder) => {
    if (f.variables?.length)
      layers.unshift({ scope: 'collection', label: `Folder “${f.name}”`, variables: f.variables });
  };
  push(folder);
  for (const name of names.slice(1)) {
    const next: CollectionFolder | undefined = folder.folders.find((f) => same(f.name, name));
    if (!next) throw new CliError(`“${folder.name}” has no folder “${name}”.`, EXIT.usage);
    folder = next;
    push(folder);
  }
  const request = folder.requests.find((r) => same(r.name, requestName));
  if (!request)
    throw new CliError(
      `“${folder.name}” has no request “${requestName}” (its requests: ${folder.requests.map((r) => `“${r.name}”`).join(', ') || 'none'}).`,
      EXIT.usage,
    );
  return { request, layers };
}

export const codegenCommand: Command = {
  name: 'codegen',
  help: HELP,
  async run(args, io) {
    const { flags: options, positionals } = parseCommandLine(args, flags);
    if (options.help) {
      io.stdout.write(`${HELP}\n`);
      return EXIT.ok;
    }
    const wanted = options.lang;
    if (!wanted)
      throw new UsageError(`Say which language with --lang (${CODE_LANGUAGES.join(', ')}).`);
    const language = (ALIASES[wanted] ?? wanted) as CodeLanguage;
    if (!CODE_LANGUAGES.includes(language))
      throw new UsageError(`--lang ${wanted}: use ${CODE_LANGUAGES.join(', ')}.`);
    const signIn = (options['sign-in'] ?? (options.user ? 'password' : 'pat')) as SignIn;
    if (!['pat', 'password', 'token'].includes(signIn))
      throw new UsageError('--sign-in takes pat, password or token.');
    if (options['api-version'] !== undefined && !/^\d+\.\d+$/.test(options['api-version']))
      throw new UsageError(`--api-version must look like 3.24, not “${options['api-version']}”.`);
    const dataDir = options['data-dir'] ?? DEFAULT_DATA_DIR;

    let spec: RequestSpec;
    let presetId: string | undefined;
    let name: string | undefined;
    let layers: VariableLayer[] = [];
    if (positionals.length === 2) {
      spec = await requestSpec(positionals[0], positionals[1], options, io.stdin);
      const { linkPreset } = await import('../../shared/interop/preset-link');
      presetId = linkPreset(spec.method, spec.path, spec.pathParams)?.preset.id;
    } else if (positionals.length === 1) {
      for (const flag of ['query', 'header', 'param', 'body'] as const)
        if (options[flag] !== undefined)
          throw new UsageError(`--${flag} goes with METHOD PATH, not a saved request.`);
      const found = findRequest(positionals[0], dataDir);
      spec = found.request.spec;
      presetId = found.request.presetId;
      name = found.request.name;
      layers = found.layers;
    } else {
      throw new UsageError('Give a saved request (COLLECTION/FOLDER/REQUEST) or METHOD PATH.');
    }
    const saved = options.connection ? findSavedConnection(dataDir, options.connection) : null;
    const snippet = generateCode(language, {
      spec,
      presetId,
      name,
      layers,
      signIn,
      serverUrl: options.server ?? saved?.serverUrl,
      siteContentUrl: options.site ?? saved?.siteContentUrl,
      apiVersion: options['api-version'] ?? saved?.apiVersion.pinned ?? saved?.apiVersion.detected,
      identity: options['pat-name'] ?? options.user ?? saved?.auth.identity,
    });
    for (const note of snippet.notes) io.stderr.write(`${note}\n`);
    if (options.out !== undefined) {
      const dir = path.dirname(path.resolve(options.out));
      if (!fs.existsSync(dir))
        throw new CliError(`--out: the folder ${dir} does not exist.`, EXIT.usage);
      fs.writeFileSync(options.out, snippet.text, { mode: language === 'curl' ? 0o755 : 0o644 });
      io.stderr.write(`Wrote ${options.out}; it reads ${snippet.env.join(', ')}.\n`);
    } else io.stdout.write(snippet.text);
    return EXIT.ok;
  },
};
