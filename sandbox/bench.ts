/**
 * Sandbox benchmark: `npx tsx sandbox/bench.ts [--scale large] [--seconds 5]`.
 * Runs the sandbox in a child process (so the client does not share its core), then reports
 * paged-list throughput (pageSize 100, JSON), the server time of a 1000-item page (from the
 * Server-Timing header) and the server's RSS. Targets: ≥2,000 req/s, <10 ms, <500 MB.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import path from 'node:path';

const args = process.argv.slice(2);
const flag = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
const scale = flag('scale', 'large');
const seconds = Number(flag('seconds', '5'));
const concurrency = Number(flag('concurrency', '16'));

const agent = new Agent({ keepAlive: true, maxSockets: concurrency });

interface Answer {
  status: number;
  body: string;
  timing?: number;
}

function send(
  base: string,
  method: string,
  url: string,
  headers: Record<string, string>,
  body?: string,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${url}`, { method, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const timing = /dur=([\d.]+)/.exec(String(res.headers['server-timing'] ?? ''))?.[1];
        resolve({
          status: res.statusCode ?? 0,
          body: Buffer.concat(chunks).toString('utf8'),
          timing: timing ? Number(timing) : undefined,
        });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

async function main(): Promise<void> {
  const cli = path.join(import.meta.dirname, 'cli.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', cli, '--port', '0', '--scale', scale], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const startedAt = performance.now();
  const base = await new Promise<string>((resolve, reject) => {
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (text: string) => {
      const url = /(http:\/\/[\d.]+:\d+)/.exec(text)?.[1];
      if (url) resolve(url);
    });
    child.on('exit', (code) => reject(new Error(`sandbox exited with ${code}`)));
  });
  try {
    const json = { Accept: 'application/json', 'Content-Type': 'application/json' };
    const signin = await send(
      base,
      'POST',
      '/api/3.29/auth/signin',
      json,
      JSON.stringify({
        credentials: { name: 'admin', password: 'trestle', site: { contentUrl: '' } },
      }),
    );
    const generated = performance.now() - startedAt;
    const credentials = JSON.parse(signin.body).credentials;
    const auth = { ...json, 'X-Tableau-Auth': credentials.token };
    const users = `/api/3.29/sites/${credentials.site.id}/users`;
    const first = JSON.parse((await send(base, 'GET', `${users}?pageSize=1`, auth)).body);
    const total = Number(first.pagination.totalAvailable);
    const pages = Math.max(1, Math.floor(total / 100));

    // 1000-item pages: warm up, then take the median server time.
    const big: number[] = [];
    for (let i = 0; i < 30; i++) {
      const page = 1 + (i % Math.max(1, Math.floor(total / 1000)));
      const a = await send(base, 'GET', `${users}?pageSize=1000&pageNumber=${page}`, auth);
      if (i >= 5 && a.timing !== undefined) big.push(a.timing);
    }
    big.sort((a, b) => a - b);
    const sorted = await send(
      base,
      'GET',
      `${users}?pageSize=1000&sort=lastLogin:desc,name:asc`,
      auth,
    );
    const sortedAgain = await send(
      base,
      'GET',
      `${users}?pageSize=1000&pageNumber=2&sort=lastLogin:desc,name:asc`,
      auth,
    );

    // Throughput: `concurrency` clients paging through users, 100 per page, JSON.
    let done = 0;
    let failed = 0;
    const deadline = performance.now() + seconds * 1000;
    await Promise.all(
      Array.from({ length: concurrency }, async (_, worker) => {
        let page = 1 + worker;
        while (performance.now() < deadline) {
          const a = await send(base, 'GET', `${users}?pageSize=100&pageNumber=${page}`, auth);
          if (a.status === 200) done++;
          else failed++;
          page = (page % pages) + 1;
        }
      }),
    );
    const rate = done / seconds;
    const rss = rssMb(child.pid as number);
    console.log(
      `scale ${scale}: ${total} users on the default site; started and signed in after ${generated.toFixed(0)} ms`,
    );
    console.log(
      `paged list (pageSize 100, JSON, ${concurrency} clients): ${rate.toFixed(0)} req/s (${failed} failed)  target ≥ 2000`,
    );
    console.log(
      `1000-item page server time: median ${big[Math.floor(big.length / 2)].toFixed(2)} ms, max ${big.at(-1)?.toFixed(2)} ms  target < 10`,
    );
    console.log(
      `1000-item page sorted by 2 keys: first ${sorted.timing?.toFixed(2)} ms, cached ${sortedAgain.timing?.toFixed(2)} ms`,
    );
    console.log(`sandbox RSS: ${rss.toFixed(0)} MB  target < 500`);
  } finally {
    child.kill('SIGTERM');
    agent.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
