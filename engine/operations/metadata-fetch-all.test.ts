import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type {
  MetadataFetchAllOutcome,
  OperationProgressEvent,
  OperationSnapshot,
} from '../../shared/operations';
import { startSandbox, type RunningSandbox } from '../../sandbox';
import { NO_FAULTS } from '../../sandbox/options';
import { EngineError } from '../errors';
import { engineFor, spec, type EngineFixture } from '../test-support';

let sandbox: RunningSandbox;
let fixture: EngineFixture;
let run = 0;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, seed: 3, scale: 1000 });
  fixture = engineFor(sandbox);
  await fixture.engine.signIn('sandbox');
});
afterEach(() => sandbox.setFaults(NO_FAULTS));
afterAll(async () => {
  await fixture.engine.dispose();
  await sandbox.stop();
});

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type Result = OperationSnapshot & { outcome: MetadataFetchAllOutcome };

function graphqlSpec(text: string, variables = '', operationName?: string) {
  return spec({
    method: 'POST',
    path: '/api/metadata/graphql',
    body: { kind: 'graphql', text, variables, operationName },
  });
}

const WORKBOOKS = `query Workbooks($first: Int, $after: String) {
  workbooksConnection(first: $first, after: $after) {
    nodes { luid name projectName owner { username } sheets { name } }
    pageInfo { hasNextPage endCursor }
    totalCount
  }
}`;

/** Every workbook id the REST API lists. */
async function restWorkbookIds(): Promise<string[]> {
  const summary = await fixture.engine.send(
    'sandbox',
    spec({
      method: 'GET',
      path: '/api/{api-version}/sites/{site-id}/workbooks',
      query: [{ name: 'pageSize', value: '1000' }],
    }),
  );
  return ((summary.body as Json).workbooks.workbook as Json[]).map((w) => w.id);
}

async function fetchAll(
  text: string,
  options: { pageSize?: number; paging?: 'auto' | 'cursor'; concurrency?: number } = {},
  during?: (progress: OperationProgressEvent) => void,
): Promise<Result> {
  const operationId = `md-${++run}`;
  if (during)
    fixture.onEvent(({ event, payload }) => {
      const progress = payload as OperationProgressEvent;
      if (event === 'operation:progress' && progress.operationId === operationId) during(progress);
    });
  await fixture.engine.startOperation(
    'sandbox',
    {
      kind: 'metadataFetchAll',
      spec: graphqlSpec(text, JSON.stringify({ first: 100 })),
      pageSize: options.pageSize,
      paging: options.paging,
      concurrency: options.concurrency,
    },
    { operationId },
  );
  return (await fixture.engine.operations.wait(operationId)) as Result;
}

async function nodesOf(result: Result): Promise<Json[]> {
  const slice = await fixture.engine.responses.slice(result.outcome.responseId!, {
    kind: 'items',
    start: 0,
    end: 1_000_000,
  });
  return slice.items as Json[];
}

describe('GraphQL requests', () => {
  it('sends {query, variables, operationName} and shows the connection’s nodes as the list', async () => {
    const summary = await fixture.engine.send('sandbox', graphqlSpec(WORKBOOKS, '{"first": 7}'));
    expect(summary.status).toBe(200);
    expect(summary.error).toBeNull();
    expect(summary.list).toEqual({ path: 'data.workbooksConnection.nodes', count: 7 });
    expect(summary.graphql?.connection).toMatchObject({
      key: 'workbooksConnection',
      hasNextPage: true,
      nodes: 7,
    });
    expect(summary.graphql?.connection?.totalCount).toBe((await restWorkbookIds()).length);
  });

  it('shows GraphQL errors (HTTP 200) as an error with the partial data, the node limit explained', async () => {
    sandbox.setFaults({ metadataNodeLimit: 40 });
    const summary = await fixture.engine.send('sandbox', graphqlSpec(WORKBOOKS, '{"first": 50}'));
    expect(summary.status).toBe(200);
    expect(summary.error?.code).toBe('NODE_LIMIT_EXCEEDED');
    expect(summary.error?.summary).toMatch(/partial/);
    expect(summary.error?.suggestedFix).toMatch(/Fetch all lowers the page size/);
    expect(summary.graphql?.partial).toBe(true);
    expect(summary.list?.count).toBeGreaterThan(0);
    expect(summary.list?.count).toBeLessThan(50);
  });

  it('refuses a malformed query, bad variables JSON or an unpicked operation before sending', async () => {
    const sent = fixture.engine.history.list().length;
    const refusal = (text: string, variables = '', operationName?: string) =>
      fixture.engine.send('sandbox', graphqlSpec(text, variables, operationName)).then(
        () => null,
        (e: EngineError) => e,
      );
    const syntax = await refusal('{ workbooks { name }');
    expect(syntax?.code).toBe('graphql.syntax');
    expect(syntax?.message).toMatch(/line 1, column \d+/);
    expect((await refusal('{ workbooks { name } }', '{first: 1}'))?.code).toBe('graphql.variables');
    expect((await refusal('{ workbooks { name } }', '[1]'))?.message).toMatch(/JSON object/);
    const two = await refusal('query A { workbooks { name } } query B { sheets { name } }');
    expect(two?.code).toBe('graphql.operation');
    expect(two?.message).toMatch(/2 operations \(A, B\)/);
    expect(
      await refusal('query A { workbooks { name } } query B { sheets { name } }', '', 'B'),
    ).toBeNull();
    expect(fixture.engine.history.list().length).toBe(sent + 1);
  });

  it('introspects the schema once per connection and version, and checks queries against it', async () => {
    const first = await fixture.engine.metadataSchema('sandbox');
    expect(first.fromCache).toBe(false);
    expect(JSON.stringify(first.introspection)).toContain('WorkbooksConnection');
    expect((await fixture.engine.metadataSchema('sandbox')).fromCache).toBe(true);
    expect((await fixture.engine.metadataSchema('sandbox', { refresh: true })).fromCache).toBe(
      false,
    );
    const unknown = await fixture.engine
      .send('sandbox', graphqlSpec('{ workbooks { nam } }'))
      .catch((e: EngineError) => e);
    expect(unknown).toBeInstanceOf(EngineError);
    expect((unknown as EngineError).code).toBe('graphql.invalid');
    expect((unknown as EngineError).message).toMatch(/Did you mean "name"/);
    const badVariable = await fixture.engine
      .send('sandbox', graphqlSpec(WORKBOOKS, '{"first": "ten"}'))
      .catch((e: EngineError) => e);
    expect((badVariable as EngineError).code).toBe('graphql.variables');
    expect((badVariable as EngineError).message).toMatch(/\$first/);
  });
});

describe('Metadata fetch-all', () => {
  it('follows the cursors to every workbook: the REST workbooks, once each, in order', async () => {
    const rest = await restWorkbookIds();
    const result = await fetchAll(WORKBOOKS, { paging: 'cursor', pageSize: 40 });
    expect(result.state).toBe('succeeded');
    expect(result.outcome).toMatchObject({
      paging: 'cursor',
      totalCount: rest.length,
      items: rest.length,
    });
    expect(result.outcome.pages).toBe(Math.ceil(rest.length / 40));
    const nodes = await nodesOf(result);
    expect(new Set(nodes.map((n) => n.luid))).toEqual(new Set(rest));
    expect(nodes[0]).toHaveProperty('owner.username');
  });

  it('pages by offset at once when the field allows it, with the same nodes as the cursors', async () => {
    const byCursor = await nodesOf(await fetchAll(WORKBOOKS, { paging: 'cursor', pageSize: 50 }));
    const result = await fetchAll(WORKBOOKS, { pageSize: 50, concurrency: 4 });
    expect(result.outcome.paging).toBe('offset');
    expect((await nodesOf(result)).map((n) => n.luid)).toEqual(byCursor.map((n) => n.luid));
  });

  it('recovers from the node limit in the middle: lowers the page size and carries on, nothing lost', async () => {
    const rest = await restWorkbookIds();
    let set = false;
    const result = await fetchAll(WORKBOOKS, { paging: 'cursor', pageSize: 30 }, (p) => {
      if (!set && p.progress.done >= 1) {
        set = true;
        sandbox.setFaults({ metadataNodeLimit: 80 });
      }
    });
    expect(set).toBe(true);
    expect(result.state).toBe('succeeded');
    expect(result.outcome.nodeLimitHits).toBeGreaterThan(0);
    expect(result.outcome.firstPageSize).toBe(30);
    expect(result.outcome.pageSize).toBeLessThan(30);
    const nodes = await nodesOf(result);
    expect(nodes.map((n) => n.luid).sort()).toEqual([...rest].sort());
  });

  it('splits offset pages on the node limit too', async () => {
    sandbox.setFaults({ metadataNodeLimit: 150 });
    const rest = await restWorkbookIds();
    const result = await fetchAll(WORKBOOKS, { pageSize: 100, concurrency: 3 });
    expect(result.state).toBe('succeeded');
    expect(result.outcome.paging).toBe('offset');
    expect(result.outcome.nodeLimitHits).toBeGreaterThan(0);
    expect(new Set((await nodesOf(result)).map((n) => n.luid))).toEqual(new Set(rest));
    expect(result.outcome.items).toBe(rest.length);
  });

  it('waits out RATE_EXCEEDED and still gets everything', async () => {
    sandbox.setFaults({ rateLimitPerSecond: 3 });
    const rest = await restWorkbookIds();
    const result = await fetchAll(WORKBOOKS, { pageSize: 25, concurrency: 4 });
    expect(result.state).toBe('succeeded');
    expect(result.outcome.rateLimitWaits).toBeGreaterThan(0);
    expect(result.outcome.items).toBe(rest.length);
  });

  for (const paging of ['cursor', 'auto'] as const)
    it(`keeps what came when pages fail, and Retry failed fetches only the rest (${paging})`, async () => {
      const rest = await restWorkbookIds();
      let set = false;
      const operationId = `md-${++run}`;
      fixture.onEvent(({ event, payload }) => {
        const progress = payload as OperationProgressEvent;
        if (event !== 'operation:progress' || progress.operationId !== operationId) return;
        if (!set && progress.progress.done >= 1) {
          set = true;
          // Even one workbook with its sheets is over this limit: every later page fails.
          sandbox.setFaults({ metadataNodeLimit: 3 });
        }
      });
      await fixture.engine.startOperation(
        'sandbox',
        { kind: 'metadataFetchAll', spec: graphqlSpec(WORKBOOKS), pageSize: 30, paging },
        { operationId },
      );
      const partial = (await fixture.engine.operations.wait(operationId)) as Result;
      expect(partial.state).toBe('partial');
      expect(partial.canRetry).toBe(true);
      expect(partial.outcome.items).toBeGreaterThanOrEqual(30);
      expect(partial.outcome.items).toBeLessThan(rest.length);
      expect(partial.outcome.missing.items).toBe(rest.length - partial.outcome.items);
      const failed = (partial.items ?? []).filter((i) => i.state === 'failed');
      expect(failed[0]).toMatchObject({ code: 'NODE_LIMIT_EXCEEDED' });
      sandbox.setFaults({ metadataNodeLimit: 20_000 });
      fixture.engine.operations.retryFailed(operationId);
      const done = (await fixture.engine.operations.wait(operationId)) as Result;
      expect(done.state).toBe('succeeded');
      expect(new Set((await nodesOf(done)).map((n) => n.luid))).toEqual(new Set(rest));
      expect(done.outcome.items).toBe(rest.length);
    });

  it('says why a query cannot be fetched all: no …Connection at the top', async () => {
    const start = fixture.engine.startOperation('sandbox', {
      kind: 'metadataFetchAll',
      spec: graphqlSpec('{ workbooks { name } }'),
    });
    await expect(start).rejects.toMatchObject({ code: 'graphql.operation' });
    await expect(start).rejects.toThrow(/…Connection/);
  });
});
