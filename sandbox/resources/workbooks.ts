import type { Workbook } from '../data/model';
import type { SiteContent } from '../data/site-content';
import { errors } from '../errors';
import { el, list, type Element } from '../format/element';
import { siteScope } from '../http/authenticate';
import { bodyToElement, bool, child, required, str } from '../http/request-body';
import { NO_CONTENT, ok, type Route } from '../http/route';
import type { FieldMode } from '../query/fields';
import type { FieldSpecs } from '../query/filter-sort';
import { paginatedList } from '../query/list-query';
import { notFound, nowIso, ownerElement, projectRef, requireItem, tagsElement } from './common';
import { deletePermissionsOf } from './permissions-store';
import { viewSummary } from './views';

function webpageUrl(workbook: Workbook): string {
  return `http://127.0.0.1/#/workbooks/${workbook.contentUrl}`;
}

/** `workbook_get.xml` by default; `_all_` as in `workbook_get_all_fields.xml`. */
export function workbookRenderer(content: SiteContent) {
  return (wb: Workbook, mode: FieldMode): Element => {
    const attrs: Element['attrs'] = {
      id: wb.id,
      name: wb.name,
      description: wb.description,
      contentUrl: wb.contentUrl,
      webpageUrl: webpageUrl(wb),
      showTabs: wb.showTabs,
      size: wb.size,
      createdAt: wb.createdAt,
      updatedAt: wb.updatedAt,
      encryptExtracts: wb.encryptExtracts,
      defaultViewId: wb.viewIds[0],
    };
    const children: Element[] = [projectRef(content, wb.projectId, mode)];
    if (mode === 'all') {
      Object.assign(attrs, {
        sheetCount: wb.sheetCount,
        hasExtracts: wb.hasExtracts,
        shareDescription: wb.description,
        lastPublishedAt: wb.updatedAt,
      });
      const project = content.projects.get(wb.projectId);
      children.push(el('location', { id: wb.projectId, type: 'Project', name: project?.name }));
    }
    children.push(ownerElement(content, wb.ownerId, mode), tagsElement(wb.tags));
    if (mode === 'all') children.push(el('dataAccelerationConfig', { accelerationEnabled: false }));
    return el('workbook', attrs, children);
  };
}

export const WORKBOOK_FIELDS = (content: SiteContent): FieldSpecs<Workbook> => ({
  id: { type: 'string', get: (w) => w.id },
  luid: { type: 'string', get: (w) => w.id },
  name: { type: 'string', get: (w) => w.name },
  contentUrl: { type: 'string', get: (w) => w.contentUrl },
  createdAt: { type: 'date', get: (w) => w.createdAt },
  updatedAt: { type: 'date', get: (w) => w.updatedAt },
  lastPublishedAt: { type: 'date', get: (w) => w.updatedAt },
  ownerName: { type: 'string', get: (w) => content.users.get(w.ownerId)?.name },
  ownerEmail: { type: 'string', get: (w) => content.users.get(w.ownerId)?.email },
  ownerDomain: { type: 'string', get: (w) => content.users.get(w.ownerId)?.domainName },
  projectName: { type: 'string', get: (w) => content.projects.get(w.projectId)?.name },
  projectId: { type: 'string', get: (w) => w.projectId, sort: false },
  tags: { type: 'tags', get: (w) => w.tags },
  showTabs: { type: 'boolean', get: (w) => w.showTabs },
  displayTabs: { type: 'boolean', get: (w) => w.showTabs },
  hasExtracts: { type: 'boolean', get: (w) => w.hasExtracts },
  sheetCount: { type: 'number', get: (w) => w.sheetCount },
  size: { type: 'number', get: (w) => w.size },
  subscriptionsTotal: { type: 'number', get: () => 0 },
  favoritesTotal: { type: 'number', get: () => 0 },
  description: { type: 'string', get: (w) => w.description, filter: false },
});

export function deleteWorkbook(content: SiteContent, wb: Workbook): void {
  for (const viewId of wb.viewIds) {
    content.views.remove(viewId);
    deletePermissionsOf(content, 'view', viewId);
  }
  content.workbooks.remove(wb.id);
  deletePermissionsOf(content, 'workbook', wb.id);
}

export const workbookRoutes: Route[] = [
  {
    method: 'GET',
    path: '/sites/:siteId/workbooks',
    auth: 'site',
    handler: (ctx) => {
      const { content } = siteScope(ctx);
      const workbooks = content.workbooks;
      return paginatedList(
        ctx.query,
        { items: workbooks.all(), cache: { collection: workbooks, key: 'workbooks' } },
        WORKBOOK_FIELDS(content),
        'workbooks',
        workbookRenderer(content),
      );
    },
  },
  {
    method: 'GET',
    path: '/sites/:siteId/users/:userId/workbooks',
    auth: 'site',
    handler: (ctx) => {
      const { content } = siteScope(ctx);
      const user = requireItem(content.users, ctx.params.userId, 'user');
      const owned = content.workbooks.all().filter((w) => w.ownerId === user.id);
      return paginatedList(
        ctx.query,
        { items: owned },
        WORKBOOK_FIELDS(content),
        'workbooks',
        workbookRenderer(content),
      );
    },
  },
  {
    method: 'GET',
    path: '/sites/:siteId/workbooks/:workbookId',
    auth: 'site',
    handler: (ctx) => {
      const { content } = siteScope(ctx);
      const wb = requireItem(content.workbooks, ctx.params.workbookId, 'workbook');
      const element = workbookRenderer(content)(wb, 'default');
      const views = wb.viewIds.flatMap((id) => {
        const view = content.views.get(id);
        return view ? [viewSummary(view, false)] : [];
      });
      element.children?.push(list('views', views));
      return ok([element]);
    },
  },
  {
    method: 'PUT',
    path: '/sites/:siteId/workbooks/:workbookId',
    auth: 'site',
    handler: (ctx) => {
      const { content } = siteScope(ctx);
      const wb = requireItem(content.workbooks, ctx.params.workbookId, 'workbook');
      const body = required(ctx.body, 'workbook');
      wb.name = str(body, 'name') ?? wb.name;
      wb.description = str(body, 'description') ?? wb.description;
      wb.showTabs = bool(body, 'showTabs') ?? wb.showTabs;
      wb.encryptExtracts = bool(body, 'encryptExtracts') ?? wb.encryptExtracts;
      const projectId = str(child(body, 'project'), 'id');
      if (projectId) {
        wb.projectId = requireItem(content.projects, projectId, 'project').id;
        for (const id of wb.viewIds) {
          const view = content.views.get(id);
          if (view) view.projectId = wb.projectId;
        }
      }
      const ownerId = str(child(body, 'owner'), 'id');
      if (ownerId) wb.ownerId = requireItem(content.users, ownerId, 'user').id;
      const policy = child(body, 'dataFreshnessPolicy');
      if (policy) {
        const option = str(policy, 'option');
        if (!option || !['AlwaysLive', 'SiteDefault', 'FreshEvery', 'FreshAt'].includes(option)) {
          throw errors.badRequest(`The data freshness option '${option}' is not valid.`);
        }
        wb.dataFreshnessPolicy = policy;
      }
      wb.updatedAt = nowIso();
      content.workbooks.touch();
      content.views.touch();
      const element = workbookRenderer(content)(wb, 'default');
      // `workbook_update.xml` carries the (retired) data acceleration settings.
      element.children?.push(
        el('dataAccelerationConfig', { accelerationEnabled: false, accelerateNow: false }),
      );
      if (wb.dataFreshnessPolicy) {
        element.children?.push(bodyToElement('dataFreshnessPolicy', wb.dataFreshnessPolicy));
      }
      return ok([element]);
    },
  },
  {
    method: 'DELETE',
    path: '/sites/:siteId/workbooks/:workbookId',
    auth: 'site',
    handler: (ctx) => {
      const { content } = siteScope(ctx);
      deleteWorkbook(content, requireItem(content.workbooks, ctx.params.workbookId, 'workbook'));
      return NO_CONTENT;
    },
  },
  {
    method: 'GET',
    path: '/sites/:siteId/workbooks/:workbookId/views',
    auth: 'site',
    handler: (ctx) => {
      const { content } = siteScope(ctx);
      const wb = requireItem(content.workbooks, ctx.params.workbookId, 'workbook');
      const usage = ctx.query.get('includeUsageStatistics') === 'true';
      // Query Views for Workbook is not paginated (tableau-api.md §4).
      const views = wb.viewIds.flatMap((id) => {
        const view = content.views.get(id);
        return view ? [viewSummary(view, usage)] : [];
      });
      return ok([list('views', views)]);
    },
  },
  {
    method: 'GET',
    path: '/sites/:siteId/workbooks/:workbookId/connections',
    auth: 'site',
    handler: (ctx) => {
      const { content } = siteScope(ctx);
      const wb = requireItem(content.workbooks, ctx.params.workbookId, 'workbook');
      return ok([
        list(
          'connections',
          wb.connections.map((c) => connectionElement(c, true)),
        ),
      ]);
    },
  },
  {
    method: 'PUT',
    path: '/sites/:siteId/workbooks/:workbookId/connections/:connectionId',
    auth: 'site',
    handler: (ctx) => {
      const { content } = siteScope(ctx);
      const wb = requireItem(content.workbooks, ctx.params.workbookId, 'workbook');
      const conn = wb.connections.find((c) => c.id === ctx.params.connectionId.toLowerCase());
      if (!conn) throw notFound('connection', ctx.params.connectionId);
      updateConnection(conn, required(ctx.body, 'connection'));
      content.workbooks.touch();
      return ok([connectionElement(conn, false)]);
    },
  },
];

/** `<connection>` as in `workbook_populate_connections.xml` / `datasource_connection_update.xml`. */
export function connectionElement(
  conn: Workbook['connections'][number],
  withDatasource: boolean,
): Element {
  return el(
    'connection',
    {
      id: conn.id,
      type: conn.type,
      embedPassword: conn.embedPassword,
      serverAddress: conn.serverAddress,
      serverPort: conn.serverPort,
      userName: conn.userName,
      queryTaggingEnabled: conn.queryTaggingEnabled,
      authenticationType: conn.authenticationType,
    },
    withDatasource ? [el('datasource', { id: conn.datasourceId, name: conn.datasourceName })] : [],
  );
}

export function updateConnection(
  conn: Workbook['connections'][number],
  body: Record<string, unknown>,
): void {
  const port = str(body, 'serverPort');
  if (port !== undefined && port !== '' && !/^\d+$/.test(port)) {
    throw errors.badRequest(`The server port '${port}' is not a number.`);
  }
  conn.serverAddress = str(body, 'serverAddress') ?? conn.serverAddress;
  conn.serverPort = port ?? conn.serverPort;
  conn.userName = str(body, 'userName') ?? conn.userName;
  conn.embedPassword = bool(body, 'embedPassword') ?? conn.embedPassword;
  conn.queryTaggingEnabled = bool(body, 'queryTaggingEnabled') ?? conn.queryTaggingEnabled;
}
