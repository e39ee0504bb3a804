import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  findMetadataQuery,
  metadataQueryPresets,
} from '../../shared/catalog/families/metadata-api';
import type { MetadataFetchAllOutcome } from '../../shared/operations';
import type { RequestSpec } from '../../shared/request';
import { startSandbox, type RunningSandbox } from '../../sandbox';
import { engineFor, spec, type EngineFixture } from '../test-support';

/**
 * Each governance query against what the sandbox's REST data implies: the same answer found
 * by walking REST (workbooks, their connections, data sources, views, users).
 */
let sandbox: RunningSandbox;
let fixture: EngineFixture;

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, seed: 7, scale: 800 });
  fixture = engineFor(sandbox);
  await fixture.engine.signIn('sandbox');
});
afterAll(async () => {
  await fixture.engine.dispose();
  await sandbox.stop();
});

async function rest(path: string, query: Record<string, string> = {}): Promise<Json> {
  const summary = await fixture.engine.send(
    'sandbox',
    spec({
      method: 'GET',
      path: `/api/{api-version}/sites/{site-id}${path}`,
      query: Object.entries({ pageSize: '1000', ...query }).map(([name, value]) => ({
        name,
        value,
      })),
    }),
  );
  expect(summary.status, path).toBe(200);
  return summary.body as Json;
}

async function run(id: string, variables?: Record<string, unknown>): Promise<Json> {
  const preset = findMetadataQuery(id)!;
  const summary = await fixture.engine.send(
    'sandbox',
    spec({
      method: 'POST',
      path: '/api/metadata/graphql',
      body: {
        kind: 'graphql',
        text: preset.query,
        variables: JSON.stringify({ ...preset.variables, ...variables }),
      },
    }),
  );
  expect(summary.error, id).toBeNull();
  return (summary.body as Json).data;
}

/** Every connection of every workbook and data source, as REST lists them. */
let walk: {
  workbooks: Json[];
  datasources: Json[];
  workbookConnections: Map<string, Json[]>;
  datasourceConnection: Map<string, Json>;
  views: Json[];
};
async function restWalk() {
  if (walk) return walk;
  const workbooks = (await rest('/workbooks')).workbooks.workbook as Json[];
  const datasources = (await rest('/datasources')).datasources.datasource as Json[];
  const views = (await rest('/views', { includeUsageStatistics: 'true' })).views.view as Json[];
  const workbookConnections = new Map<string, Json[]>();
  for (const wb of workbooks)
    workbookConnections.set(
      wb.id,
      (await rest(`/workbooks/${wb.id}/connections`)).connections.connection,
    );
  const datasourceConnection = new Map<string, Json>();
  for (const ds of datasources)
    datasourceConnection.set(
      ds.id,
      (await rest(`/datasources/${ds.id}/connections`)).connections.connection[0],
    );
  walk = { workbooks, datasources, workbookConnections, datasourceConnection, views };
  return walk;
}

/** The servers a workbook reads from: its own server connections and its data sources'. */
function serversOf(workbookId: string): Set<string> {
  const servers = new Set<string>();
  for (const c of walk.workbookConnections.get(workbookId) ?? []) {
    if (c.serverAddress) servers.add(`${c.type}|${c.serverAddress}`);
    const ds = walk.datasourceConnection.get(c.datasource.id);
    if (ds?.serverAddress) servers.add(`${ds.type}|${ds.serverAddress}`);
  }
  return servers;
}

const luids = (list: Json[]) => new Set(list.map((x) => x.luid));

describe('governance queries', () => {
  it('every query is valid against the sandbox schema', async () => {
    await fixture.engine.metadataSchema('sandbox');
    for (const preset of metadataQueryPresets) {
      const summary = await fixture.engine.send(
        'sandbox',
        spec({
          method: 'POST',
          path: '/api/metadata/graphql',
          body: {
            kind: 'graphql',
            text: preset.query,
            variables: JSON.stringify(preset.variables),
          },
        }),
      );
      expect([preset.id, summary.status, summary.error]).toEqual([preset.id, 200, null]);
    }
  });

  it('dashboards and workbooks using a database: those whose REST connections reach it', async () => {
    await restWalk();
    const catalog = (await rest('/databases')).databases.database as Json[];
    const db = catalog.find((d) => d.hostName && d.name === 'postgres_1') ?? catalog[0];
    const data = await run('metadata-query.downstream-of-database', { name: db.name });
    expect(data.databases).toHaveLength(1);
    const [answer] = data.databases;
    const key = `${db.connectionType}|${db.hostName}`;
    const expected = walk.workbooks.filter((w) => serversOf(w.id).has(key));
    expect(expected.length).toBeGreaterThan(0);
    expect(luids(answer.downstreamWorkbooks)).toEqual(new Set(expected.map((w) => w.id)));
    const ids = new Set(expected.map((w) => w.id));
    const dashboards = walk.views.filter(
      (v) => v.sheetType === 'dashboard' && ids.has(v.workbook.id),
    );
    expect(luids(answer.downstreamDashboards)).toEqual(new Set(dashboards.map((v) => v.id)));
  });

  it('workbooks using a table are among those using its database', async () => {
    await restWalk();
    const data = await run('metadata-query.downstream-of-table');
    expect(data.databaseTables.length).toBeGreaterThan(0);
    for (const table of data.databaseTables as Json[]) {
      if (table.database.__typename === 'File') continue;
      const db = await run('metadata-query.downstream-of-database', { name: table.database.name });
      const ofDatabase = luids(db.databases[0].downstreamWorkbooks);
      for (const wb of table.downstreamWorkbooks) expect(ofDatabase.has(wb.luid)).toBe(true);
    }
  });

  it('upstream of a workbook: its REST connections’ servers and data sources', async () => {
    await restWalk();
    const wb = walk.workbooks.find((w) => serversOf(w.id).size > 0)!;
    const data = await run('metadata-query.upstream-of-workbook', { name: wb.name });
    const answer = (data.workbooks as Json[]).find((w) => w.luid === wb.id)!;
    const got = new Set<string>();
    for (const db of answer.upstreamDatabases as Json[]) {
      const detail = await fixture.engine.send(
        'sandbox',
        spec({
          method: 'POST',
          path: '/api/metadata/graphql',
          body: {
            kind: 'graphql',
            text: 'query H($n: String) { databaseServers(filter: { name: $n }) { connectionType hostName } }',
            variables: JSON.stringify({ n: db.name }),
          },
        }),
      );
      for (const s of (detail.body as Json).data.databaseServers)
        got.add(`${s.connectionType}|${s.hostName}`);
    }
    expect(got).toEqual(serversOf(wb.id));
    const datasourceIds = new Set(
      (walk.workbookConnections.get(wb.id) ?? []).map((c) => c.datasource.id as string),
    );
    expect(luids(answer.upstreamDatasources)).toEqual(datasourceIds);
  });

  it('certified data sources: the REST data sources with isCertified, all of them through Fetch all', async () => {
    await restWalk();
    const preset = findMetadataQuery('metadata-query.certified-datasources')!;
    const started = await fixture.engine.startOperation('sandbox', {
      kind: 'metadataFetchAll',
      spec: spec({
        method: 'POST',
        path: '/api/metadata/graphql',
        body: { kind: 'graphql', text: preset.query, variables: '{"first": 5}' },
      }) as RequestSpec,
    });
    const done = await fixture.engine.operations.wait(started.operationId);
    const outcome = done.outcome as MetadataFetchAllOutcome;
    expect(done.state).toBe('succeeded');
    const items = (
      await fixture.engine.responses.slice(outcome.responseId!, {
        kind: 'items',
        start: 0,
        end: 10_000,
      })
    ).items as Json[];
    const certified = walk.datasources.filter((d) => String(d.isCertified) === 'true');
    expect(certified.length).toBeGreaterThan(5);
    expect(luids(items)).toEqual(new Set(certified.map((d) => d.id)));
  });

  it('data sources with quality warnings: the warning set through REST shows up, with its owners', async () => {
    await restWalk();
    const target = walk.datasources[3];
    const added = await fixture.engine.send(
      'sandbox',
      spec({
        method: 'POST',
        path: `/api/{api-version}/sites/{site-id}/dataQualityWarnings/datasource/${target.id}`,
        body: {
          kind: 'json',
          text: JSON.stringify({
            dataQualityWarning: { type: 'STALE', message: 'Nightly load failed', isActive: true },
          }),
        },
      }),
    );
    expect(added.status).toBe(200);
    const data = await run('metadata-query.datasources-with-warnings');
    expect(data.publishedDatasourcesConnection.nodes.map((n: Json) => n.luid)).toEqual([target.id]);
    const owner = (await rest(`/users/${target.owner.id}`)).user;
    expect(data.publishedDatasourcesConnection.nodes[0].owner.username).toBe(owner.name);
    expect(data.dataQualityWarnings).toEqual([
      expect.objectContaining({
        warningType: 'STALE',
        message: 'Nightly load failed',
        asset: { __typename: 'PublishedDatasource', luid: target.id },
      }),
    ]);
  });

  it('fields used in a workbook: per REST sheet, fields from the workbook’s own data sources', async () => {
    await restWalk();
    const wb = walk.workbooks[0];
    const data = await run('metadata-query.fields-in-workbook', { name: wb.name });
    const answer = (data.workbooks as Json[])[0];
    const sheets = walk.views.filter((v) => v.workbook.id === wb.id && v.sheetType === 'view');
    expect(new Set((answer.sheets as Json[]).map((s) => s.name))).toEqual(
      new Set(sheets.map((s) => s.name)),
    );
    const sourceNames = new Set(
      (walk.workbookConnections.get(wb.id) ?? []).map((c) => c.datasource.name as string),
    );
    for (const sheet of answer.sheets as Json[])
      for (const field of sheet.sheetFieldInstances) {
        expect(sourceNames.has(field.datasource.name)).toBe(true);
        expect(field.upstreamColumns[0].table.name).toBeTruthy();
      }
  });

  it('content by owner: the workbooks and data sources REST lists with that owner', async () => {
    await restWalk();
    const owner = walk.workbooks[0].owner.id as string;
    const user = (await rest(`/users/${owner}`)).user;
    const data = await run('metadata-query.content-by-owner', { username: user.name });
    const [answer] = data.tableauUsers;
    expect(luids(answer.ownedWorkbooks)).toEqual(
      new Set(walk.workbooks.filter((w) => w.owner.id === owner).map((w) => w.id)),
    );
    expect(luids(answer.ownedDatasources)).toEqual(
      new Set(walk.datasources.filter((d) => d.owner.id === owner).map((d) => d.id)),
    );
  });

  it('workbooks not viewed in N days: REST updatedAt and view counts, joined', async () => {
    await restWalk();
    const now = new Date();
    const answer = await fixture.engine.staleWorkbooks('sandbox', { days: 90, maxViews: 0 });
    const totals = new Map<string, number>();
    for (const v of walk.views)
      totals.set(v.workbook.id, (totals.get(v.workbook.id) ?? 0) + Number(v.usage.totalViewCount));
    const expected = walk.workbooks.filter(
      (w) =>
        now.getTime() - Date.parse(w.updatedAt) >= 90 * 86_400_000 && (totals.get(w.id) ?? 0) === 0,
    );
    expect(expected.length).toBeGreaterThan(0);
    expect(new Set(answer.rows.map((r) => r.luid))).toEqual(new Set(expected.map((w) => w.id)));
    expect(answer.rows.every((r) => r.verdict === 'never viewed')).toBe(true);
    expect(answer.summary.list).toEqual({
      path: 'staleWorkbooks.workbook',
      count: expected.length,
    });
    const rarely = await fixture.engine.staleWorkbooks('sandbox', { days: 90, maxViews: 3 });
    expect(rarely.rows.length).toBeGreaterThanOrEqual(answer.rows.length);
    expect(answer.workbooks).toBe(walk.workbooks.length);
  });
});
