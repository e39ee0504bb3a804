/**
 * Tableau Catalog assets (Data Management, 3.5+): databases, tables and their columns, with
 * tags (3.9), moves into a project, the connection lookup and a database's default table
 * permissions. Shapes follow `database_get.xml`, `database_update.xml`, `table_get.xml` and
 * `table_update.xml`; element order follows the 3.29 XSD (databaseType, tableType).
 */
import type { CatalogColumn, CatalogDatabase, CatalogTable } from '../data/model-governance';
import type { SiteContent } from '../data/site-content';
import { errors } from '../errors';
import { el, list, type Element } from '../format/element';
import { siteScope } from '../http/authenticate';
import { bool, child, many, required, str } from '../http/request-body';
import { NO_CONTENT, ok, type RequestContext, type Route } from '../http/route';
import type { FieldSpecs } from '../query/filter-sort';
import { paginatedList } from '../query/list-query';
import { requireItem, tagsElement } from './common';
import {
  ALL_CAPABILITIES,
  mergeRules,
  permissionsElement,
  readRules,
  removeCapability,
} from './permissions';
import { deletePermissionsOf, permissionsOf } from './permissions-store';
import { itemTagRoutes } from './tags';

function person(content: SiteContent, name: 'contact' | 'certifier', id?: string): Element[] {
  return id ? [el(name, { id, name: content.users.get(id)?.name })] : [];
}

function databaseElement(siteId: string, content: SiteContent, db: CatalogDatabase): Element {
  return el(
    'database',
    {
      id: db.id,
      name: db.name,
      connectionType: db.connectionType,
      isEmbedded: db.isEmbedded,
      description: db.description || undefined,
      isCertified: db.isCertified,
      certificationNote: db.certificationNote || undefined,
      type: db.type,
      hostName: db.hostName || undefined,
      port: db.port || undefined,
      filePath: db.filePath || undefined,
      contentPermissions: db.contentPermissions,
    },
    [
      el('site', { id: siteId }),
      ...person(content, 'contact', db.contactId),
      ...person(content, 'certifier', db.certifierId),
      ...(db.projectId ? [el('location', { id: db.projectId, type: 'Project' })] : []),
      tagsElement(db.tags),
    ],
  );
}

function tableElement(siteId: string, content: SiteContent, table: CatalogTable): Element {
  return el(
    'table',
    {
      id: table.id,
      name: table.name,
      isEmbedded: table.isEmbedded,
      description: table.description || undefined,
      isCertified: table.isCertified,
      certificationNote: table.isCertified ? table.certificationNote : undefined,
      schema: table.schema,
    },
    [
      el('site', { id: siteId }),
      ...person(content, 'contact', table.contactId),
      ...person(content, 'certifier', table.certifierId),
      tagsElement(table.tags),
      ...(table.projectId ? [el('location', { id: table.projectId, type: 'Project' })] : []),
    ],
  );
}

function columnElement(table: CatalogTable, column: CatalogColumn): Element {
  return el('column', {
    id: column.id,
    name: column.name,
    description: column.description,
    remoteType: column.remoteType,
    parentTableId: table.id,
  });
}

const DATABASE_FIELDS: FieldSpecs<CatalogDatabase> = {
  name: { type: 'string', get: (d) => d.name },
  connectionType: { type: 'string', get: (d) => d.connectionType },
  isCertified: { type: 'boolean', get: (d) => d.isCertified },
};
const TABLE_FIELDS: FieldSpecs<CatalogTable> = {
  name: { type: 'string', get: (t) => t.name },
  schema: { type: 'string', get: (t) => t.schema },
  isCertified: { type: 'boolean', get: (t) => t.isCertified },
};

/** Certification, description and contact, the fields Update Database / Update Table change. */
function applyAssetUpdate(
  content: SiteContent,
  asset: CatalogDatabase | CatalogTable,
  body: Record<string, unknown>,
  userId: string,
): void {
  asset.description = str(body, 'description') ?? asset.description;
  const certified = bool(body, 'isCertified');
  if (certified !== undefined) {
    asset.isCertified = certified;
    asset.certifierId = certified ? userId : undefined;
  }
  asset.certificationNote = str(body, 'certificationNote') ?? asset.certificationNote;
  const contactId = str(child(body, 'contact'), 'id');
  if (contactId) asset.contactId = requireItem(content.users, contactId, 'user').id;
}

function dbOf(ctx: RequestContext) {
  const scope = siteScope(ctx);
  return { ...scope, db: requireItem(scope.content.databases, ctx.params.databaseId, 'database') };
}

function tableOf(ctx: RequestContext) {
  const scope = siteScope(ctx);
  return { ...scope, table: requireItem(scope.content.tables, ctx.params.tableId, 'table') };
}

function columnOf(table: CatalogTable, id: string): CatalogColumn {
  const column = table.columns.find((c) => c.id === id.toLowerCase());
  if (!column) throw errors.notFound('404002', 'Column', id);
  return column;
}

function findColumn(content: SiteContent, id: string) {
  for (const table of content.tables.all()) {
    const column = table.columns.find((c) => c.id === id.toLowerCase());
    if (column) return { table, column };
  }
  throw errors.notFound('404002', 'Column', id);
}

/** Move Database / Move Table: `<contentLocationRequest><location id/>…<resourceList>`. */
function moveAssets(ctx: RequestContext, kind: 'database' | 'table') {
  const { content, site } = siteScope(ctx);
  const request = required(ctx.body, 'contentLocationRequest');
  const projectId = str(child(request, 'location'), 'id');
  if (!projectId) throw errors.malformedBody('A move needs <location id="project-luid"/>.');
  const project = requireItem(content.projects, projectId, 'project');
  const ids = many(child(request, 'resourceList'), 'resource').map((r) => str(r, 'id') ?? '');
  if (ids.length === 0) throw errors.malformedBody('A move needs a <resourceList>.');
  const moved: Element[] = [];
  for (const id of ids) {
    if (kind === 'database') {
      const db = requireItem(content.databases, id, 'database');
      db.projectId = project.id;
      moved.push(databaseElement(site.id, content, db));
    } else {
      const table = requireItem(content.tables, id, 'table');
      table.projectId = project.id;
      moved.push(tableElement(site.id, content, table));
    }
  }
  (kind === 'database' ? content.databases : content.tables).touch();
  return ok([list(`${kind}s`, moved)]);
}

const db = '/sites/:siteId/databases';
const tb = '/sites/:siteId/tables';
const defaults = `${db}/:databaseId/default-permissions/tables`;

export const catalogAssetRoutes: Route[] = [
  {
    method: 'GET',
    path: db,
    auth: 'site',
    minVersion: '3.5',
    handler: (ctx) => {
      const { content, site } = siteScope(ctx);
      return paginatedList(
        ctx.query,
        { items: content.databases.all() },
        DATABASE_FIELDS,
        'databases',
        (d) => databaseElement(site.id, content, d),
      );
    },
  },
  {
    method: 'POST',
    path: db,
    auth: 'site',
    minVersion: '3.9',
    handler: (ctx) => moveAssets(ctx, 'database'),
  },
  {
    method: 'GET',
    path: `${db}/:databaseId`,
    auth: 'site',
    minVersion: '3.5',
    handler: (ctx) => {
      const { content, site, db: database } = dbOf(ctx);
      return ok([databaseElement(site.id, content, database)]);
    },
  },
  {
    method: 'PUT',
    path: `${db}/:databaseId`,
    auth: 'site',
    minVersion: '3.5',
    handler: (ctx) => {
      const { content, site, user, db: database } = dbOf(ctx);
      const body = required(ctx.body, 'database');
      applyAssetUpdate(content, database, body, user.id);
      const mode = str(body, 'contentPermissions');
      if (mode === 'LockedToDatabase' || mode === 'ManagedByOwner')
        database.contentPermissions = mode;
      content.databases.touch();
      return ok([databaseElement(site.id, content, database)]);
    },
  },
  {
    method: 'DELETE',
    path: `${db}/:databaseId`,
    auth: 'site',
    minVersion: '3.5',
    handler: (ctx) => {
      const { content, db: database } = dbOf(ctx);
      for (const table of content.tables.all()) {
        if (table.databaseId === database.id) content.tables.remove(table.id);
      }
      content.databases.remove(database.id);
      deletePermissionsOf(content, 'database', database.id);
      return NO_CONTENT;
    },
  },
  {
    // Tables of one database, as TSC's databases.populate_tables reads them.
    method: 'GET',
    path: `${db}/:databaseId/tables`,
    auth: 'site',
    minVersion: '3.5',
    handler: (ctx) => {
      const { content, site, db: database } = dbOf(ctx);
      const tables = content.tables.all().filter((t) => t.databaseId === database.id);
      return paginatedList(ctx.query, { items: tables }, TABLE_FIELDS, 'tables', (t) =>
        tableElement(site.id, content, t),
      );
    },
  },
  ...itemTagRoutes(`${db}/:databaseId/tags`, '3.9', (ctx) => {
    const { content, db: database } = dbOf(ctx);
    return { item: database, touch: () => content.databases.touch() };
  }),
  {
    method: 'GET',
    path: defaults,
    auth: 'site',
    minVersion: '3.9',
    handler: (ctx) => {
      const { content, db: database } = dbOf(ctx);
      const rules = permissionsOf(content, 'default-db-tables', database.id, database.ownerId);
      return ok([permissionsElement('database', database, rules)]);
    },
  },
  {
    method: 'PUT',
    path: defaults,
    auth: 'site',
    minVersion: '3.9',
    handler: (ctx) => {
      const { content, db: database } = dbOf(ctx);
      const added = readRules(content, ALL_CAPABILITIES, ctx.body);
      mergeRules(permissionsOf(content, 'default-db-tables', database.id, database.ownerId), added);
      return ok([permissionsElement('database', database, added)]);
    },
  },
  ...(['users', 'groups'] as const).map((granteeKind): Route => ({
    method: 'DELETE',
    path: `${defaults}/${granteeKind}/:granteeId/:capability/:mode`,
    auth: 'site',
    minVersion: '3.9',
    handler: (ctx) => {
      const { content, db: database } = dbOf(ctx);
      const rules = permissionsOf(content, 'default-db-tables', database.id, database.ownerId);
      removeCapability(rules, granteeKind, ctx.params);
      return NO_CONTENT;
    },
  })),
  {
    method: 'GET',
    path: tb,
    auth: 'site',
    minVersion: '3.5',
    handler: (ctx) => {
      const { content, site } = siteScope(ctx);
      return paginatedList(
        ctx.query,
        { items: content.tables.all() },
        TABLE_FIELDS,
        'tables',
        (t) => tableElement(site.id, content, t),
      );
    },
  },
  {
    method: 'POST',
    path: tb,
    auth: 'site',
    minVersion: '3.9',
    handler: (ctx) => moveAssets(ctx, 'table'),
  },
  {
    method: 'GET',
    path: `${tb}/:tableId`,
    auth: 'site',
    minVersion: '3.5',
    handler: (ctx) => {
      const { content, site, table } = tableOf(ctx);
      return ok([tableElement(site.id, content, table)]);
    },
  },
  {
    method: 'PUT',
    path: `${tb}/:tableId`,
    auth: 'site',
    minVersion: '3.5',
    handler: (ctx) => {
      const { content, site, user, table } = tableOf(ctx);
      applyAssetUpdate(content, table, required(ctx.body, 'table'), user.id);
      content.tables.touch();
      return ok([tableElement(site.id, content, table)]);
    },
  },
  {
    method: 'DELETE',
    path: `${tb}/:tableId`,
    auth: 'site',
    minVersion: '3.5',
    handler: (ctx) => {
      const { content, table } = tableOf(ctx);
      content.tables.remove(table.id);
      deletePermissionsOf(content, 'table', table.id);
      return NO_CONTENT;
    },
  },
  ...itemTagRoutes(`${tb}/:tableId/tags`, '3.9', (ctx) => {
    const { content, table } = tableOf(ctx);
    return { item: table, touch: () => content.tables.touch() };
  }),
  {
    method: 'GET',
    path: `${tb}/:tableId/columns`,
    auth: 'site',
    minVersion: '3.5',
    handler: (ctx) => {
      const { table } = tableOf(ctx);
      const columns = table.columns.map((c) => ({ ...c, table }));
      return paginatedList(ctx.query, { items: columns }, {}, 'columns', (c) =>
        columnElement(table, c),
      );
    },
  },
  {
    method: 'GET',
    path: `${tb}/:tableId/columns/:columnId`,
    auth: 'site',
    minVersion: '3.5',
    handler: (ctx) => {
      const { table } = tableOf(ctx);
      return ok([columnElement(table, columnOf(table, ctx.params.columnId))]);
    },
  },
  {
    method: 'PUT',
    path: `${tb}/:tableId/columns/:columnId`,
    auth: 'site',
    minVersion: '3.5',
    handler: (ctx) => {
      const { content, table } = tableOf(ctx);
      const column = columnOf(table, ctx.params.columnId);
      column.description = str(required(ctx.body, 'column'), 'description') ?? column.description;
      content.tables.touch();
      return ok([columnElement(table, column)]);
    },
  },
  {
    method: 'DELETE',
    path: `${tb}/:tableId/columns/:columnId`,
    auth: 'site',
    minVersion: '3.5',
    handler: (ctx) => {
      const { content, table } = tableOf(ctx);
      const column = columnOf(table, ctx.params.columnId);
      table.columns.splice(table.columns.indexOf(column), 1);
      content.tables.touch();
      return NO_CONTENT;
    },
  },
  ...itemTagRoutes('/sites/:siteId/columns/:columnId/tags', '3.9', (ctx) => {
    const { content } = siteScope(ctx);
    const { column } = findColumn(content, ctx.params.columnId);
    return { item: column, touch: () => content.tables.touch() };
  }),
  {
    // The connection's XML is opaque here: the lookup answers with the Catalog's databases.
    method: 'POST',
    path: '/sites/:siteId/databaseAndTables/lookup',
    auth: 'site',
    minVersion: '3.9',
    handler: (ctx) => {
      const { content, site } = siteScope(ctx);
      const anchor = required(ctx.body, 'databaseAnchor');
      if (!str(child(anchor, 'connectionParams'), 'base64xml')) {
        throw errors.malformedBody('The lookup needs <connectionParams><base64xml>.');
      }
      const first = content.databases.all()[0];
      const tables = first ? content.tables.all().filter((t) => t.databaseId === first.id) : [];
      return ok([
        list('databases', first ? [databaseElement(site.id, content, first)] : []),
        list(
          'tables',
          tables.map((t) => tableElement(site.id, content, t)),
        ),
      ]);
    },
  },
];
