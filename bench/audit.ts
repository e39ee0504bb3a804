import { Engine } from '../engine';
import { externalSandbox } from '../engine/sandbox-provider';
import { MemoryStore } from '../engine/store/document-store';
import { DEMO_CREDENTIALS, startSandbox } from '../sandbox';
import type { PermissionsAudit } from '../shared/siteops/permissions';
import { repeat } from './stats';

const LATENCY_MS = 50;
const JITTER_MS = 5;
const CONCURRENCY = 10;
const API = '3.29';

export interface AuditFigures {
  /** Permission queries the audit makes (items, plus 3 default-permission lists a project). */
  queries: number;
  rules: number;
  concurrency: number;
  trestle_s: number[];
  loop_s: number[];
}

/**
 * The TSC way: sign in, list each content type, then `populate_permissions` one item after
 * another (and a project's default permissions), and each group's users, sequentially.
 */
async function loop(base: string): Promise<{ seconds: number; rules: number }> {
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
  const site = `${base}/api/${API}/sites/${credentials.site.id}`;
  const get = async (path: string): Promise<Record<string, unknown>> => {
    const response = await fetch(`${site}${path}`, {
      headers: { accept: 'application/json', 'x-tableau-auth': credentials.token },
    });
    if (response.status !== 200)
      throw new Error(`the loop's GET ${path} answered ${response.status}`);
    return (await response.json()) as Record<string, unknown>;
  };
  const list = async (type: string, element: string): Promise<{ id: string }[]> => {
    const out: { id: string }[] = [];
    for (let page = 1; ; page++) {
      const body = await get(`/${type}?pageSize=100&pageNumber=${page}`);
      const items = ((body[type] as Record<string, unknown> | undefined)?.[element] ?? []) as {
        id: string;
      }[];
      out.push(...items);
      const total = Number(
        (body.pagination as { totalAvailable?: string } | undefined)?.totalAvailable ?? 0,
      );
      if (out.length >= total || items.length === 0) return out;
    }
  };
  const started = performance.now();
  let rules = 0;
  const count = (body: Record<string, unknown>) => {
    const entries = (body.permissions as { granteeCapabilities?: unknown } | undefined)
      ?.granteeCapabilities;
    for (const e of (Array.isArray(entries) ? entries : entries ? [entries] : []) as {
      capabilities?: { capability?: unknown };
    }[]) {
      const caps = e.capabilities?.capability;
      rules += Array.isArray(caps) ? caps.length : caps ? 1 : 0;
    }
  };
  for (const [type, element] of [
    ['projects', 'project'],
    ['workbooks', 'workbook'],
    ['datasources', 'datasource'],
    ['flows', 'flow'],
    ['views', 'view'],
  ]) {
    for (const item of await list(type, element)) {
      count(await get(`/${type}/${item.id}/permissions`));
      if (type === 'projects')
        for (const t of ['workbooks', 'datasources', 'flows'])
          count(await get(`/projects/${item.id}/default-permissions/${t}`));
    }
  }
  await list('users', 'user');
  for (const group of await list('groups', 'group')) await list(`groups/${group.id}/users`, 'user');
  return { seconds: (performance.now() - started) / 1000, rules };
}

async function trestle(
  engine: Engine,
): Promise<{ seconds: number; audit: PermissionsAudit; queries: number }> {
  const started = performance.now();
  const { operationId } = await engine.startOperation('sandbox', {
    kind: 'permissionsAudit',
    concurrency: CONCURRENCY,
  });
  const final = await engine.operations.wait(operationId);
  const seconds = (performance.now() - started) / 1000;
  const audit = final.outcome as PermissionsAudit | null;
  if (!audit || final.state !== 'succeeded')
    throw new Error(`The audit ended ${final.state}: ${final.error?.message ?? ''}`);
  return { seconds, audit, queries: final.items?.length ?? 0 };
}

export async function benchAudit(reps: number): Promise<AuditFigures> {
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
    let last: Awaited<ReturnType<typeof trestle>> | null = null;
    let loopRules = 0;
    const trestle_s = await repeat(
      reps > 1 ? 1 : 0,
      reps,
      async () => (last = await trestle(engine)).seconds,
    );
    const loop_s = await repeat(0, Math.max(1, reps - 1), async () => {
      const r = await loop(sandbox.url);
      loopRules = r.rules;
      return r.seconds;
    });
    const done = last as Awaited<ReturnType<typeof trestle>> | null;
    if (!done || done.audit.rules.length !== loopRules)
      throw new Error(`The audit found ${done?.audit.rules.length} rules, the loop ${loopRules}.`);
    return { queries: done.queries, rules: loopRules, concurrency: CONCURRENCY, trestle_s, loop_s };
  } finally {
    await engine.dispose();
    await sandbox.stop();
  }
}
