import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEMO_CREDENTIALS, startSandbox } from '../sandbox';
import { repeat } from './stats';
import { repoRoot, startHostProcess } from './web-host-process';

const LATENCY_MS = 50;
const JITTER_MS = 5;
const PAGE_SIZE = 100;
const API = '3.29';

export interface FetchAllFigures {
  users: number;
  pages: number;
  sequential_s: number[];
  newman_s: number[];
  trestle_c4_s: number[];
  trestle_c8_s: number[];
  trestle_auto_s: number[];
  floor_c8_s: number;
  /** Peak RSS of the web host process over its fetch-alls, MB. */
  hostPeakRss_mb: number | null;
}

async function signIn(base: string): Promise<{ token: string; siteId: string }> {
  const response = await fetch(`${base}/api/${API}/auth/signin`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({
      credentials: {
        personalAccessTokenName: DEMO_CREDENTIALS.patName,
        personalAccessTokenSecret: DEMO_CREDENTIALS.patSecret,
        site: { contentUrl: '' },
      },
    }),
  });
  const body = (await response.json()) as { credentials: { token: string; site: { id: string } } };
  return { token: body.credentials.token, siteId: body.credentials.site.id };
}

/** Baseline A: one page after another, as TSC's Pager does, written as a plain fetch loop. */
async function sequentialPager(base: string, expected: number): Promise<number> {
  // Signed in before the clock starts, as Trestle is when the user presses Fetch all.
  const { token, siteId } = await signIn(base);
  const started = performance.now();
  let page = 1;
  let seen = 0;
  for (;;) {
    const response = await fetch(
      `${base}/api/${API}/sites/${siteId}/users?pageSize=${PAGE_SIZE}&pageNumber=${page}`,
      {
        headers: { 'x-tableau-auth': token, accept: 'application/json' },
      },
    );
    const body = (await response.json()) as {
      pagination: { totalAvailable: string };
      users: { user?: unknown[] };
    };
    seen += body.users.user?.length ?? 0;
    if (page * PAGE_SIZE >= Number(body.pagination.totalAvailable)) break;
    page++;
  }
  if (seen !== expected)
    throw new Error(`sequential pager saw ${seen} users, expected ${expected}`);
  return (performance.now() - started) / 1000;
}

/**
 * Baseline B: newman running a collection that signs in and pages with setNextRequest. Its
 * time includes newman's start-up and one sign-in, as a Postman user's run does.
 */
function newmanCollection(): object {
  const signInTest = [
    'const c = pm.response.json().credentials;',
    "pm.environment.set('token', c.token);",
    "pm.environment.set('siteId', c.site.id);",
    "pm.environment.set('page', 1);",
    "pm.environment.set('seen', 0);",
  ];
  const pageTest = [
    'const body = pm.response.json();',
    "const page = Number(pm.environment.get('page'));",
    "pm.environment.set('seen', Number(pm.environment.get('seen')) + (body.users.user || []).length);",
    `if (page * ${PAGE_SIZE} < Number(body.pagination.totalAvailable)) {`,
    "  pm.environment.set('page', page + 1);",
    "  postman.setNextRequest('Get Users on Site');",
    '} else { postman.setNextRequest(null); }',
  ];
  return {
    info: {
      name: 'Trestle bench: page through users',
      schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json',
    },
    item: [
      {
        name: 'Sign In',
        event: [{ listen: 'test', script: { exec: signInTest } }],
        request: {
          method: 'POST',
          header: [
            { key: 'Content-Type', value: 'application/json' },
            { key: 'Accept', value: 'application/json' },
          ],
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
      {
        name: 'Get Users on Site',
        event: [{ listen: 'test', script: { exec: pageTest } }],
        request: {
          method: 'GET',
          header: [
            { key: 'X-Tableau-Auth', value: '{{token}}' },
            { key: 'Accept', value: 'application/json' },
          ],
          url: `{{baseUrl}}/api/${API}/sites/{{siteId}}/users?pageSize=${PAGE_SIZE}&pageNumber={{page}}`,
        },
      },
    ],
  };
}

async function newman(
  base: string,
  collectionFile: string,
  expectedPages: number,
): Promise<number> {
  const started = performance.now();
  const report = path.join(os.tmpdir(), `trestle-newman-${process.pid}.json`);
  await new Promise<void>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        path.join(repoRoot, 'node_modules/newman/bin/newman.js'),
        'run',
        collectionFile,
        '--env-var',
        `baseUrl=${base}`,
        '-r',
        'json',
        '--reporter-json-export',
        report,
      ],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    );
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`newman exited ${code}`)),
    );
  });
  const elapsed = (performance.now() - started) / 1000;
  const executions = (
    JSON.parse(fs.readFileSync(report, 'utf8')) as { run: { executions: unknown[] } }
  ).run.executions.length;
  fs.rmSync(report, { force: true });
  if (executions !== expectedPages + 1)
    throw new Error(`newman made ${executions} requests, expected ${expectedPages + 1}`);
  return elapsed;
}

interface FetchAllSnapshot {
  operationId: string;
  outcome: { items: number; responseId: string | null; missing: { pages: unknown[] } } | null;
}

/** Trestle through the web host bridge: sign in, then a fetch-all operation, as the UI does. */
async function trestleFetchAll(
  host: Awaited<ReturnType<typeof startHostProcess>>,
  expected: number,
  options: { concurrency?: number; pageSize?: number },
): Promise<number> {
  const spec = {
    method: 'GET',
    path: '/api/{api-version}/sites/{site-id}/users',
    query: options.pageSize ? [{ name: 'pageSize', value: String(options.pageSize) }] : [],
  };
  const started = performance.now();
  const { operationId } = await host.call<FetchAllSnapshot>(
    'operations:start',
    'sandbox',
    { kind: 'fetchAll', spec, ...options },
    { operationId: `bench-${Math.random()}` },
  );
  const { outcome } = await host.call<FetchAllSnapshot>('operations:wait', operationId);
  const elapsed = (performance.now() - started) / 1000;
  const result = { items: outcome?.items ?? 0, responseId: outcome?.responseId ?? null };
  const failed = outcome?.missing.pages.length ?? 0;
  if (result.items !== expected || failed)
    throw new Error(`Trestle fetched ${result.items} of ${expected} (${failed} failed pages)`);
  if (result.responseId) await host.call('response:release', result.responseId);
  return elapsed;
}

export async function benchFetchAll(users: number, reps: number): Promise<FetchAllFigures> {
  const sandbox = await startSandbox({
    port: 0,
    scale: users,
    faults: { latencyMs: LATENCY_MS, jitterMs: JITTER_MS },
  });
  const pages = Math.ceil(users / PAGE_SIZE);
  const collectionFile = path.join(os.tmpdir(), `trestle-bench-collection-${process.pid}.json`);
  fs.writeFileSync(collectionFile, JSON.stringify(newmanCollection()));
  const host = await startHostProcess(sandbox.url);
  try {
    await host.call('session:signIn', 'sandbox');
    const warm = reps > 1 ? 1 : 0;
    return {
      users,
      pages,
      sequential_s: await repeat(warm, reps, () => sequentialPager(sandbox.url, users)),
      newman_s: await repeat(warm, reps, () => newman(sandbox.url, collectionFile, pages)),
      trestle_c4_s: await repeat(warm, reps, () =>
        trestleFetchAll(host, users, { concurrency: 4, pageSize: PAGE_SIZE }),
      ),
      trestle_c8_s: await repeat(warm, reps, () =>
        trestleFetchAll(host, users, { concurrency: 8, pageSize: PAGE_SIZE }),
      ),
      trestle_auto_s: await repeat(warm, reps, () => trestleFetchAll(host, users, {})),
      floor_c8_s: (Math.ceil(pages / 8) * LATENCY_MS) / 1000,
      hostPeakRss_mb: host.peakRssMb(),
    };
  } finally {
    await host.stop();
    await sandbox.stop();
    fs.rmSync(collectionFile, { force: true });
  }
}
