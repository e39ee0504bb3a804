/**
 * VizQL Data Service (`/api/v1/vizql-data-service`, API 3.25+): read-metadata, get-datasource-
 * model, query-datasource and simple-request over a published data source. Request and answer
 * shapes follow the schemas Tableau's own MCP server validates them with (tableau-mcp,
 * `vizqlDataServiceApi.ts`): `{data, extraData:{parameters}}` for metadata, `{logicalTables,
 * logicalTableRelationships}` for the model, `{data}` rows (OBJECTS or ARRAYS) for a query,
 * and errors as `{errorCode, message, datetime, tab-error-code}`. Every data source has the
 * same small orders table, with rows derived from its LUID, so answers are deterministic.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { crc32 } from 'node:zlib';
import { errors, TableauError } from '../errors';
import type { FaultInjector } from '../http/faults';
import type { ServerState } from '../http/route';
import { compareVersions } from '../versions';
import { sessionScope } from './endpoint';
import type { JsonBody } from './route';

export const VDS_PREFIX = '/api/v1/vizql-data-service/';

type DataType = 'STRING' | 'REAL' | 'INTEGER' | 'DATE';
const FIELDS: Array<{ name: string; dataType: DataType; aggregation: string }> = [
  { name: 'Region', dataType: 'STRING', aggregation: 'COUNT' },
  { name: 'Category', dataType: 'STRING', aggregation: 'COUNT' },
  { name: 'Order Date', dataType: 'DATE', aggregation: 'YEAR' },
  { name: 'Sales', dataType: 'REAL', aggregation: 'SUM' },
  { name: 'Profit', dataType: 'REAL', aggregation: 'SUM' },
  { name: 'Quantity', dataType: 'INTEGER', aggregation: 'SUM' },
];
const REGIONS = ['Central', 'East', 'South', 'West'];
const CATEGORIES = ['Furniture', 'Office Supplies', 'Technology'];
const AGGREGATIONS = new Set([
  'SUM',
  'AVG',
  'MIN',
  'MAX',
  'COUNT',
  'COUNTD',
  'MEDIAN',
  'YEAR',
  'MONTH',
  'NONE',
]);

type Row = Record<string, string | number>;

/** 96 order lines for a data source: every region × category in each month of two years. */
function rows(luid: string): Row[] {
  const out: Row[] = [];
  let k = crc32(luid);
  for (let month = 0; month < 24; month++) {
    for (const region of REGIONS) {
      const category = CATEGORIES[(month + region.length) % CATEGORIES.length];
      k = (Math.imul(k, 1103515245) + 12345) >>> 0;
      const sales = 100 + (k % 900);
      out.push({
        Region: region,
        Category: category,
        'Order Date': `${2024 + Math.floor(month / 12)}-${String((month % 12) + 1).padStart(2, '0')}-15`,
        Sales: sales,
        Profit: Math.round(sales * (((k >>> 8) % 40) - 10)) / 100,
        Quantity: 1 + ((k >>> 4) % 9),
      });
    }
  }
  return out;
}

function vdsError(status: number, code: string, message: string) {
  return Object.assign(new TableauError(`${status}000`, 'VizQL Data Service', message), {
    vdsCode: code,
  });
}

function datasourceOf(state: ServerState, siteId: string, body: JsonBody): string {
  const ds = body.datasource as JsonBody | undefined;
  const luid = typeof ds?.datasourceLuid === 'string' ? ds.datasourceLuid : '';
  if (!luid) throw vdsError(400, '400802', 'The request needs datasource.datasourceLuid.');
  if (!state.store.content(siteId).datasources.get(luid)) {
    throw vdsError(404, '404934', `Unknown data source '${luid}'.`);
  }
  return luid.toLowerCase();
}

function aggregate(values: number[], fn: string): number {
  if (values.length === 0) return 0;
  switch (fn) {
    case 'AVG':
      return values.reduce((a, b) => a + b, 0) / values.length;
    case 'MIN':
      return Math.min(...values);
    case 'MAX':
      return Math.max(...values);
    case 'COUNT':
      return values.length;
    case 'COUNTD':
      return new Set(values).size;
    case 'MEDIAN': {
      const sorted = [...values].sort((a, b) => a - b);
      return sorted[Math.floor(sorted.length / 2)];
    }
    default:
      return Math.round(values.reduce((a, b) => a + b, 0) * 100) / 100;
  }
}

interface QueryField {
  caption: string;
  fn?: string;
  alias: string;
}

function query(luid: string, body: JsonBody) {
  const q = body.query as JsonBody | undefined;
  if (!q || !Array.isArray(q.fields) || q.fields.length === 0) {
    throw vdsError(400, '400800', 'The query needs at least one field.');
  }
  const fields: QueryField[] = (q.fields as JsonBody[]).map((f) => {
    const caption = String(f.fieldCaption ?? '');
    if (!FIELDS.some((known) => known.name === caption)) {
      throw vdsError(400, '400803', `Unknown field '${caption}'.`);
    }
    const fn = typeof f.function === 'string' ? f.function : undefined;
    if (fn && !AGGREGATIONS.has(fn)) throw vdsError(400, '400804', `Unknown function '${fn}'.`);
    return {
      caption,
      fn,
      alias: typeof f.fieldAlias === 'string' ? f.fieldAlias : fn ? `${fn}(${caption})` : caption,
    };
  });
  const dims = fields.filter(
    (f) => !f.fn || f.fn === 'YEAR' || f.fn === 'MONTH' || f.fn === 'NONE',
  );
  const measures = fields.filter((f) => !dims.includes(f));
  const dimValue = (row: Row, f: QueryField) => {
    const value = String(row[f.caption]);
    if (f.fn === 'YEAR') return Number(value.slice(0, 4));
    if (f.fn === 'MONTH') return Number(value.slice(5, 7));
    return row[f.caption];
  };
  const groups = new Map<string, { key: Row; members: Row[] }>();
  for (const row of rows(luid)) {
    const key: Row = {};
    for (const d of dims) key[d.alias] = dimValue(row, d);
    const id = JSON.stringify(key);
    const group = groups.get(id) ?? { key, members: [] };
    group.members.push(row);
    groups.set(id, group);
  }
  let out = [...groups.values()].map(({ key, members }) => {
    const result: Row = { ...key };
    for (const m of measures) {
      result[m.alias] = aggregate(
        members.map((r) => Number(r[m.caption]) || 0),
        m.fn ?? 'SUM',
      );
    }
    return result;
  });
  const options = (body.options as JsonBody | undefined) ?? {};
  const limit = Number(options.rowLimit ?? 0);
  if (limit > 0) out = out.slice(0, limit);
  if (options.returnFormat === 'ARRAYS')
    return { data: out.map((r) => fields.map((f) => r[f.alias])) };
  return { data: out };
}

function write(res: ServerResponse, status: number, value: unknown) {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  res.writeHead(status, {
    'Content-Type':
      typeof value === 'string' ? 'text/plain;charset=utf-8' : 'application/json;charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text)),
  });
  res.end(text);
}

export async function handleVizqlDataService(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  state: ServerState,
  faults: FaultInjector,
): Promise<void> {
  const operation = url.pathname.slice(VDS_PREFIX.length);
  try {
    const limited = faults.rateLimit();
    if (limited) throw limited;
    const known = ['query-datasource', 'read-metadata', 'get-datasource-model', 'simple-request'];
    const minVersion = operation === 'get-datasource-model' ? '3.26' : '3.25';
    if (!known.includes(operation) || compareVersions(state.serverVersion, minVersion) < 0) {
      throw errors.unknownResource(url.pathname.replace(/^\/api/, ''));
    }
    const wanted = operation === 'simple-request' ? 'GET' : 'POST';
    if (req.method !== wanted) throw errors.methodNotAllowed(req.method ?? '');
    const { site } = sessionScope(state, req.headers['x-tableau-auth']);
    if (operation === 'simple-request') {
      write(res, 200, 'OK');
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    let body: JsonBody;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as JsonBody;
    } catch {
      throw vdsError(400, '400801', 'The request body is not valid JSON.');
    }
    const luid = datasourceOf(state, site.id, body);
    if (operation === 'read-metadata') {
      write(res, 200, {
        data: FIELDS.map((f) => ({
          fieldName: f.name,
          fieldCaption: f.name,
          dataType: f.dataType,
          defaultAggregation: f.aggregation,
          columnClass: 'COLUMN',
          logicalTableId: `Orders_${luid.slice(0, 8)}`,
        })),
        extraData: { parameters: [] },
      });
    } else if (operation === 'get-datasource-model') {
      write(res, 200, {
        logicalTables: [{ logicalTableId: `Orders_${luid.slice(0, 8)}`, caption: 'Orders' }],
        logicalTableRelationships: [],
      });
    } else {
      write(res, 200, query(luid, body));
    }
  } catch (caught) {
    const error = caught instanceof TableauError ? caught : errors.internal();
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const vdsCode = (error as TableauError & { vdsCode?: string }).vdsCode;
    if (vdsCode) {
      write(res, error.status, {
        errorCode: vdsCode,
        message: error.detail,
        datetime: new Date().toISOString(),
        'tab-error-code': vdsCode,
      });
    } else {
      // Auth and routing failures answer as the REST API does (401000/401002/404003).
      write(res, error.status, {
        error: { code: error.code, summary: error.summary, detail: error.detail },
      });
    }
  }
}
