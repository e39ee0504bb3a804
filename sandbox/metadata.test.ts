import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSandbox } from './index';
import { call, signIn, withSandbox, type SignedIn } from './test-support';

let sandbox: RunningSandbox;
let session: SignedIn;

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function graphql(query: string, variables?: Json, token = session.token) {
  return call(sandbox, 'POST', '/api/metadata/graphql', { token, body: { query, variables } });
}

/** Every REST item of a list, 1000 a page. */
async function restAll(path: string, list: string, item: string): Promise<Json[]> {
  const items: Json[] = [];
  for (let page = 1; ; page++) {
    const res = await call(
      sandbox,
      'GET',
      `/sites/${session.siteId}${path}${path.includes('?') ? '&' : '?'}pageSize=1000&pageNumber=${page}`,
      {
        token: session.token,
      },
    );
    items.push(...((res.body[list]?.[item] as Json[]) ?? []));
    if (items.length >= Number(res.body.pagination.totalAvailable)) return items;
  }
}

beforeAll(async () => {
  sandbox = await withSandbox({ scale: 500 });
  session = await signIn(sandbox);
});
afterAll(async () => {
  await sandbox.stop();
});

describe('the Metadata API over the sandbox content', () => {
  it('answers introspection with Tableau’s type names and connection shapes', async () => {
    const res = await graphql('{ __schema { queryType { name } types { name kind } } }');
    expect(res.status).toBe(200);
    const names = new Set((res.body.data.__schema.types as Json[]).map((t) => t.name));
    for (const name of [
      'Workbook',
      'WorkbooksConnection',
      'Dashboard',
      'Sheet',
      'PublishedDatasource',
      'EmbeddedDatasource',
      'Database',
      'DatabaseTable',
      'Column',
      'Field',
      'TableauUser',
      'PageInfo',
      'Workbook_Filter',
    ])
      expect(names).toContain(name);
    const workbook = await graphql('{ __type(name: "Query") { fields { name args { name } } } }');
    const connection = (workbook.body.data.__type.fields as Json[]).find(
      (f) => f.name === 'workbooksConnection',
    );
    expect(connection?.args.map((a: Json) => a.name)).toEqual(
      expect.arrayContaining(['first', 'after', 'offset', 'filter', 'orderBy']),
    );
  });

  it('pages every workbook through cursors: the REST workbooks, with their names, projects and owners', async () => {
    const rest = await restAll('/workbooks', 'workbooks', 'workbook');
    const seen: Json[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const res = await graphql(
        'query W($after: String) { workbooksConnection(first: 40, after: $after) { nodes { luid name projectName owner { luid username } } pageInfo { hasNextPage endCursor } totalCount } }',
        { after },
      );
      const connection = res.body.data.workbooksConnection;
      expect(connection.totalCount).toBe(rest.length);
      seen.push(...connection.nodes);
      pages++;
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor;
    }
    expect(pages).toBe(Math.ceil(rest.length / 40));
    expect(seen).toHaveLength(rest.length);
    const byId = new Map(rest.map((w) => [w.id, w]));
    for (const node of seen) {
      const wb = byId.get(node.luid)!;
      expect(wb, node.luid).toBeDefined();
      expect(node.name).toBe(wb.name);
      expect(node.projectName).toBe(wb.project.name);
      expect(node.owner.luid).toBe(wb.owner.id);
    }
  });

  it('offset paging gives the same order as cursors; both at once is Tableau’s INVALID_ARGUMENT', async () => {
    const byCursor = await graphql('{ workbooksConnection(first: 10) { nodes { id } } }');
    const byOffset = await graphql('{ workbooksConnection(first: 5, offset: 5) { nodes { id } } }');
    expect(byOffset.body.data.workbooksConnection.nodes).toEqual(
      byCursor.body.data.workbooksConnection.nodes.slice(5),
    );
    const both = await graphql(
      '{ workbooksConnection(first: 5, offset: 5, after: "x") { nodes { id } } }',
    );
    expect(both.body.errors[0].extensions.code).toBe('INVALID_ARGUMENT');
    expect(both.body.errors[0].message).toMatch(/after.*offset/);
    const bad = await graphql(
      '{ workbooksConnection(after: "bm90IGEgY3Vyc29y") { nodes { id } } }',
    );
    expect(bad.body.errors[0].message).toMatch(/invalid cursor/);
  });

  it('filters exactly (case-sensitive) and with …Within, orders by a field', async () => {
    const rest = await restAll('/workbooks', 'workbooks', 'workbook');
    const project = rest[0].project.name as string;
    const res = await graphql(
      'query P($p: String) { workbooks(filter: { projectName: $p }, orderBy: { field: NAME, direction: DESC }) { name projectName } }',
      { p: project },
    );
    const names = (res.body.data.workbooks as Json[]).map((w) => w.name);
    expect(names).toHaveLength(rest.filter((w) => w.project.name === project).length);
    expect(names).toEqual([...names].sort().reverse());
    const none = await graphql(
      'query P($p: String) { workbooks(filter: { projectName: $p }) { name } }',
      {
        p: project.toUpperCase() === project ? project.toLowerCase() : project.toUpperCase(),
      },
    );
    expect(none.body.data.workbooks).toEqual([]);
    const within = await graphql(
      'query N($n: [String]) { workbooks(filter: { nameWithin: $n }) { name } }',
      {
        n: [rest[0].name, rest[1].name],
      },
    );
    expect(new Set((within.body.data.workbooks as Json[]).map((w) => w.name))).toEqual(
      new Set([rest[0].name, rest[1].name]),
    );
  });

  it('cuts an answer at the node limit with NODE_LIMIT_EXCEEDED and partial data', async () => {
    sandbox.setFaults({ metadataNodeLimit: 30 });
    try {
      const res = await graphql(
        '{ workbooksConnection(first: 100) { nodes { name owner { username } } totalCount } }',
      );
      expect(res.status).toBe(200);
      const error = (res.body.errors as Json[]).find(
        (e) => e.extensions?.code === 'NODE_LIMIT_EXCEEDED',
      );
      expect(error?.message).toMatch(/exceeded the 30 node limit/);
      const nodes = res.body.data.workbooksConnection.nodes as Json[];
      expect(nodes.length).toBeGreaterThan(0);
      expect(nodes.length).toBeLessThan(30);
    } finally {
      sandbox.setFaults({ metadataNodeLimit: 20_000 });
    }
  });

  it('answers RATE_EXCEEDED under the rate-limit fault, and the REST 401 codes for a bad token', async () => {
    sandbox.setFaults({ rateLimitPerSecond: 1 });
    try {
      const answers = await Promise.all([1, 2, 3].map(() => graphql('{ tableauSites { name } }')));
      expect(answers.some((a) => a.body.errors?.[0]?.extensions?.code === 'RATE_EXCEEDED')).toBe(
        true,
      );
    } finally {
      sandbox.setFaults({ rateLimitPerSecond: 0 });
    }
    const none = await call(sandbox, 'POST', '/api/metadata/graphql', {
      body: { query: '{ workbooks { name } }' },
    });
    expect([none.status, none.body.error.code]).toEqual([401, '401000']);
    const bad = await graphql('{ workbooks { name } }', undefined, 'not-a-token');
    expect([bad.status, bad.body.error.code]).toEqual([401, '401002']);
  });

  it('says what is wrong with a malformed query or body', async () => {
    const syntax = await graphql('{ workbooks { name }');
    expect(syntax.body.errors[0].message).toMatch(/Syntax Error/);
    const unknown = await graphql('{ workbooks { nam } }');
    expect(unknown.body.errors[0].message).toMatch(/Did you mean "name"/);
    const notJson = await call(sandbox, 'POST', '/api/metadata/graphql', {
      token: session.token,
      rawBody: 'query { x }',
      contentType: 'application/json',
    });
    expect(notJson.status).toBe(400);
    expect(notJson.body.errors[0].message).toMatch(/not JSON/);
  });

  it('derives databases from the REST connections: a database’s downstream workbooks are the ones whose connections reach it', async () => {
    const workbooks = await restAll('/workbooks', 'workbooks', 'workbook');
    const datasourceKeys = new Map<string, string>();
    for (const ds of await restAll('/datasources', 'datasources', 'datasource')) {
      const conns = await call(
        sandbox,
        'GET',
        `/sites/${session.siteId}/datasources/${ds.id}/connections`,
        {
          token: session.token,
        },
      );
      const c = conns.body.connections.connection[0];
      if (c.serverAddress) datasourceKeys.set(ds.id, `${c.type}|${c.serverAddress}`);
    }
    const expected = new Map<string, Set<string>>();
    for (const wb of workbooks) {
      const conns = await call(
        sandbox,
        'GET',
        `/sites/${session.siteId}/workbooks/${wb.id}/connections`,
        {
          token: session.token,
        },
      );
      for (const c of conns.body.connections.connection as Json[]) {
        const keys = [
          c.serverAddress ? `${c.type}|${c.serverAddress}` : null,
          datasourceKeys.get(c.datasource.id),
        ];
        for (const key of keys) {
          if (!key) continue;
          const set = expected.get(key) ?? new Set();
          set.add(wb.id);
          expected.set(key, set);
        }
      }
    }
    const res = await graphql(
      '{ databaseServers { connectionType hostName downstreamWorkbooks { luid } } }',
    );
    const servers = res.body.data.databaseServers as Json[];
    expect(servers.length).toBe(expected.size);
    for (const db of servers) {
      const got = new Set((db.downstreamWorkbooks as Json[]).map((w) => w.luid));
      expect(got).toEqual(expected.get(`${db.connectionType}|${db.hostName}`));
    }
  });
});
