import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Engine } from '../engine';
import { externalSandbox } from '../engine/sandbox-provider';
import { JsonDirStore } from '../engine/store/document-store';

export const repoRoot = path.resolve(import.meta.dirname, '..');
const bin = path.join(repoRoot, 'bin', 'trestle.mjs');

/** The environment variable the tests keep the PAT secret in. */
export const SECRET_ENV = 'TRESTLE_TEST_PAT_SECRET';

/**
 * The sandbox's demo login, passed in by each test (it imports `sandbox/`, which this file,
 * compiled with cli/, may not).
 */
export interface Login {
  patName: string;
  patSecret: string;
}

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the real command (`bin/trestle.mjs`, as `npx trestle` does) in a child process, with a
 * small environment: PATH, a private HOME (so no real data folder is read), and the PAT
 * secret (if given) in SECRET_ENV. Asynchronous, so a sandbox in the test's own process keeps answering.
 */
export function trestle(
  args: string[],
  options: {
    secret?: string;
    env?: Record<string, string | undefined>;
    input?: string;
    cwd?: string;
  } = {},
): Promise<Run> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: options.env?.HOME ?? scratchDir('home'),
  };
  // The usual temp folder keeps tsx's compile cache warm when the sources run unbundled.
  if (process.env.TMPDIR) env.TMPDIR = process.env.TMPDIR;
  if (options.secret !== undefined) env[SECRET_ENV] = options.secret;
  for (const [name, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd: options.cwd ?? repoRoot,
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

/** The connection flags for a server at `url`, signing in with a PAT whose secret is in SECRET_ENV. */
export function serverFlags(url: string, login: Login): string[] {
  return ['--server', url, '--pat-name', login.patName, '--pat-secret-env', SECRET_ENV];
}

const scratch: string[] = [];

/** A fresh temp folder, removed by `removeScratch`. */
export function scratchDir(name: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `trestle-cli-${name}-`));
  scratch.push(dir);
  return dir;
}

export function removeScratch(): void {
  for (const dir of scratch.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

/** Every file under `dir`, recursively. */
export function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/** An answer the proxy gives instead of the sandbox's. */
export interface InjectedAnswer {
  status: number;
  body: unknown;
}

/**
 * A loopback proxy in front of a sandbox. It notes every session token the sandbox hands out
 * (in sign-in and switch-site answers, JSON or XML) and every token sent to it: the sandbox's
 * own session list forgets a token once it is signed out or superseded, this does not. With
 * `inject`, chosen requests get a fixed answer (a page that fails, deterministically).
 */
export async function sandboxProxy(
  target: string,
  inject: (url: URL) => InjectedAnswer | null = () => null,
): Promise<{ url: string; tokens: Set<string>; close(): Promise<void> }> {
  const tokens = new Set<string>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const sent = req.headers['x-tableau-auth'];
      if (typeof sent === 'string') tokens.add(sent);
      const injected = inject(new URL(req.url ?? '/', target));
      if (injected) {
        res.writeHead(injected.status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(injected.body));
        return;
      }
      const headers = Object.fromEntries(
        Object.entries(req.headers).filter(
          (entry): entry is [string, string] => typeof entry[1] === 'string' && entry[0] !== 'host',
        ),
      );
      const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
      fetch(target + req.url, { method: req.method, headers, body, redirect: 'manual' })
        .then(async (answer) => {
          const text = await answer.text();
          for (const match of text.matchAll(/"token"\s*:\s*"([^"]+)"|\btoken="([^"]+)"/g))
            tokens.add(match[1] ?? match[2]);
          const type = answer.headers.get('content-type');
          res.writeHead(answer.status, type ? { 'content-type': type } : {});
          res.end(text);
        })
        .catch(() => {
          res.writeHead(502);
          res.end();
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    tokens,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * An engine over `dataDir` as the web host keeps it (no secrets stored), to save the
 * connections, settings or variables a test's `--connection` reads; dispose it before the run.
 */
export function dataDirEngine(dataDir: string, sandboxUrl: string): Engine {
  return new Engine({
    store: new JsonDirStore(dataDir),
    sandbox: externalSandbox(sandboxUrl),
    emit: () => undefined,
    secretBackend: null,
  });
}
