import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Engine } from '../engine';
import { externalSandbox } from '../engine/sandbox-provider';
import { MemoryStore } from '../engine/store/document-store';
import { DEMO_CREDENTIALS, startSandbox } from '../sandbox';
import type { RunOutcome } from '../shared/run';
import type { CollectionFolder, SavedRequest } from '../shared/documents';
import { repeat } from './stats';
import { repoRoot } from './web-host-process';

const LATENCY_MS = 50;
const JITTER_MS = 5;
const API = '3.29';
/** 25 rounds of list / create / update / delete: the 100-request chain. */
const ROUNDS = 25;
const REQUESTS = ROUNDS * 4;

export interface RunChainFigures {
  requests: number;
  trestle_s: number[];
  newman_s: number[];
  /** The chain's requests back to back at the sandbox's latency: nothing can beat it. */
  floor_s: number;
  /** In the engine itself (no process start, sign-in done): wall time beyond the HTTP time, per step. */
  step_overhead_ms: number[];
}

/** The chain as a Trestle collection: captures and assertions, no scripts. */
function trestleCollection(): CollectionFolder {
  const requests: SavedRequest[] = [];
  const site = '/api/{api-version}/sites/{site-id}';
  const req = (
    name: string,
    method: SavedRequest['spec']['method'],
    p: string,
    extra: Partial<SavedRequest> & { body?: unknown } = {},
  ): SavedRequest => ({
    id: `r${requests.length + 1}`,
    name,
    description: '',
    spec: {
      method,
      path: p,
      pathParams: {},
      query: method === 'GET' ? [{ name: 'pageSize', value: '10', enabled: true }] : [],
      headers: [],
      body: extra.body ? { kind: 'json', text: JSON.stringify(extra.body) } : { kind: 'none' },
      accept: 'json',
    },
    captures: extra.captures,
    assertions: extra.assertions,
  });
  for (let i = 1; i <= ROUNDS; i++) {
    requests.push(
      req(`List projects ${i}`, 'GET', `${site}/projects`, {
        assertions: [{ kind: 'status', expected: '200', enabled: true }],
      }),
      req(`Create project ${i}`, 'POST', `${site}/projects`, {
        body: { project: { name: `bench-run-{{stamp}}-${i}` } },
        captures: [{ name: 'pid', from: 'body', path: 'project.id', scope: 'run', enabled: true }],
        assertions: [{ kind: 'status', expected: '201', enabled: true }],
      }),
      req(`Update project ${i}`, 'PUT', `${site}/projects/{{pid}}`, {
        body: { project: { description: 'updated by the bench' } },
        assertions: [{ kind: 'status', expected: '200', enabled: true }],
      }),
      req(`Delete project ${i}`, 'DELETE', `${site}/projects/{{pid}}`, {
        assertions: [{ kind: 'status', expected: '204', enabled: true }],
      }),
    );
  }
  return { id: 'bench', name: 'Bench chain', folders: [], requests };
}

/** The same chain as a Postman collection: a sign-in request and scripts, as Postman users write it. */
function newmanCollection(): object {
  const headers = [
    { key: 'Content-Type', value: 'application/json' },
    { key: 'Accept', value: 'application/json' },
    { key: 'X-Tableau-Auth', value: '{{token}}' },
  ];
  const base = `{{baseUrl}}/api/${API}/sites/{{siteId}}`;
  const status = (code: number) => ({
    listen: 'test',
    script: { exec: [`pm.test('status', () => pm.response.to.have.status(${code}));`] },
  });
  const item: object[] = [
    {
      name: 'Sign In',
      event: [
        {
          listen: 'test',
          script: {
            exec: [
              'const c = pm.response.json().credentials;',
              "pm.environment.set('token', c.token);",
              "pm.environment.set('siteId', c.site.id);",
            ],
          },
        },
      ],
      request: {
        method: 'POST',
        header: headers.slice(0, 2),
        body: {
          mode: 'raw',
          raw: JSON.stringify({
            credentials: {
              personalAccessTokenName: DEMO_CREDENTIALS.patName,
              personalAccessTokenSecret: DEMO_CREDENTIALS.patSecret,
              site: { contentUrl: '' },
            },
          }),
        },
        url: `{{baseUrl}}/api/${API}/auth/signin`,
      },
    },
  ];
  for (let i = 1; i <= ROUNDS; i++) {
    item.push(
      {
        name: `List projects ${i}`,
        event: [status(200)],
        request: { method: 'GET', header: headers, url: `${base}/projects?pageSize=10` },
      },
      {
        name: `Create project ${i}`,
        event: [
          {
            listen: 'test',
            script: {
              exec: [
                "pm.test('status', () => pm.response.to.have.status(201));",
                "pm.environment.set('pid', pm.response.json().project.id);",
              ],
            },
          },
        ],
        request: {
          method: 'POST',
          header: headers,
          body: {
            mode: 'raw',
            raw: JSON.stringify({ project: { name: `bench-newman-{{$timestamp}}-${i}` } }),
          },
          url: `${base}/projects`,
        },
      },
      {
        name: `Update project ${i}`,
        event: [status(200)],
        request: {
          method: 'PUT',
          header: headers,
          body: {
            mode: 'raw',
            raw: JSON.stringify({ project: { description: 'updated by the bench' } }),
          },
          url: `${base}/projects/{{pid}}`,
        },
      },
      {
        name: `Delete project ${i}`,
        event: [status(204)],
        request: { method: 'DELETE', header: headers, url: `${base}/projects/{{pid}}` },
      },
    );
  }
  return {
    info: {
      name: 'Bench chain',
      schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json',
    },
    item,
  };
}

function runProcess(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, output }));
  });
}

/** `trestle run` as a whole process (its start-up, sign-in and sign-out included), as cron runs it. */
async function trestleRun(base: string, file: string): Promise<number> {
  const started = performance.now();
  const { code, output } = await runProcess(
    process.execPath,
    [
      path.join(repoRoot, 'bin/trestle.mjs'),
      'run',
      file,
      '--env',
      `stamp=${Date.now()}`,
      '--reporter',
      `json:${file}.out.json`,
      '--server',
      base,
      '--pat-name',
      DEMO_CREDENTIALS.patName,
      '--pat-secret-env',
      'BENCH_PAT_SECRET',
    ],
    { PATH: process.env.PATH, HOME: os.tmpdir(), BENCH_PAT_SECRET: DEMO_CREDENTIALS.patSecret },
  );
  const elapsed = (performance.now() - started) / 1000;
  const outcome = JSON.parse(fs.readFileSync(`${file}.out.json`, 'utf8')) as { passed: number };
  if (code !== 0 || outcome.passed !== REQUESTS)
    throw new Error(
      `trestle run exited ${code} with ${outcome.passed} of ${REQUESTS} passed: ${output.slice(-400)}`,
    );
  return elapsed;
}

async function newmanRun(base: string, file: string): Promise<number> {
  const report = `${file}.newman.json`;
  const started = performance.now();
  const { code, output } = await runProcess(
    process.execPath,
    [
      path.join(repoRoot, 'node_modules/newman/bin/newman.js'),
      'run',
      file,
      '--env-var',
      `baseUrl=${base}`,
      '--reporters',
      'json',
      '--reporter-json-export',
      report,
    ],
    { PATH: process.env.PATH, HOME: os.tmpdir() },
  );
  const elapsed = (performance.now() - started) / 1000;
  const stats = (
    JSON.parse(fs.readFileSync(report, 'utf8')) as {
      run: { stats: { requests: { total: number }; assertions: { failed: number } } };
    }
  ).run.stats;
  if (code !== 0 || stats.requests.total !== REQUESTS + 1 || stats.assertions.failed > 0)
    throw new Error(
      `newman exited ${code}, ${stats.requests.total} requests, ${stats.assertions.failed} failed: ${output.slice(-400)}`,
    );
  return elapsed;
}

/** The run operation in-process: (wall time − the steps' own HTTP time) / steps. */
async function stepOverhead(base: string): Promise<number> {
  const engine = new Engine({
    store: new MemoryStore(),
    sandbox: externalSandbox(base),
    emit: () => undefined,
  });
  try {
    await engine.signIn('sandbox');
    const started = performance.now();
    const { operationId } = await engine.startOperation('sandbox', {
      kind: 'run',
      source: { from: 'inline', collection: trestleCollection() },
      variables: { stamp: `inproc-${Date.now()}` },
    });
    const final = await engine.operations.wait(operationId);
    const wall = performance.now() - started;
    const outcome = final.outcome as RunOutcome;
    if (outcome.passed !== REQUESTS)
      throw new Error(`in-process run: ${outcome.passed} of ${REQUESTS} passed`);
    const http = outcome.results.reduce((t, r) => t + (r.totalMs ?? 0), 0);
    return (wall - http) / REQUESTS;
  } finally {
    await engine.dispose();
  }
}

export async function benchRunChain(reps: number): Promise<RunChainFigures> {
  const sandbox = await startSandbox({
    port: 0,
    faults: { latencyMs: LATENCY_MS, jitterMs: JITTER_MS },
  });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trestle-bench-run-'));
  const trestleFile = path.join(dir, 'chain.trestle.json');
  const newmanFile = path.join(dir, 'chain.postman.json');
  fs.writeFileSync(trestleFile, JSON.stringify(trestleCollection()));
  fs.writeFileSync(newmanFile, JSON.stringify(newmanCollection()));
  try {
    const warm = reps > 1 ? 1 : 0;
    return {
      requests: REQUESTS,
      trestle_s: await repeat(warm, reps, () => trestleRun(sandbox.url, trestleFile)),
      newman_s: await repeat(warm, reps, () => newmanRun(sandbox.url, newmanFile)),
      floor_s: (REQUESTS * LATENCY_MS) / 1000,
      step_overhead_ms: await repeat(warm, reps, () => stepOverhead(sandbox.url)),
    };
  } finally {
    await sandbox.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
