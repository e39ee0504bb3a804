import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { appRoot } from '../engine/host/app-root';
import { parseFlags, usage, UsageError, type FlagSpec } from '../engine/host/cli-args';
import { startWebApp } from './app';

export const DEFAULT_WEB_PORT = 7766;

const flags = {
  port: {
    kind: 'number',
    description: `port on 127.0.0.1 (0 = any free port; default ${DEFAULT_WEB_PORT})`,
  },
  open: { kind: 'boolean', description: 'open a browser (default; --no-open to not)' },
  'access-key': { kind: 'string', description: 'the access key (default: random for each run)' },
  'key-file': {
    kind: 'string',
    description:
      'keep the access key in this owner-only file (made on first use), so a bookmark outlives restarts',
  },
  'data-dir': {
    kind: 'string',
    description: 'folder for connections, collections, history (default ~/.trestle-web)',
  },
  'sandbox-url': {
    kind: 'string',
    description: 'use a running sandbox for the Sandbox connection',
  },
  help: { kind: 'boolean', description: 'show this help' },
} satisfies FlagSpec;

const repoRoot = appRoot(import.meta.url);

export async function main(argv: string[]): Promise<void> {
  let options;
  try {
    options = parseFlags(argv, flags);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`trestle web: ${error.message}\n${usage('npm run web --', flags)}\n`);
      process.exit(2);
    }
    throw error;
  }
  if (options.help) {
    process.stdout.write(`${usage('npm run web --', flags)}\n`);
    return;
  }
  const port = options.port ?? DEFAULT_WEB_PORT;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`trestle web: --port must be a whole number from 0 to 65535.\n`);
    process.exit(2);
  }
  if (options['access-key'] !== undefined && options['key-file'] !== undefined) {
    process.stderr.write('trestle web: give either --access-key or --key-file, not both.\n');
    process.exit(2);
  }
  let accessKey: string;
  try {
    accessKey =
      options['key-file'] !== undefined
        ? keyFromFile(options['key-file'])
        : (options['access-key'] ?? randomBytes(24).toString('base64url'));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`trestle web: ${error.message}\n`);
    process.exit(2);
  }
  if (!isAccessKey(accessKey)) {
    process.stderr.write(
      'trestle web: --access-key must be at least 8 characters of letters, digits, - _ . ~\n',
    );
    process.exit(2);
  }
  const dataDir = options['data-dir'] ?? path.join(os.homedir(), '.trestle-web');
  let app;
  try {
    app = await startWebApp({
      port,
      accessKey,
      rendererDir: path.join(repoRoot, 'dist', 'renderer'),
      dataDir,
      sandboxUrl: options['sandbox-url'],
      onCorrupt: (report) =>
        process.stderr.write(
          `trestle web: ${report.file} could not be read (${report.reason}); it was moved to ${report.movedTo} and a fresh one started.\n`,
        ),
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    process.stderr.write(
      code === 'EADDRINUSE'
        ? `trestle web: port ${port} is in use. Pick another with --port N (0 = any free port).\n`
        : `trestle web: could not start: ${(error as Error).message}\n`,
    );
    process.exit(1);
  }
  const url = `${app.host.url}/?key=${accessKey}`;
  process.stdout.write(
    `Trestle web host is running at ${url}\n(loopback only; keep the key private). Data: ${dataDir}. Ctrl+C to stop.\n`,
  );
  if (options.open !== false) openBrowser(url);
  const stop = () => {
    // History first, whatever happens to the close (an `exit` handler and a journal back it up).
    app.engine.persistence.flush();
    void app.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

function isAccessKey(key: string): boolean {
  return key.length >= 8 && /^[\w.~-]+$/.test(key);
}

/**
 * The stable key of `--key-file`: read from the file, or made and written there (owner-only)
 * when the file does not exist yet. A file others could read, or not a plain file of ours,
 * is refused: the key opens the app, the Tableau sessions in it included.
 */
function keyFromFile(file: string): string {
  let fd: number;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    // O_EXCL: made here, never through a link someone left at that path.
    fd = fs.openSync(
      file,
      fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL,
      0o600,
    );
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST')
      throw new UsageError(
        `--key-file ${file} cannot be created (${(error as NodeJS.ErrnoException).code}).`,
      );
    return readKeyFile(file);
  }
  const key = randomBytes(32).toString('base64url');
  try {
    fs.writeSync(fd, `${key}\n`);
  } finally {
    fs.closeSync(fd);
  }
  return key;
}

function readKeyFile(file: string): string {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0));
  } catch (error) {
    throw new UsageError(
      `--key-file ${file} cannot be read (${(error as NodeJS.ErrnoException).code}); it must be a plain file, not a link.`,
    );
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile() || stat.size > 1024)
      throw new UsageError(`--key-file ${file} is not a key file (a plain file of one line).`);
    if (process.platform !== 'win32') {
      if (process.getuid && stat.uid !== process.getuid())
        throw new UsageError(`--key-file ${file} belongs to another user.`);
      if (stat.mode & 0o077)
        throw new UsageError(
          `--key-file ${file} is readable by others (mode ${(stat.mode & 0o777).toString(8)}); run chmod 600 on it.`,
        );
    }
    const key = fs.readFileSync(fd, 'utf8').trim();
    if (!isAccessKey(key))
      throw new UsageError(
        `--key-file ${file} must hold one key of at least 8 letters, digits, - _ . ~`,
      );
    return key;
  } finally {
    fs.closeSync(fd);
  }
}

function openBrowser(url: string): void {
  const command =
    process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'cmd' : 'xdg-open';
  const args = process.platform === 'win32' ? ['/c', 'start', '', url] : [url];
  try {
    const child = spawn(command, args, { stdio: 'ignore', detached: true });
    child.on('error', () =>
      process.stdout.write('(Could not open a browser; open the URL above yourself.)\n'),
    );
    child.unref();
  } catch {
    process.stdout.write('(Could not open a browser; open the URL above yourself.)\n');
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  void main(process.argv.slice(2));
}
