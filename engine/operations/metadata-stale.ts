import { randomUUID } from 'node:crypto';
import { findMetadataQuery } from '../../shared/catalog/families/metadata-api';
import type { OperationSnapshot } from '../../shared/operations';
import type { RequestSpec, ResponseSummary } from '../../shared/request';
import { staleWorkbooks, type StaleWorkbookRow } from '../../shared/stale-workbooks';
import { EngineError } from '../errors';
import type { Engine } from '../index';
import { METADATA_GRAPHQL_PATH } from '../metadata-schema';

export const STALE_LIST_PATH = 'staleWorkbooks.workbook';

export interface StaleWorkbooksAnswer {
  summary: ResponseSummary;
  rows: StaleWorkbookRow[];
  /** Workbooks the Metadata API listed and views REST listed, to show what the join rests on. */
  workbooks: number;
  views: number;
}

async function itemsOf(
  engine: Engine,
  snapshot: OperationSnapshot,
  what: string,
): Promise<unknown[]> {
  const outcome = snapshot.outcome && 'responseId' in snapshot.outcome ? snapshot.outcome : null;
  if (snapshot.state === 'failed' || !outcome?.responseId)
    throw new EngineError(
      snapshot.error?.code ?? 'metadata.staleFailed',
      `Could not list the ${what}: ${snapshot.error?.message ?? snapshot.state}.`,
    );
  if (snapshot.state !== 'succeeded')
    throw new EngineError(
      'metadata.staleIncomplete',
      `Not every page of the ${what} came back (${snapshot.state}): a partial list would call workbooks stale that are not. Run it again.`,
    );
  const list = engine.responses.items(outcome.responseId);
  const items = list?.items ?? [];
  engine.responses.release(outcome.responseId);
  return items;
}

/**
 * "Workbooks not viewed in N days" (metadata-query.stale-workbooks): every workbook through the
 * Metadata API (fetch-all over its cursor), every view with usage statistics through REST
 * (fetch-all), joined in the app; the rows land in the response store like any list.
 */
export async function runStaleWorkbooks(
  engine: Engine,
  connectionId: string,
  options: { days: number; maxViews: number; now?: Date },
): Promise<StaleWorkbooksAnswer> {
  const preset = findMetadataQuery('metadata-query.stale-workbooks');
  if (!preset) throw new EngineError('metadata.noPreset', 'The stale-workbooks query is missing.');
  const started = performance.now();
  const graphql: RequestSpec = {
    method: 'POST',
    path: METADATA_GRAPHQL_PATH,
    pathParams: {},
    query: [],
    headers: [],
    body: { kind: 'graphql', text: preset.query, variables: JSON.stringify(preset.variables) },
    accept: 'json',
  };
  const views: RequestSpec = {
    method: 'GET',
    path: '/api/{api-version}/sites/{site-id}/views',
    pathParams: {},
    query: [{ name: 'includeUsageStatistics', value: 'true', enabled: true }],
    headers: [],
    body: { kind: 'none' },
    accept: 'json',
  };
  const [workbookRun, viewRun] = await Promise.all([
    engine.startOperation(connectionId, { kind: 'metadataFetchAll', spec: graphql }),
    engine.startOperation(connectionId, { kind: 'fetchAll', spec: views }),
  ]);
  const [workbookItems, viewItems] = await Promise.all([
    engine.operations.wait(workbookRun.operationId).then((s) => itemsOf(engine, s, 'workbooks')),
    engine.operations.wait(viewRun.operationId).then((s) => itemsOf(engine, s, 'views')),
  ]);
  const rows = staleWorkbooks(workbookItems, viewItems, {
    days: options.days,
    maxViews: options.maxViews,
    now: options.now ?? new Date(),
  });
  const responseId = engine.responses.putItems(rows, STALE_LIST_PATH);
  const preview = JSON.stringify({ staleWorkbooks: { workbook: rows.slice(0, 20) } }, null, 2);
  const totalMs = Math.round(performance.now() - started);
  const summary: ResponseSummary = {
    responseId,
    requestId: randomUUID(),
    status: 200,
    statusText: 'OK (joined)',
    url: `${METADATA_GRAPHQL_PATH} + /api/{api-version}/sites/{site-id}/views?includeUsageStatistics=true`,
    method: 'POST',
    timings: { ttfbMs: totalMs, totalMs },
    size: { bodyBytes: Buffer.byteLength(preview), headerBytes: 0 },
    headers: [],
    contentType: 'application/json',
    preview: preview.slice(0, 4096),
    truncated: preview.length > 4096 || rows.length > 20,
    body: rows.length <= 2000 ? { staleWorkbooks: { workbook: rows } } : null,
    pagination: null,
    list: { path: STALE_LIST_PATH, count: rows.length },
    error: null,
    retries: 0,
    reSignedIn: false,
  };
  return { summary, rows, workbooks: workbookItems.length, views: viewItems.length };
}
