/**
 * Versionless extension settings (API 3.11): dashboard extensions (server block list, site
 * safe list; field names from Tableau's Postman collection) and analytics extensions (server
 * and site switches, the site's connections, a workbook's selected connection; lists answer
 * `connectionList`, as PSTableauREST reads them). Server-level settings are Server only.
 */
import { randomUUID } from 'node:crypto';
import { errors } from '../errors';
import { requireItem } from '../resources/common';
import {
  json,
  noContent,
  type JsonBody,
  type VersionlessContext,
  type VersionlessRoute,
} from './route';

interface BlockItem {
  block_list_item_luid: string;
  url: string;
}
interface SafeItem {
  safe_list_item_luid: string;
  url: string;
  allow_full_data: boolean;
  prompt_needed: boolean;
}
interface AnalyticsConnection {
  connection_luid: string;
  connection_name: string;
  connection_type: string;
  host: string;
  port: number;
  is_auth_enabled: boolean;
  is_ssl_enabled: boolean;
  username?: string;
}
interface ServerSettings {
  dashboard: { extensions_enabled: boolean; block_list_items: BlockItem[] };
  analytics: { enabled: boolean };
}
interface SiteSettings {
  dashboard: { extensions_enabled: boolean; allow_sandboxed: boolean; safe_list_items: SafeItem[] };
  analytics: { enabled: boolean };
  connections: Map<string, AnalyticsConnection>;
  /** workbook LUID → the connection it uses. */
  selected: Map<string, string>;
}

const servers = new WeakMap<object, ServerSettings>();
const sites = new WeakMap<object, SiteSettings>();

function serverOf(ctx: VersionlessContext): ServerSettings {
  let s = servers.get(ctx.state);
  if (!s) {
    s = {
      dashboard: { extensions_enabled: true, block_list_items: [] },
      analytics: { enabled: false },
    };
    servers.set(ctx.state, s);
  }
  return s;
}

function siteOf(ctx: VersionlessContext): SiteSettings {
  let s = sites.get(ctx.content);
  if (!s) {
    s = {
      dashboard: { extensions_enabled: true, allow_sandboxed: true, safe_list_items: [] },
      analytics: { enabled: false },
      connections: new Map(),
      selected: new Map(),
    };
    sites.set(ctx.content, s);
  }
  return s;
}

const flag = (body: JsonBody, key: string): boolean | undefined => {
  const value = body[key];
  if (value === undefined) return undefined;
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  throw errors.badRequest(`'${key}' must be true or false.`);
};

function url(body: JsonBody): string {
  const value = body.url;
  if (typeof value !== 'string' || !/^https?:\/\//i.test(value)) {
    throw errors.badRequest('An extension needs the http(s) URL of its .trex manifest or page.');
  }
  return value;
}

function safeItem(body: JsonBody, id: string = randomUUID()): SafeItem {
  return {
    safe_list_item_luid: id,
    url: url(body),
    allow_full_data: flag(body, 'allow_full_data') ?? false,
    prompt_needed: flag(body, 'prompt_needed') ?? true,
  };
}

function connection(body: JsonBody, id: string = randomUUID()): AnalyticsConnection {
  const name = body.connection_name;
  const type = body.connection_type;
  const host = body.host;
  if (typeof name !== 'string' || typeof type !== 'string' || typeof host !== 'string') {
    throw errors.malformedBody('A connection needs connection_name, connection_type and host.');
  }
  if (!['TABPY', 'RSERVE', 'GENERIC_API', 'EINSTEIN_DISCOVERY'].includes(type)) {
    throw errors.badRequest(`The connection type '${type}' is not an analytics extension type.`);
  }
  return {
    connection_luid: id,
    connection_name: name,
    connection_type: type,
    host,
    port: Number(body.port ?? 9004),
    is_auth_enabled: flag(body, 'is_auth_enabled') ?? false,
    is_ssl_enabled: flag(body, 'is_ssl_enabled') ?? false,
    ...(typeof body.username === 'string' ? { username: body.username } : {}),
  };
}

function findConnection(ctx: VersionlessContext): AnalyticsConnection {
  const found = siteOf(ctx).connections.get(ctx.params.connectionId.toLowerCase());
  if (!found)
    throw errors.notFound('404002', 'Analytics extension connection', ctx.params.connectionId);
  return found;
}

function findList<T>(items: T[], id: string, key: keyof T, what: string): T {
  const found = items.find((i) => String(i[key]).toLowerCase() === id.toLowerCase());
  if (!found) throw errors.notFound('404002', what, id);
  return found;
}

const server = { minVersion: '3.11', platform: 'server', admin: 'server' } as const;
const site = { minVersion: '3.11', admin: 'site' } as const;
const dash = '/settings/server/extensions/dashboard';
const siteDash = '/settings/site/extensions/dashboard';
const analytics = '/settings/site/extensions/analytics';

export const extensionSettingsRoutes: VersionlessRoute[] = [
  { ...server, method: 'GET', path: dash, handler: (ctx) => json(serverOf(ctx).dashboard) },
  {
    ...server,
    method: 'PUT',
    path: dash,
    handler: (ctx) => {
      const doc = serverOf(ctx).dashboard;
      doc.extensions_enabled = flag(ctx.body, 'extensions_enabled') ?? doc.extensions_enabled;
      if (Array.isArray(ctx.body.block_list_items)) {
        doc.block_list_items = (ctx.body.block_list_items as JsonBody[]).map((item) => ({
          block_list_item_luid: randomUUID(),
          url: url(item),
        }));
      }
      return json(doc);
    },
  },
  {
    ...server,
    method: 'GET',
    path: `${dash}/blockListItems`,
    handler: (ctx) => json({ block_list_items: serverOf(ctx).dashboard.block_list_items }),
  },
  {
    ...server,
    method: 'POST',
    path: `${dash}/blockListItems`,
    handler: (ctx) => {
      const item = { block_list_item_luid: randomUUID(), url: url(ctx.body) };
      serverOf(ctx).dashboard.block_list_items.push(item);
      return json(item, 201);
    },
  },
  {
    ...server,
    method: 'GET',
    path: `${dash}/blockListItems/:itemId`,
    handler: (ctx) =>
      json(
        findList(
          serverOf(ctx).dashboard.block_list_items,
          ctx.params.itemId,
          'block_list_item_luid',
          'Blocked extension',
        ),
      ),
  },
  {
    ...server,
    method: 'DELETE',
    path: `${dash}/blockListItems/:itemId`,
    handler: (ctx) => {
      const doc = serverOf(ctx).dashboard;
      const item = findList(
        doc.block_list_items,
        ctx.params.itemId,
        'block_list_item_luid',
        'Blocked extension',
      );
      doc.block_list_items.splice(doc.block_list_items.indexOf(item), 1);
      return noContent;
    },
  },
  { ...site, method: 'GET', path: siteDash, handler: (ctx) => json(siteOf(ctx).dashboard) },
  {
    ...site,
    method: 'PUT',
    path: siteDash,
    handler: (ctx) => {
      const doc = siteOf(ctx).dashboard;
      doc.extensions_enabled = flag(ctx.body, 'extensions_enabled') ?? doc.extensions_enabled;
      doc.allow_sandboxed = flag(ctx.body, 'allow_sandboxed') ?? doc.allow_sandboxed;
      if (Array.isArray(ctx.body.safe_list_items)) {
        doc.safe_list_items = (ctx.body.safe_list_items as JsonBody[]).map((item) =>
          safeItem(item),
        );
      }
      return json(doc);
    },
  },
  {
    ...site,
    method: 'GET',
    path: `${siteDash}/safeListItems`,
    handler: (ctx) => json({ safe_list_items: siteOf(ctx).dashboard.safe_list_items }),
  },
  {
    ...site,
    method: 'POST',
    path: `${siteDash}/safeListItems`,
    handler: (ctx) => {
      const item = safeItem(ctx.body);
      siteOf(ctx).dashboard.safe_list_items.push(item);
      return json(item, 201);
    },
  },
  {
    ...site,
    method: 'GET',
    path: `${siteDash}/safeListItems/:itemId`,
    handler: (ctx) =>
      json(
        findList(
          siteOf(ctx).dashboard.safe_list_items,
          ctx.params.itemId,
          'safe_list_item_luid',
          'Allowed extension',
        ),
      ),
  },
  {
    ...site,
    method: 'PUT',
    path: `${siteDash}/safeListItems/:itemId`,
    handler: (ctx) => {
      const items = siteOf(ctx).dashboard.safe_list_items;
      const item = findList(items, ctx.params.itemId, 'safe_list_item_luid', 'Allowed extension');
      const next = safeItem({ ...item, ...ctx.body }, item.safe_list_item_luid);
      items[items.indexOf(item)] = next;
      return json(next);
    },
  },
  {
    ...site,
    method: 'DELETE',
    path: `${siteDash}/safeListItems/:itemId`,
    handler: (ctx) => {
      const items = siteOf(ctx).dashboard.safe_list_items;
      const item = findList(items, ctx.params.itemId, 'safe_list_item_luid', 'Allowed extension');
      items.splice(items.indexOf(item), 1);
      return noContent;
    },
  },
  {
    ...server,
    method: 'GET',
    path: '/settings/server/extensions/analytics',
    handler: (ctx) => json(serverOf(ctx).analytics),
  },
  {
    ...server,
    method: 'PUT',
    path: '/settings/server/extensions/analytics',
    handler: (ctx) => {
      const doc = serverOf(ctx).analytics;
      doc.enabled = flag(ctx.body, 'enabled') ?? doc.enabled;
      return json(doc);
    },
  },
  { ...site, method: 'GET', path: analytics, handler: (ctx) => json(siteOf(ctx).analytics) },
  {
    ...site,
    method: 'PUT',
    path: analytics,
    handler: (ctx) => {
      const doc = siteOf(ctx).analytics;
      doc.enabled = flag(ctx.body, 'enabled') ?? doc.enabled;
      return json(doc);
    },
  },
  {
    ...site,
    method: 'GET',
    path: `${analytics}/connections`,
    handler: (ctx) => json({ connectionList: [...siteOf(ctx).connections.values()] }),
  },
  {
    ...site,
    method: 'POST',
    path: `${analytics}/connections`,
    handler: (ctx) => {
      const created = connection(ctx.body);
      siteOf(ctx).connections.set(created.connection_luid, created);
      return json(created, 201);
    },
  },
  {
    ...site,
    method: 'GET',
    path: `${analytics}/connections/:connectionId`,
    handler: (ctx) => json(findConnection(ctx)),
  },
  {
    ...site,
    method: 'PUT',
    path: `${analytics}/connections/:connectionId`,
    handler: (ctx) => {
      const current = findConnection(ctx);
      const next = connection({ ...current, ...ctx.body }, current.connection_luid);
      siteOf(ctx).connections.set(next.connection_luid, next);
      return json(next);
    },
  },
  {
    ...site,
    method: 'DELETE',
    path: `${analytics}/connections/:connectionId`,
    handler: (ctx) => {
      siteOf(ctx).connections.delete(findConnection(ctx).connection_luid);
      return noContent;
    },
  },
  {
    minVersion: '3.11',
    method: 'GET',
    path: `${analytics}/workbooks/:workbookId/connections`,
    handler: (ctx) => {
      requireItem(ctx.content.workbooks, ctx.params.workbookId, 'workbook');
      return json({ connectionList: [...siteOf(ctx).connections.values()] });
    },
  },
  {
    minVersion: '3.11',
    method: 'GET',
    path: `${analytics}/workbooks/:workbookId/selected_connection`,
    handler: (ctx) => {
      const workbook = requireItem(ctx.content.workbooks, ctx.params.workbookId, 'workbook');
      const id = siteOf(ctx).selected.get(workbook.id);
      const chosen = id ? siteOf(ctx).connections.get(id) : undefined;
      return json({ connectionList: chosen ? [chosen] : [] });
    },
  },
  {
    minVersion: '3.11',
    method: 'PUT',
    path: `${analytics}/workbooks/:workbookId/selected_connection`,
    handler: (ctx) => {
      const workbook = requireItem(ctx.content.workbooks, ctx.params.workbookId, 'workbook');
      const id = String(ctx.body.connection_luid ?? '').toLowerCase();
      const chosen = siteOf(ctx).connections.get(id);
      if (!chosen) throw errors.notFound('404002', 'Analytics extension connection', id);
      siteOf(ctx).selected.set(workbook.id, chosen.connection_luid);
      return json({ connectionList: [chosen] });
    },
  },
  {
    minVersion: '3.11',
    method: 'DELETE',
    path: `${analytics}/workbooks/:workbookId/selected_connection`,
    handler: (ctx) => {
      const workbook = requireItem(ctx.content.workbooks, ctx.params.workbookId, 'workbook');
      siteOf(ctx).selected.delete(workbook.id);
      return noContent;
    },
  },
];
