import { Engine } from '../engine';
import { externalSandbox } from '../engine/sandbox-provider';
import { MemoryStore } from '../engine/store/document-store';
import { DEMO_CREDENTIALS, startSandbox } from '../sandbox';
import type { UsersOutcome } from '../shared/bulk/users-ops';
import { repeat } from './stats';

const LATENCY_MS = 50;
const JITTER_MS = 5;
const USERS = 1000;
const CONCURRENCY = 10;
const API = '3.29';

export interface BulkFigures {
  users: number;
  concurrency: number;
  trestle_s: number[];
  loop_s: number[];
  /** ceil(users / concurrency) × latency: one round of calls after another. */
  floor_s: number;
}

let batch = 0;

function csv(prefix: string): string {
  // One call a user, as the loop makes (an email or a password would add an Update User).
  const lines = ['name,siteRole'];
  for (let i = 1; i <= USERS; i++) lines.push(`${prefix}-${i},Viewer`);
  return lines.join('\n');
}

/** The TSC way: sign in, then Add User to Site for each row, one after another. */
async function loop(base: string): Promise<number> {
  const signIn = await fetch(`${base}/api/${API}/auth/signin`, {
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
  const { credentials } = (await signIn.json()) as {
    credentials: { token: string; site: { id: string } };
  };
  const prefix = `loop${++batch}`;
  const started = performance.now();
  for (let i = 1; i <= USERS; i++) {
    const response = await fetch(`${base}/api/${API}/sites/${credentials.site.id}/users`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        'x-tableau-auth': credentials.token,
      },
      body: JSON.stringify({ user: { name: `${prefix}-${i}`, siteRole: 'Viewer' } }),
    });
    if (response.status !== 201) throw new Error(`the loop's Add User answered ${response.status}`);
    await response.arrayBuffer();
  }
  return (performance.now() - started) / 1000;
}

/** Trestle's import operation (its site read included), signed in before the clock starts. */
async function trestle(engine: Engine): Promise<number> {
  const started = performance.now();
  const { operationId } = await engine.startOperation('sandbox', {
    kind: 'usersImport',
    csv: { text: csv(`bulk${++batch}`), name: 'users.csv' },
    auth: 'external',
    dryRun: false,
    concurrency: CONCURRENCY,
  });
  const final = await engine.operations.wait(operationId);
  const elapsed = (performance.now() - started) / 1000;
  const outcome = final.outcome as UsersOutcome | null;
  if (outcome?.counts.done !== USERS)
    throw new Error(
      `Trestle created ${outcome?.counts.done ?? 0} of ${USERS} users: ${final.error?.message ?? ''}`,
    );
  return elapsed;
}

export async function benchBulk(reps: number): Promise<BulkFigures> {
  const sandbox = await startSandbox({
    port: 0,
    faults: { latencyMs: LATENCY_MS, jitterMs: JITTER_MS },
  });
  const engine = new Engine({
    store: new MemoryStore(),
    sandbox: externalSandbox(sandbox.url),
    emit: () => undefined,
  });
  try {
    await engine.signIn('sandbox');
    const warm = reps > 1 ? 1 : 0;
    return {
      users: USERS,
      concurrency: CONCURRENCY,
      trestle_s: await repeat(warm, reps, () => trestle(engine)),
      loop_s: await repeat(0, Math.max(1, reps - 1), () => loop(sandbox.url)),
      floor_s: (Math.ceil(USERS / CONCURRENCY) * LATENCY_MS) / 1000,
    };
  } finally {
    await engine.dispose();
    await sandbox.stop();
  }
}
