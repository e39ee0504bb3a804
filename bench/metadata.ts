import { DEMO_CREDENTIALS, startSandbox } from '../sandbox';
import { repeat } from './stats';
import { startHostProcess } from './web-host-process';

const LATENCY_MS = 50;
const JITTER_MS = 5;
/** The sequential client's page: Tableau's default `first`, as TSC's paginated_query is used. */
const CURSOR_PAGE = 100;
const WORKBOOKS = 10_000;
/** Users for a site of 10,000 workbooks (the sandbox seeds 350 workbooks per 2,500 users). */
const USERS_FOR_WORKBOOKS = Math.round((WORKBOOKS * 2500) / 350);

const QUERY = `query Workbooks($first: Int, $after: String) {
  workbooksConnection(first: $first, after: $after) {
    nodes { luid name projectName updatedAt owner { username } }
    pageInfo { hasNextPage endCursor }
    totalCount
  }
}`;

export interface MetadataFigures {
  workbooks: number;
  cursor_seq_s: number[];
  trestle_s: number[];
  /** Pages Trestle fetched and how (offset pages at once, or cursors). */
  trestle_pages: number;
  trestle_paging: string;
  floor_s: number;
}

async function signIn(base: string): Promise<string> {
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
  return ((await response.json()) as { credentials: { token: string } }).credentials.token;
}

/**
 * Baseline: a sequential cursor client, 100 a page, each request after the last answer (as
 * TSC's `metadata.paginated_query` does), written as a plain fetch loop.
 */
async function cursorSequential(base: string, expected: number): Promise<number> {
  const token = await signIn(base);
  const started = performance.now();
  let after: string | null = null;
  let seen = 0;
  for (;;) {
    const response = await fetch(`${base}/api/metadata/graphql`, {
      method: 'POST',
      headers: { 'x-tableau-auth': token, 'content-type': 'application/json' },
      body: JSON.stringify({ query: QUERY, variables: { first: CURSOR_PAGE, after } }),
    });
    const body = (await response.json()) as {
      data: {
        workbooksConnection: {
          nodes: unknown[];
          pageInfo: { hasNextPage: boolean; endCursor: string | null };
        };
      };
    };
    const connection = body.data.workbooksConnection;
    seen += connection.nodes.length;
    if (!connection.pageInfo.hasNextPage) break;
    after = connection.pageInfo.endCursor;
  }
  if (seen !== expected) throw new Error(`the cursor client saw ${seen} of ${expected} workbooks`);
  return (performance.now() - started) / 1000;
}

interface Snapshot {
  operationId: string;
  state: string;
  outcome: {
    items: number;
    pages: number;
    paging: string;
    responseId: string | null;
    missing: { ranges: unknown[] };
  } | null;
}

/** Trestle through the web host bridge: a metadataFetchAll operation, as the UI starts it. */
async function trestleFetchAll(
  host: Awaited<ReturnType<typeof startHostProcess>>,
  expected: number,
): Promise<{ seconds: number; pages: number; paging: string }> {
  const spec = {
    method: 'POST',
    path: '/api/metadata/graphql',
    body: { kind: 'graphql', text: QUERY, variables: '' },
  };
  const started = performance.now();
  const { operationId } = await host.call<Snapshot>(
    'operations:start',
    'sandbox',
    { kind: 'metadataFetchAll', spec, concurrency: 4 },
    { operationId: `bench-md-${Math.random()}` },
  );
  const { outcome, state } = await host.call<Snapshot>('operations:wait', operationId);
  const seconds = (performance.now() - started) / 1000;
  if (!outcome || outcome.items !== expected || outcome.missing.ranges.length > 0)
    throw new Error(`Trestle fetched ${outcome?.items ?? 0} of ${expected} workbooks (${state})`);
  if (outcome.responseId) await host.call('response:release', outcome.responseId);
  return { seconds, pages: outcome.pages, paging: outcome.paging };
}

/** 10,000 workbooks through the Metadata API at 50 ± 5 ms a request: cursors one by one vs Trestle. */
export async function benchMetadata(reps: number): Promise<MetadataFigures> {
  const sandbox = await startSandbox({
    port: 0,
    scale: USERS_FOR_WORKBOOKS,
    faults: { latencyMs: LATENCY_MS, jitterMs: JITTER_MS },
  });
  const host = await startHostProcess(sandbox.url);
  try {
    await host.call('session:signIn', 'sandbox');
    // The sandbox builds its metadata graph on the first query: not part of either figure.
    const token = await signIn(sandbox.url);
    const probe = await fetch(`${sandbox.url}/api/metadata/graphql`, {
      method: 'POST',
      headers: { 'x-tableau-auth': token, 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ workbooksConnection(first: 1) { totalCount } }' }),
    });
    const total = (
      (await probe.json()) as { data: { workbooksConnection: { totalCount: number } } }
    ).data.workbooksConnection.totalCount;
    const warm = reps > 1 ? 1 : 0;
    let last = { pages: 0, paging: '' };
    const trestle_s = await repeat(warm, reps, async () => {
      const run = await trestleFetchAll(host, total);
      last = run;
      return run.seconds;
    });
    return {
      workbooks: total,
      cursor_seq_s: await repeat(warm, reps, () => cursorSequential(sandbox.url, total)),
      trestle_s,
      trestle_pages: last.pages,
      trestle_paging: last.paging,
      // One page first (for totalCount), then the rest four at a time.
      floor_s: ((1 + Math.ceil((last.pages - 1) / 4)) * LATENCY_MS) / 1000,
    };
  } finally {
    await host.stop();
    await sandbox.stop();
  }
}
