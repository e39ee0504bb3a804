/**
 * Virtual connections (3.18 list and connections, 3.23 the rest): shapes of
 * `virtual_connections_get.xml`, `virtual_connections_update.xml`,
 * `virtual_connection_populate_connections.xml`, `virtual_connection_database_connection_update.xml`,
 * `virtual_connections_revisions.xml`, `virtual_connections_download.xml` and `…_publish.xml`.
 */
import { randomUUID } from 'node:crypto';
import type { VirtualConnection } from '../data/model-governance';
import type { SiteContent } from '../data/site-content';
import { errors } from '../errors';
import { el, list, textEl, type Element } from '../format/element';
import { siteScope } from '../http/authenticate';
import { bool, child, required, str } from '../http/request-body';
import { NO_CONTENT, ok, type RequestContext, type Route } from '../http/route';
import type { FieldSpecs } from '../query/filter-sort';
import { paginatedList } from '../query/list-query';
import { paginate, parsePaging } from '../query/paging';
import { nowIso, requireItem } from './common';
import { deletePermissionsOf } from './permissions-store';
import { itemTagRoutes } from './tags';

function summary(vc: VirtualConnection): Element {
  return el('virtualConnection', {
    createdAt: vc.createdAt,
    hasExtracts: vc.hasExtracts,
    id: vc.id,
    isCertified: vc.isCertified,
    name: vc.name,
    updatedAt: vc.updatedAt,
    webpageUrl: `https://tableau.sandbox.local/#/virtualconnections/${vc.id}`,
  });
}

/** The full item: attributes, project, owner and the JSON definition in `<content>`. */
function detail(vc: VirtualConnection, definition = vc.definition): Element {
  return el(
    'virtualConnection',
    {
      id: vc.id,
      name: vc.name,
      isCertified: vc.isCertified,
      certificationNote: vc.certificationNote,
      hasExtracts: vc.hasExtracts,
      createdAt: vc.createdAt,
      updatedAt: vc.updatedAt,
    },
    [
      el('project', { id: vc.projectId }),
      el('owner', { id: vc.ownerId }),
      textEl('content', definition),
    ],
  );
}

const FIELDS: FieldSpecs<VirtualConnection> = {
  name: { type: 'string', get: (v) => v.name },
  createdAt: { type: 'date', get: (v) => v.createdAt },
  updatedAt: { type: 'date', get: (v) => v.updatedAt },
  isCertified: { type: 'boolean', get: (v) => v.isCertified },
};

function vcOf(ctx: RequestContext): { content: SiteContent; vc: VirtualConnection } {
  const { content } = siteScope(ctx);
  const vc = requireItem(content.virtualConnections, ctx.params.vcId, 'virtualConnection');
  return { content, vc };
}

function checkDefinition(text: string | undefined): string {
  if (!text)
    throw errors.malformedBody('A virtual connection needs its JSON definition in <content>.');
  try {
    JSON.parse(text);
  } catch {
    throw errors.badRequest('The virtual connection <content> is not valid JSON.');
  }
  return text;
}

const base = '/sites/:siteId/virtualConnections';

export const virtualConnectionRoutes: Route[] = [
  {
    method: 'GET',
    path: base,
    auth: 'site',
    minVersion: '3.18',
    handler: (ctx) => {
      const { content } = siteScope(ctx);
      return paginatedList(
        ctx.query,
        { items: content.virtualConnections.all() },
        FIELDS,
        'virtualConnections',
        summary,
      );
    },
  },
  {
    method: 'POST',
    path: base,
    auth: 'site',
    minVersion: '3.23',
    handler: (ctx) => {
      const { content, user } = siteScope(ctx);
      const body = required(ctx.body, 'virtualConnection');
      const name = str(body, 'name');
      if (!name) throw errors.malformedBody('A virtual connection needs a name.');
      const definition = checkDefinition(str(body, 'content'));
      const projectId = str(child(body, 'project'), 'id') ?? content.projects.all()[0].id;
      const project = requireItem(content.projects, projectId, 'project');
      const ownerId = str(child(body, 'owner'), 'id') ?? user.id;
      const existing = content.virtualConnections
        .all()
        .find((v) => v.projectId === project.id && v.name === name);
      if (existing && ctx.query.get('overwrite') !== 'true') {
        throw errors.conflict(
          '409003',
          'Resource Conflict',
          `A virtual connection named '${name}' already exists in the project.`,
        );
      }
      const now = nowIso();
      const vc: VirtualConnection = existing ?? {
        id: randomUUID(),
        name,
        description: '',
        projectId: project.id,
        ownerId: requireItem(content.users, ownerId, 'user').id,
        createdAt: now,
        updatedAt: now,
        isCertified: false,
        certificationNote: '',
        hasExtracts: false,
        definition,
        tags: [],
        connections: [],
        revisions: [],
      };
      vc.definition = definition;
      vc.updatedAt = now;
      vc.revisions.push(now);
      if (existing) content.virtualConnections.touch();
      else content.virtualConnections.add(vc);
      return ok([detail(vc)], 201);
    },
  },
  {
    method: 'GET',
    path: `${base}/:vcId`,
    auth: 'site',
    minVersion: '3.23',
    handler: (ctx) => ok([detail(vcOf(ctx).vc)]),
  },
  {
    method: 'PUT',
    path: `${base}/:vcId`,
    auth: 'site',
    minVersion: '3.23',
    handler: (ctx) => {
      const { content, vc } = vcOf(ctx);
      const body = required(ctx.body, 'virtualConnection');
      const name = str(body, 'name');
      if (name !== undefined && !name.trim()) throw errors.badRequest('A name cannot be empty.');
      vc.name = name ?? vc.name;
      vc.description = str(body, 'description') ?? vc.description;
      vc.isCertified = bool(body, 'isCertified') ?? vc.isCertified;
      vc.certificationNote = str(body, 'certificationNote') ?? vc.certificationNote;
      const projectId = str(child(body, 'project'), 'id');
      if (projectId) vc.projectId = requireItem(content.projects, projectId, 'project').id;
      const ownerId = str(child(body, 'owner'), 'id');
      if (ownerId) vc.ownerId = requireItem(content.users, ownerId, 'user').id;
      vc.updatedAt = nowIso();
      content.virtualConnections.touch();
      return ok([
        el(
          'virtualConnection',
          { name: vc.name, isCertified: vc.isCertified, certificationNote: vc.certificationNote },
          [el('project', { id: vc.projectId }), el('owner', { id: vc.ownerId })],
        ),
      ]);
    },
  },
  {
    method: 'DELETE',
    path: `${base}/:vcId`,
    auth: 'site',
    minVersion: '3.23',
    handler: (ctx) => {
      const { content, vc } = vcOf(ctx);
      content.virtualConnections.remove(vc.id);
      deletePermissionsOf(content, 'virtualConnection', vc.id);
      return NO_CONTENT;
    },
  },
  {
    method: 'GET',
    path: `${base}/:vcId/connections`,
    auth: 'site',
    minVersion: '3.18',
    handler: (ctx) => {
      const { vc } = vcOf(ctx);
      return ok([
        list(
          'virtualConnectionConnections',
          vc.connections.map((c) =>
            // The XSD's virtualConnectionSourceConnectionType, as virtual_connection_populate_connections2.xml.
            el('connection', {
              connectionId: c.id,
              dbClass: c.dbClass,
              server: c.serverAddress,
              username: c.userName,
              port: c.serverPort || undefined,
            }),
          ),
        ),
      ]);
    },
  },
  {
    method: 'PUT',
    path: `${base}/:vcId/connections/:connectionId/modify`,
    auth: 'site',
    minVersion: '3.18',
    handler: (ctx) => {
      const { content, vc } = vcOf(ctx);
      const connection = vc.connections.find((c) => c.id === ctx.params.connectionId.toLowerCase());
      if (!connection) throw errors.notFound('404009', 'Connection', ctx.params.connectionId);
      const body = required(ctx.body, 'connection');
      connection.serverAddress = str(body, 'serverAddress') ?? connection.serverAddress;
      connection.serverPort = str(body, 'serverPort') ?? connection.serverPort;
      connection.userName = str(body, 'userName') ?? connection.userName;
      content.virtualConnections.touch();
      return ok([
        el('connection', {
          id: connection.id,
          serverAddress: connection.serverAddress,
          serverPort: connection.serverPort,
          userName: connection.userName,
        }),
      ]);
    },
  },
  {
    method: 'GET',
    path: `${base}/:vcId/revisions`,
    auth: 'site',
    minVersion: '3.23',
    handler: (ctx) => {
      const { content, vc } = vcOf(ctx);
      const owner = content.users.get(vc.ownerId);
      const revisions = vc.revisions.map((publishedAt, i) =>
        el(
          'revision',
          {
            publishedAt,
            revisionNumber: i + 1,
            deleted: false,
            current: i === vc.revisions.length - 1,
          },
          [el('publisher', { id: vc.ownerId, name: owner?.name })],
        ),
      );
      const { page, pagination } = paginate(revisions, parsePaging(ctx.query));
      return ok([pagination, list('revisions', page)]);
    },
  },
  {
    method: 'GET',
    path: `${base}/:vcId/revisions/:revisionNumber`,
    auth: 'site',
    minVersion: '3.23',
    handler: (ctx) => {
      const { vc } = vcOf(ctx);
      const n = Number(ctx.params.revisionNumber);
      if (!Number.isInteger(n) || n < 1 || n > vc.revisions.length) {
        throw errors.notFound('404002', 'Revision', ctx.params.revisionNumber);
      }
      return ok([detail(vc)]);
    },
  },
  ...itemTagRoutes(`${base}/:vcId/tags`, '3.23', (ctx) => {
    const { content, vc } = vcOf(ctx);
    return { item: vc, touch: () => content.virtualConnections.touch() };
  }),
];
