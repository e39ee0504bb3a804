import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../sandbox';
import { USERS } from '../engine/test-support';

/**
 * Issue 11 item 14: what the web host had recorded when it was killed (SIGKILL: no exit
 * handler runs) is there after a restart, and what the crash left behind — temp files of an
 * atomic write, spilled response bodies — is cleaned up at the next start.
 */
const repoRoot = path.resolve(__dirname, '..');
const KEY = 'crash-test-key-0123456789';
let sandbox: RunningSandbox;
let dataDir = '';
const children: ChildProcess[] = [];

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, seed: 3 });
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'trestle-crash-'));
});
afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await sandbox.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** `npm run web`'s entry, as a user starts it, on a free port over `dataDir`. */
async function startHost(): Promise<{ child: ChildProcess; base: string }> {
  const child = spawn(
    process.execPath,
    [
      // In this process (not tsx's CLI, which runs a child): the pid killed is the host's.
      '--import',
      'tsx',
      'web-host/cli.ts',
      '--port',
      '0',
      '--no-open',
      '--access-key',
      KEY,
      '--data-dir',
      dataDir,
      '--sandbox-url',
      sandbox.url,
    ],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  children.push(child);
  const base = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /(http:\/\/127\.0\.0\.1:\d+)\/\?key=/.exec(out);
      if (match) resolve(match[1]);
    });
    child.on('exit', (code) => reject(new Error(`web host exited early (${code})`)));
  });
  return { child, base };
}

async function call(base: string, channel: string, args: unknown[]): Promise<unknown> {
  const res = await fetch(`${base}/ipc/${channel}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${KEY}` },
    body: JSON.stringify({ args }),
  });
  const result = (await res.json()) as { ok: boolean; data?: unknown; error?: unknown };
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.data;
}

function killed(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

const responseDirsOf = (pid: number) =>
  fs.readdirSync(os.tmpdir()).filter((name) => name.startsWith(`trestle-responses-${pid}-`));

describe('a web host killed mid-work', () => {
  it('keeps every history entry recorded before the kill, and cleans up after the crash', async () => {
    const first = await startHost();
    await call(first.base, 'session:signIn', ['sandbox']);
    const sent = 40;
    let last = { responseId: '' };
    for (let i = 0; i < sent; i++) {
      last = (await call(first.base, 'request:send', [
        'sandbox',
        { ...USERS, query: [{ name: 'pageNumber', value: String(i + 1) }] },
      ])) as { responseId: string };
    }
    // An export leaves a file in the host's spill folder, as a large body would.
    await call(first.base, 'export:save', [last.responseId, 'json']);
    const pid = first.child.pid!;
    expect(responseDirsOf(pid)).toHaveLength(1);
    // A write torn by the crash: what an atomic write leaves before its rename.
    const torn = path.join(dataDir, `history.json.${pid}.x1y2z3.tmp`);
    fs.writeFileSync(torn, '{"schemaVersion":2,"entr');
    // At once: no flush timer has run, and SIGKILL runs no exit handler.
    await killed(first.child);

    const second = await startHost();
    const entries = (await call(second.base, 'history:list', [])) as Array<{ spec: unknown }>;
    expect(entries).toHaveLength(sent);
    expect(fs.existsSync(torn)).toBe(false);
    expect(responseDirsOf(pid)).toEqual([]);
    await killed(second.child);
  });
});
