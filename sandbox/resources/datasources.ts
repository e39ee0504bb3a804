import type { Datasource } from '../data/model';
import type { SiteContent } from '../data/site-content';
import { el, list, type Element } from '../format/element';
import { siteScope } from '../http/authenticate';
import { bool, child, required, str } from '../http/request-body';
import { NO_CONTENT, ok, type Route } from '../http/route';
import type { FieldMode } from '../query/fields';
import type { FieldSpecs } from '../query/filter-sort';
import { paginatedList } from '../query/list-query';
import { notFound, nowIso, ownerElement, projectRef, requireItem, tagsElement } from './common';
import { deletePermissionsOf } from './permissions-store';
import { connectionElement, updateConnection } from './workbooks';
import { compareVersions } from '../versions';

/** `datasource_get.xml` by default; `_all_` as in `datasource_get_all_fields.xml`. */
export function datasourceRenderer(content: SiteContent) {
  let connected: Map<string, number> | undefined;
  return (ds: Datasource, mode: FieldMode): Element => {
    const attrs: Element['attrs'] = {
      id: ds.id,
      name: ds.name,
      size: ds.size,
      contentUrl: ds.contentUrl,
      description: ds.description,
      type: ds.type,
      createdAt: ds.createdAt,
      updatedAt: ds.updatedAt,
      encryptExtracts: ds.encryptExtracts,
      hasExtracts: ds.hasExtracts,
      isCertified: ds.isCertified,
      certificationNote: ds.certificationNote,
      useRemoteQueryAgent: ds.useRemoteQueryAgent,
      webpageUrl: `http://127.0.0.1/#/datasources/${ds.contentUrl}`,
    };
    if (mode === 'all') {
      if (!connected) {
        connected = new Map();
        for (const wb of content.workbooks.all()) {
          for (const id of new Set(wb.connections.map((c) => c.datasourceId))) {
            connected.set(id, (connected.get(id) ?? 0) + 1);
          }
        }
      }
      Object.assign(attrs, {
        connectedWorkbooksCount: connected.get(ds.id) ?? 0,
        favoritesTotal: 0,
        hasAlert: false,
        isPublished: true,
        serverName: ds.connections[0]?.serverAddress ?? '',
      });
    }
    return el('datasource', attrs, [
      projectRef(content, ds.projectId, mode),
      ownerElement(content, ds.ownerId, mode),
      tagsElement(ds.tags),
    ]);
  };
}

export const DATASOURCE_FIELDS = (content: SiteContent): FieldSpecs<Datasource> => ({
  id: { type: 'string', get: (d) => d.id },
  luid: { type: 'string', get: (d) => d.id },
  name: { type: 'string', get: (d) => d.name },
  contentUrl: { type: 'string', get: (d) => d.contentUrl },
  type: { type: 'string', get: (d) => d.type },
  connectionType: { type: 'string', get: (d) => d.type },
  createdAt: { type: 'date', get: (d) => d.createdAt },
  updatedAt: { type: 'date', get: (d) => d.updatedAt },
  hasExtracts: { type: 'boolean', get: (d) => d.hasExtracts },
  isCertified: { type: 'boolean', get: (d) => d.isCertified },
  ownerName: { type: 'string', get: (d) => content.users.get(d.ownerId)?.name },
  ownerEmail: { type: 'string', get: (d) => content.users.get(d.ownerId)?.email },
  projectName: { type: 'string', get: (d) => content.projects.get(d.projectId)?.name },
  projectId: { type: 'string', get: (d) => d.projectId, sort: false },
  serverName: { type: 'string', get: (d) => d.connections[0]?.serverAddress },
  tags: { type: 'tags', get: (d) => d.tags },
  size: { type: 'number', get: (d) => d.size },
});

export const datasourceRoutes: Route[] = [
  {
    method: 'GET',
    path: '/sites/:siteId/datasources',
    auth: 'site',
    handler: (ctx) => {
      const { content } = siteScope(ctx);
      const datasources = content.datasources;
      return paginatedList(
        ctx.query,
        { items: datasources.all(), cache: { collection: datasources, key: 'datasources' } },
        DATASOURCE_FIELDS(content),
        'datasources',
        datasourceRenderer(content),
      );
    },
  },
  {
    method: 'GET',
    path: '/sites/:siteId/datasources/:datasourceId',
    auth: 'site',
    handler: (ctx) => {
      const { content } = siteScope(ctx);
      const ds = requireItem(content.datasources, ctx.params.datasourceId, 'datasource');
      const element = datasourceRenderer(content)(ds, 'default');
      // Ask Data (retired with 2024.2, API 3.23) showed its setting here (`datasource_get_by_id.xml`).
      if (
        compareVersions(ctx.apiVersion, '3.10') >= 0 &&
        compareVersions(ctx.apiVersion, '3.22') <= 0
      ) {
        element.children?.push(el('askData', { enablement: 'SiteDefault' }));
      }
      return ok([element]);
    },
  },
  {
    method: 'PUT',
    path: '/sites/:siteId/datasources/:datasourceId',
    auth: 'site',
    handler: (ctx) => {
      const { content } = siteScope(ctx);
      const ds = requireItem(content.datasources, ctx.params.datasourceId, 'datasource');
      const body = required(ctx.body, 'datasource');
      ds.name = str(body, 'name') ?? ds.name;
      ds.description = str(body, 'description') ?? ds.description;
      ds.isCertified = bool(body, 'isCertified') ?? ds.isCertified;
      ds.certificationNote = str(body, 'certificationNote') ?? ds.certificationNote;
      if (!ds.isCertified) ds.certificationNote = undefined;
      ds.encryptExtracts = bool(body, 'encryptExtracts') ?? ds.encryptExtracts;
      const projectId = str(child(body, 'project'), 'id');
      if (projectId) ds.projectId = requireItem(content.projects, projectId, 'project').id;
      const ownerId = str(child(body, 'owner'), 'id');
      if (ownerId) ds.ownerId = requireItem(content.users, ownerId, 'user').id;
      ds.updatedAt = nowIso();
      content.datasources.touch();
      // Shaped like `datasource_update.xml`.
      return ok([
        el(
          'datasource',
          {
            id: ds.id,
            name: ds.name,
            contentUrl: ds.contentUrl,
            type: ds.type,
            createdAt: ds.createdAt,
            updatedAt: ds.updatedAt,
            isCertified: ds.isCertified,
            certificationNote: ds.certificationNote ?? '',
          },
          [el('project', { id: ds.projectId }), el('owner', { id: ds.ownerId })],
        ),
      ]);
    },
  },
  {
    method: 'DELETE',
    path: '/sites/:siteId/datasources/:datasourceId',
    auth: 'site',
    handler: (ctx) => {
      const { content } = siteScope(ctx);
      const ds = requireItem(content.datasources, ctx.params.datasourceId, 'datasource');
      content.datasources.remove(ds.id);
      deletePermissionsOf(content, 'datasource', ds.id);
      return NO_CONTENT;
    },
  },
  {
    method: 'GET',
    path: '/sites/:siteId/datasources/:datasourceId/connections',
    auth: 'site',
    handler: (ctx) => {
      const { content } = siteScope(ctx);
      const ds = requireItem(content.datasources, ctx.params.datasourceId, 'datasource');
      return ok([
        list(
          'connections',
          ds.connections.map((c) => connectionElement(c, false)),
        ),
      ]);
    },
  },
  {
    method: 'PUT',
    path: '/sites/:siteId/datasources/:datasourceId/connections/:connectionId',
    auth: 'site',
    handler: (ctx) => {
      const { content } = siteScope(ctx);
      const ds = requireItem(content.datasources, ctx.params.datasourceId, 'datasource');
      const conn = ds.connections.find((c) => c.id === ctx.params.connectionId.toLowerCase());
      if (!conn) throw notFound('connection', ctx.params.connectionId);
      updateConnection(conn, required(ctx.body, 'connection'));
      content.datasources.touch();
      return ok([connectionElement(conn, false)]);
    },
  },
];
