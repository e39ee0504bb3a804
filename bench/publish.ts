import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEMO_CREDENTIALS, startSandbox } from '../sandbox';
import { summarize } from './stats';
import { repoRoot, startHostProcess, type HostProcess } from './web-host-process';

const LATENCY_MS = 20;
const CHUNK = 50 * 1024 * 1024;
const MB = 1024 * 1024;

export interface PublishFigures {
  file_mb: number;
  chunks: number;
  trestle_s: number[];
  loop_s: number[];
  trestle_mb_s: number;
  loop_mb_s: number;
  /** The host's resident memory before the publish, and its peak during it (sampled), MB. */
  host_rss_before_mb: number;
  host_rss_peak_mb: number;
  /** Peak minus before: what streaming a file costs the host, whatever its size. */
  host_rss_growth_mb: number;
}

/**
 * A Hyper-looking file of `megabytes` MB (it starts with "Hyper", as the sandbox checks),
 * written a megabyte at a time from a few random blocks, so making it costs little.
 */
function bigHyper(file: string, megabytes: number): void {
  const blocks = Array.from({ length: 8 }, () => randomBytes(MB));
  blocks[0].write('Hyper', 0, 'latin1');
  const fd = fs.openSync(file, 'w');
  for (let i = 0; i < megabytes; i++) {
    const block = blocks[i === 0 ? 0 : 1 + (i % 7)];
    block.writeUInt32LE(i, 16);
    fs.writeSync(fd, block);
  }
  fs.closeSync(fd);
}

/** The host's resident set now (VmRSS), MB. */
function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]) / 1024;
}

/**
 * The baseline, in a process of its own (as a script runs): `publish-loop.ts`, a plain
 * sequential chunked uploader as Tableau's Python client publishes. Its own clock: start-up
 * is not counted.
 */
function plainLoop(base: string, file: string, projectId: string, name: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        path.join(repoRoot, 'bench', 'publish-loop.ts'),
        base,
        file,
        projectId,
        name,
      ],
      { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('exit', (code) =>
      code === 0
        ? resolve((JSON.parse(out) as { seconds: number }).seconds)
        : reject(new Error(`the plain loop exited ${code}`)),
    );
  });
}

async function signIn(base: string): Promise<{ token: string; siteId: string }> {
  const response = await fetch(`${base}/api/3.29/auth/signin`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({
      // A password session: the host holds the PAT's one session, which a PAT sign-in would end.
      credentials: {
        name: DEMO_CREDENTIALS.username,
        password: DEMO_CREDENTIALS.password,
        site: { contentUrl: '' },
      },
    }),
  });
  const body = (await response.json()) as { credentials: { token: string; site: { id: string } } };
  return { token: body.credentials.token, siteId: body.credentials.site.id };
}

interface Snapshot {
  operationId: string;
  state: string;
  error: { message: string } | null;
  outcome: { upload: { chunks: number; acknowledged: number } } | null;
}

/** Trestle through the web host bridge: a publish operation, as the Publish panel starts it. */
async function trestlePublish(
  host: HostProcess,
  file: string,
  projectId: string,
  peak: { mb: number },
): Promise<number> {
  const pid = host.child.pid as number;
  const timer = setInterval(() => (peak.mb = Math.max(peak.mb, rssMb(pid))), 50);
  const started = performance.now();
  try {
    const { operationId } = await host.call<Snapshot>(
      'operations:start',
      'sandbox',
      { kind: 'publish', file, projectId, name: 'Bench extract', mode: 'overwrite', chunkMb: 50 },
      { operationId: `bench-${Math.random()}` },
    );
    const done = await host.call<Snapshot>('operations:wait', operationId);
    if (done.state !== 'succeeded')
      throw new Error(`Trestle's publish ${done.state}: ${done.error?.message ?? ''}`);
    return (performance.now() - started) / 1000;
  } finally {
    clearInterval(timer);
  }
}

/**
 * `publish`: a 1 GB file at 20 ms latency, published by Trestle (the web host, as the panel
 * does) and by the plain TSC-style loop, with the host's memory sampled throughout: streaming
 * means the host's memory does not grow with the file.
 */
export async function benchPublish(megabytes: number, reps: number): Promise<PublishFigures> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trestle-bench-publish-'));
  const file = path.join(dir, 'bench.hyper');
  bigHyper(file, megabytes);
  const sandbox = await startSandbox({ port: 0, faults: { latencyMs: LATENCY_MS } });
  const host = await startHostProcess(sandbox.url);
  try {
    await host.call('session:signIn', 'sandbox');
    const { token, siteId } = await signIn(sandbox.url);
    const projects = await fetch(`${sandbox.url}/api/3.29/sites/${siteId}/projects`, {
      headers: { 'x-tableau-auth': token, accept: 'application/json' },
    });
    const projectId = ((await projects.json()) as { projects: { project: Array<{ id: string }> } })
      .projects.project[0].id;
    const before = rssMb(host.child.pid as number);
    const peak = { mb: before };
    // Taken in turns, so a change in the machine's load falls on both alike.
    const trestle: number[] = [];
    const loop: number[] = [];
    for (let i = 0; i < reps; i++) {
      trestle.push(await trestlePublish(host, file, projectId, peak));
      loop.push(await plainLoop(sandbox.url, file, projectId, 'Bench loop'));
    }
    const median = (values: number[]) => summarize(values).median;
    return {
      file_mb: megabytes,
      chunks: Math.ceil((megabytes * MB) / CHUNK),
      trestle_s: trestle,
      loop_s: loop,
      trestle_mb_s: megabytes / median(trestle),
      loop_mb_s: megabytes / median(loop),
      host_rss_before_mb: before,
      host_rss_peak_mb: peak.mb,
      host_rss_growth_mb: peak.mb - before,
    };
  } finally {
    await host.stop();
    await sandbox.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
