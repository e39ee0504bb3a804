import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const BENCH_KEY = 'bench-access-key-0123456789';

export interface HostProcess {
  url: string;
  child: ChildProcess;
  startedAt: number;
  /** Calls a channel over the web host bridge, throwing on `{ok:false}`. */
  call<T = unknown>(channel: string, ...args: unknown[]): Promise<T>;
  /** Peak resident set size of the host process so far (VmHWM), in MB. */
  peakRssMb(): number | null;
  stop(): Promise<void>;
}

/** Starts `npm run web`'s entry as its own process, as users run it, on a free port. */
export async function startHostProcess(sandboxUrl: string): Promise<HostProcess> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'trestle-bench-'));
  const startedAt = performance.now();
  const child = spawn(
    process.execPath,
    [
      // The built web host, as `npm run web` runs it; one process, so /proc/PID is the host.
      path.join(repoRoot, 'dist/web-host/web-host.mjs'),
      ...['--port', '0', '--no-open', '--access-key', BENCH_KEY, '--data-dir', dataDir],
      ...['--sandbox-url', sandboxUrl],
    ],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /(http:\/\/127\.0\.0\.1:\d+)\/\?key=/.exec(out);
      if (match) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`web host exited (${code})`)));
  });
  return {
    url,
    child,
    startedAt,
    async call<T>(channel: string, ...args: unknown[]): Promise<T> {
      const response = await fetch(`${url}/ipc/${channel}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${BENCH_KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify({ args }),
      });
      const result = (await response.json()) as {
        ok: boolean;
        data?: T;
        error?: { code: string; message: string };
      };
      if (!result.ok) throw new Error(`${channel}: ${result.error?.code} ${result.error?.message}`);
      return result.data as T;
    },
    peakRssMb() {
      try {
        const status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8');
        const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1]);
        return Number.isFinite(kb) ? kb / 1024 : null;
      } catch {
        return null;
      }
    },
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
