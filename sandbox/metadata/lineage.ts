import { createHash } from 'node:crypto';
import type { Connection, Datasource, Site, View, Workbook } from '../data/model';
import type { CatalogDatabase, CatalogTable, QualityIndicator } from '../data/model-governance';
import type { SiteContent } from '../data/site-content';

/**
 * The Metadata API's view of one site, derived from the same seeded content the REST API
 * serves: workbooks, views, data sources, owners and projects are those of REST (their `luid`
 * is the REST id); databases, tables, columns and fields are derived, deterministically, from
 * the REST connections (type, server address, port), as Tableau's Catalog derives them when
 * it indexes content.
 *
 * Lineage is kept at two grains. Workbook grain: a workbook is downstream of a database (and
 * its tables) when one of its REST connections points at that database, directly or through
 * the published data source the connection names (`datasourceId`); its sheets and dashboards
 * inherit that. Field grain: each sheet uses a few fields of its workbook's embedded data
 * sources, and each field comes from one column.
 */

/** Every metadata node: its GraphQL type name, Metadata API id, and thunks for its relations. */
export interface MetaNode {
  __typename: string;
  id: string;
  [field: string]: unknown;
}
type Links = Record<string, () => MetaNode[]>;
export const LINKS = Symbol('links');
export type LinkedNode = MetaNode & { [LINKS]: Links };

/** Metadata API ids are not REST LUIDs: a stable GUID per kind and key. */
export function metadataId(kind: string, key: string): string {
  const hex = createHash('sha1').update(`${kind}:${key}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** A small deterministic choice from a key (FNV-1a), so derived content never changes between runs. */
function hash(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
function pickSome<T>(key: string, items: readonly T[], min: number, max: number): T[] {
  const count = Math.min(items.length, min + (hash(`${key}#n`) % (max - min + 1)));
  const start = hash(`${key}#s`) % items.length;
  return Array.from({ length: count }, (_, i) => items[(start + i * 7) % items.length]).filter(
    (item, i, all) => all.indexOf(item) === i,
  );
}

/** Database names per connection type (a server holds one analytic database here). */
const DATABASE_NAMES: Record<string, string> = {
  postgres: 'analytics',
  sqlserver: 'SalesDW',
  snowflake: 'ANALYTICS',
  redshift: 'dw',
  mysql: 'crm',
  bigquery: 'acme-analytics',
};
const SCHEMAS: Record<string, string> = {
  postgres: 'public',
  sqlserver: 'dbo',
  snowflake: 'PUBLIC',
  redshift: 'reporting',
  mysql: 'crm',
  bigquery: 'warehouse',
};
const TABLE_COLUMNS: Record<string, [string, string][]> = {
  orders: [
    ['order_id', 'I8'],
    ['customer_id', 'I8'],
    ['order_date', 'DBTIMESTAMP'],
    ['amount', 'R8'],
    ['region', 'WSTR'],
  ],
  customers: [
    ['customer_id', 'I8'],
    ['name', 'WSTR'],
    ['segment', 'WSTR'],
    ['country', 'WSTR'],
  ],
  products: [
    ['product_id', 'I8'],
    ['name', 'WSTR'],
    ['category', 'WSTR'],
    ['list_price', 'R8'],
  ],
  opportunities: [
    ['opportunity_id', 'I8'],
    ['stage', 'WSTR'],
    ['close_date', 'DBDATE'],
    ['value', 'R8'],
  ],
  employees: [
    ['employee_id', 'I8'],
    ['department', 'WSTR'],
    ['hire_date', 'DBDATE'],
    ['salary', 'R8'],
  ],
  web_sessions: [
    ['session_id', 'WSTR'],
    ['started_at', 'DBTIMESTAMP'],
    ['page_views', 'I8'],
    ['channel', 'WSTR'],
  ],
  tickets: [
    ['ticket_id', 'I8'],
    ['opened_at', 'DBTIMESTAMP'],
    ['priority', 'WSTR'],
    ['csat', 'I4'],
  ],
  budget: [
    ['cost_center', 'WSTR'],
    ['fiscal_month', 'DBDATE'],
    ['planned', 'R8'],
    ['actual', 'R8'],
  ],
};
const TABLE_NAMES = Object.keys(TABLE_COLUMNS);
/** The REST Catalog's column types as the OLE DB names the Metadata API uses. */
const REMOTE_TYPES: Record<string, string> = {
  BIGINT: 'I8',
  INTEGER: 'I4',
  VARCHAR: 'WSTR',
  DECIMAL: 'R8',
  TIMESTAMP: 'DBTIMESTAMP',
  DATE: 'DBDATE',
};
const FILE_EXTENSIONS: Record<string, string> = { 'excel-direct': 'xlsx', textscan: 'csv' };

interface DatabaseRec {
  node: LinkedNode;
  key: string;
  tables: TableRec[];
  workbooks: Set<Workbook>;
  datasources: Set<Datasource>;
}
interface TableRec {
  node: LinkedNode;
  database: DatabaseRec;
  columns: LinkedNode[];
  workbooks: Set<Workbook>;
  datasources: Set<Datasource>;
}
/** A published or embedded data source: its tables and, once asked, its fields. */
interface SourceRec {
  node: LinkedNode;
  tables: TableRec[];
  fields: LinkedNode[] | null;
}

/** The key the Metadata API's Catalog would merge connections on: type, host and port (or the file). */
export function databaseKey(
  connection: Pick<Connection, 'type' | 'serverAddress' | 'serverPort' | 'datasourceName'>,
): string {
  return connection.serverAddress
    ? `${connection.type}|${connection.serverAddress.toLowerCase()}|${connection.serverPort}`
    : `${connection.type}|file|${connection.datasourceName}`;
}

function title(column: string): string {
  return column
    .split('_')
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join(' ');
}

/** The metadata graph of one site; built once per version of its content. */
export class SiteLineage {
  readonly site: LinkedNode;
  readonly users = new Map<string, LinkedNode>();
  readonly workbooks: LinkedNode[] = [];
  readonly sheets: LinkedNode[] = [];
  readonly dashboards: LinkedNode[] = [];
  readonly published: LinkedNode[] = [];
  readonly embedded: LinkedNode[] = [];
  readonly databases: LinkedNode[] = [];
  readonly tables: LinkedNode[] = [];
  readonly warnings: LinkedNode[] = [];
  private readonly databaseRecs = new Map<string, DatabaseRec>();
  private readonly sources = new Map<string, SourceRec>();
  private readonly workbookNodes = new Map<string, LinkedNode>();
  private readonly publishedNodes = new Map<string, LinkedNode>();
  private readonly viewsByWorkbook = new Map<string, View[]>();
  private readonly sheetNodes = new Map<string, LinkedNode>();
  private readonly dashboardNodes = new Map<string, LinkedNode>();
  /** Published data source id → the workbooks whose REST connections name it. */
  private readonly workbooksByDatasource = new Map<string, Set<Workbook>>();
  private readonly ownedBy = new Map<
    string,
    { workbooks: LinkedNode[]; datasources: LinkedNode[] }
  >();
  private fieldIndex: { columns: Map<LinkedNode, LinkedNode[]>; all: LinkedNode[] } | null = null;

  constructor(
    siteRec: Site,
    private readonly content: SiteContent,
    /** Position of the site on the server, for cursors (`sites/1`), as Tableau's cursors carry. */
    readonly siteIndex: number,
  ) {
    this.site = this.linked('TableauSite', `site:${siteRec.id}`, {
      luid: siteRec.id,
      name: siteRec.name,
      uri: `sites/${siteIndex}`,
    });
    for (const user of content.users.all()) {
      this.users.set(
        user.id,
        this.linked(
          'TableauUser',
          `user:${user.id}`,
          {
            luid: user.id,
            name: user.fullName,
            username: user.name,
            email: user.email,
            domain: user.domainName,
          },
          {
            ownedWorkbooks: () => this.owned(user.id).workbooks,
            ownedDatasources: () => this.owned(user.id).datasources,
          },
        ),
      );
    }
    for (const view of content.views.all()) {
      const list = this.viewsByWorkbook.get(view.workbookId) ?? [];
      list.push(view);
      this.viewsByWorkbook.set(view.workbookId, list);
    }
    for (const ds of content.datasources.all()) this.addPublished(ds);
    for (const workbook of content.workbooks.all()) this.addWorkbook(workbook);
    // Catalog databases no content connects to are still databases of the site.
    for (const db of content.databases.all()) {
      if (!db.hostName) continue;
      this.database({
        id: db.id,
        type: db.connectionType,
        serverAddress: db.hostName,
        serverPort: db.port,
        datasourceName: db.name,
      } as Connection);
    }
    for (const indicator of content.qualityIndicators.all())
      if (indicator.kind === 'warning') this.addWarning(indicator);
  }

  /** A data quality warning set through REST (`/dataQualityWarnings/…`), on what it names. */
  private addWarning(indicator: QualityIndicator): void {
    const type = indicator.contentType.toUpperCase();
    const asset =
      type === 'DATASOURCE'
        ? this.publishedNodes.get(indicator.contentId)
        : type === 'TABLE'
          ? this.tables.find((t) => t.luid === indicator.contentId)
          : type === 'DATABASE'
            ? this.databases.find((d) => d.luid === indicator.contentId)
            : undefined;
    if (!asset) return;
    if (indicator.isActive) asset.hasActiveWarning = true;
    this.warnings.push(
      this.linked(
        'DataQualityWarning',
        `dqw:${indicator.id}`,
        {
          luid: indicator.id,
          warningType: indicator.type,
          message: indicator.message,
          value: indicator.type,
          category: 'Data Quality Warning',
          isActive: indicator.isActive,
          isSevere: indicator.isSevere,
          isElevated: indicator.isSevere,
          createdAt: indicator.createdAt,
          updatedAt: indicator.updatedAt,
        },
        { asset: () => [asset], author: () => this.owner(indicator.ownerId) },
      ),
    );
  }

  // ——— nodes ———

  private linked(
    typename: string,
    key: string,
    scalars: Record<string, unknown>,
    links: Links = {},
  ): LinkedNode {
    return { __typename: typename, id: metadataId(typename, key), ...scalars, [LINKS]: links };
  }

  private owned(userId: string): { workbooks: LinkedNode[]; datasources: LinkedNode[] } {
    if (this.ownedBy.size === 0) {
      const entry = (id: string) => {
        let e = this.ownedBy.get(id);
        if (!e) this.ownedBy.set(id, (e = { workbooks: [], datasources: [] }));
        return e;
      };
      for (const w of this.workbooks) entry(w.ownerLuid as string).workbooks.push(w);
      for (const d of this.published) entry(d.ownerLuid as string).datasources.push(d);
    }
    return this.ownedBy.get(userId) ?? { workbooks: [], datasources: [] };
  }

  private owner(id: string): MetaNode[] {
    const user = this.users.get(id);
    return user ? [user] : [];
  }

  private projectName(projectId: string): string | null {
    return this.content.projects.get(projectId)?.name ?? null;
  }

  private database(connection: Connection): DatabaseRec {
    const key = databaseKey(connection);
    let rec = this.databaseRecs.get(key);
    if (rec) return rec;
    const server = Boolean(connection.serverAddress);
    // The REST Catalog's database for this server (GET /databases), when it has one: same luid.
    const catalog = server ? this.catalogDatabase(connection) : undefined;
    const name =
      catalog?.name ??
      (server
        ? (DATABASE_NAMES[connection.type] ?? connection.type)
        : `${connection.datasourceName}.${FILE_EXTENSIONS[connection.type] ?? 'dat'}`);
    const scalars: Record<string, unknown> = {
      luid: catalog?.id ?? metadataId('DatabaseLuid', key),
      name,
      connectionType: connection.type,
      description: catalog?.description ?? '',
      isCertified: catalog?.isCertified ?? false,
      certificationNote: catalog?.certificationNote || null,
      isEmbedded: false,
      hasActiveWarning: false,
    };
    if (server) {
      scalars.hostName = connection.serverAddress;
      scalars.port = Number(connection.serverPort) || null;
    } else {
      scalars.filePath = `/data/${name}`;
    }
    const created: DatabaseRec = {
      key,
      tables: [],
      workbooks: new Set(),
      datasources: new Set(),
      node: this.linked(server ? 'DatabaseServer' : 'File', `db:${key}`, scalars, {
        tables: () => created.tables.map((t) => t.node),
        downstreamDatasources: () => this.publishedOf(created.datasources),
        downstreamWorkbooks: () => this.workbooksOf(created.workbooks),
        downstreamSheets: () => this.sheetsOf(created.workbooks),
        downstreamDashboards: () => this.dashboardsOf(created.workbooks),
        downstreamOwners: () => this.ownersOf(created.workbooks, created.datasources),
      }),
    };
    const catalogTables = catalog
      ? this.content.tables.all().filter((t) => t.databaseId === catalog.id)
      : [];
    if (catalogTables.length > 0) {
      for (const t of catalogTables) created.tables.push(this.table(created, t.name, server, t));
    } else {
      const names = server ? pickSome(key, TABLE_NAMES, 3, 6) : ['Sheet1'];
      for (const tableName of names) created.tables.push(this.table(created, tableName, server));
    }
    rec = created;
    this.databaseRecs.set(key, rec);
    this.databases.push(rec.node);
    return rec;
  }

  private catalogDatabase(connection: Connection): CatalogDatabase | undefined {
    const host = connection.serverAddress.toLowerCase();
    return this.content.databases
      .all()
      .find(
        (d) =>
          d.connectionType === connection.type &&
          d.hostName.toLowerCase() === host &&
          d.port === connection.serverPort,
      );
  }

  private table(
    database: DatabaseRec,
    name: string,
    server: boolean,
    catalog?: CatalogTable,
  ): TableRec {
    const schema =
      catalog?.schema ?? (server ? (SCHEMAS[database.node.connectionType as string] ?? '') : '');
    const key = `${database.key}|${schema}|${name}`;
    const rec: TableRec = {
      database,
      columns: [],
      workbooks: new Set(),
      datasources: new Set(),
      node: this.linked('DatabaseTable', `table:${key}`, {
        luid: catalog?.id ?? metadataId('TableLuid', key),
        name,
        schema,
        fullName: server ? `[${schema}].[${name}]` : `[${name}$]`,
        connectionType: database.node.connectionType,
        description: catalog?.description ?? '',
        isCertified: catalog?.isCertified ?? false,
        isEmbedded: false,
        hasActiveWarning: false,
      }),
    };
    const columns: [string, string, string?][] = catalog
      ? catalog.columns.map((c) => [c.name, REMOTE_TYPES[c.remoteType] ?? 'WSTR', c.id])
      : (TABLE_COLUMNS[name] ?? [
          ['id', 'I8'],
          ['name', 'WSTR'],
          ['value', 'R8'],
        ]);
    for (const [column, remoteType, columnLuid] of columns) {
      rec.columns.push(
        this.linked(
          'Column',
          `column:${key}|${column}`,
          {
            luid: columnLuid ?? metadataId('ColumnLuid', `${key}|${column}`),
            name: column,
            remoteType,
            isNullable: !column.endsWith('_id'),
            description: '',
          },
          {
            table: () => [rec.node],
            referencedByFields: () =>
              this.fieldsOfColumn(rec.columns.find((c) => c.name === column)!),
            downstreamWorkbooks: () => this.workbooksOf(rec.workbooks),
            downstreamDatasources: () => this.publishedOf(rec.datasources),
          },
        ),
      );
    }
    Object.assign(rec.node[LINKS], {
      database: () => [database.node],
      columns: () => rec.columns,
      downstreamDatasources: () => this.publishedOf(rec.datasources),
      downstreamWorkbooks: () => this.workbooksOf(rec.workbooks),
      downstreamSheets: () => this.sheetsOf(rec.workbooks),
      downstreamDashboards: () => this.dashboardsOf(rec.workbooks),
      downstreamOwners: () => this.ownersOf(rec.workbooks, rec.datasources),
    } satisfies Links);
    this.tables.push(rec.node);
    return rec;
  }

  /** The tables one connection reads: one to three of its database's. */
  private tablesOf(connection: Connection, database: DatabaseRec): TableRec[] {
    return pickSome(`conn:${connection.id}`, database.tables, 1, 3);
  }

  private addPublished(ds: Datasource): void {
    const connection = ds.connections[0];
    const database = connection ? this.database(connection) : null;
    const tables = database && connection ? this.tablesOf(connection, database) : [];
    database?.datasources.add(ds);
    for (const t of tables) t.datasources.add(ds);
    const refreshed = ds.hasExtracts ? ds.updatedAt : null;
    const source: SourceRec = { tables, fields: null, node: null as unknown as LinkedNode };
    const node = this.linked(
      'PublishedDatasource',
      `pds:${ds.id}`,
      {
        luid: ds.id,
        name: ds.name,
        description: ds.description,
        uri: `sites/${this.siteIndex}/datasources/${hash(ds.id) % 100000}`,
        vizportalUrlId: String(hash(ds.id) % 100000),
        projectName: this.projectName(ds.projectId),
        projectLuid: ds.projectId,
        containerName: this.projectName(ds.projectId),
        containerType: 'Project',
        createdAt: ds.createdAt,
        updatedAt: ds.updatedAt,
        hasExtracts: ds.hasExtracts,
        extractLastRefreshTime: refreshed,
        isCertified: ds.isCertified,
        certificationNote: ds.certificationNote ?? null,
        hasActiveWarning: false,
        containsUnsupportedCustomSql: false,
        ownerLuid: ds.ownerId,
      },
      {
        owner: () => this.owner(ds.ownerId),
        // The sandbox records no certifier: the site's first administrator stands in.
        certifier: () => (ds.isCertified ? this.owner(this.content.users.all()[0].id) : []),
        site: () => [this.site],
        tags: () => this.tags(ds.tags),
        fields: () => this.fieldsOf(source, `pds:${ds.id}`),
        upstreamTables: () => tables.map((t) => t.node),
        upstreamDatabases: () => (database ? [database.node] : []),
        downstreamWorkbooks: () => this.workbooksOf(this.workbooksUsing(ds)),
        downstreamSheets: () => this.sheetsOf(this.workbooksUsing(ds)),
        downstreamDashboards: () => this.dashboardsOf(this.workbooksUsing(ds)),
        downstreamOwners: () => this.ownersOf(this.workbooksUsing(ds), new Set()),
      },
    );
    source.node = node;
    this.sources.set(`pds:${ds.id}`, source);
    this.publishedNodes.set(ds.id, node);
    this.published.push(node);
  }

  private addWorkbook(workbook: Workbook): void {
    const direct: DatabaseRec[] = [];
    const published: Datasource[] = [];
    const embedded: LinkedNode[] = [];
    for (const connection of workbook.connections) {
      const pds = this.content.datasources.get(connection.datasourceId);
      // A file connection of a workbook reads through its published data source only (its
      // File is that data source's); a server connection reaches its database directly too.
      const database = connection.serverAddress || !pds ? this.database(connection) : null;
      const tables = database
        ? this.tablesOf(connection, database)
        : (this.sources.get(`pds:${pds?.id}`)?.tables ?? []);
      if (database) {
        direct.push(database);
        database.workbooks.add(workbook);
      }
      for (const t of tables) t.workbooks.add(workbook);
      if (pds) {
        published.push(pds);
        const users = this.workbooksByDatasource.get(pds.id) ?? new Set();
        users.add(workbook);
        this.workbooksByDatasource.set(pds.id, users);
        // Through the published data source: its database and tables are upstream too.
        const source = this.sources.get(`pds:${pds.id}`);
        for (const t of source?.tables ?? []) {
          t.workbooks.add(workbook);
          t.database.workbooks.add(workbook);
        }
      }
      const key = `eds:${connection.id}`;
      const source: SourceRec = { tables, fields: null, node: null as unknown as LinkedNode };
      source.node = this.linked(
        'EmbeddedDatasource',
        key,
        {
          name: connection.datasourceName,
          hasExtracts: workbook.hasExtracts,
          extractLastRefreshTime: workbook.hasExtracts ? workbook.updatedAt : null,
          containsUnsupportedCustomSql: false,
          workbookLuid: workbook.id,
        },
        {
          workbook: () => [this.workbookNodes.get(workbook.id)!],
          fields: () => this.fieldsOf(source, key),
          upstreamTables: () => tables.map((t) => t.node),
          upstreamDatabases: () =>
            database
              ? [database.node]
              : pds
                ? this.publishedNodes.get(pds.id)![LINKS].upstreamDatabases()
                : [],
          upstreamDatasources: () => (pds ? [this.publishedNodes.get(pds.id)!] : []),
          downstreamSheets: () => this.sheetsOf(new Set([workbook])),
          downstreamDashboards: () => this.dashboardsOf(new Set([workbook])),
          downstreamWorkbooks: () => [this.workbookNodes.get(workbook.id)!],
        },
      );
      this.sources.set(key, source);
      embedded.push(source.node);
      this.embedded.push(source.node);
    }
    const upstreamTables = () => {
      const set = new Set<LinkedNode>();
      for (const e of embedded) for (const t of e[LINKS].upstreamTables()) set.add(t as LinkedNode);
      for (const ds of published)
        for (const t of this.sources.get(`pds:${ds.id}`)?.tables ?? []) set.add(t.node);
      return [...set];
    };
    const upstreamDatabases = () => {
      const set = new Set<MetaNode>(direct.map((d) => d.node));
      for (const ds of published)
        for (const d of this.publishedNodes.get(ds.id)![LINKS].upstreamDatabases()) set.add(d);
      return [...set];
    };
    const upstreamDatasources = () => [
      ...new Set(published.map((ds) => this.publishedNodes.get(ds.id)!)),
    ];
    const projectName = this.projectName(workbook.projectId);
    const node = this.linked(
      'Workbook',
      `wb:${workbook.id}`,
      {
        luid: workbook.id,
        name: workbook.name,
        description: workbook.description,
        uri: `sites/${this.siteIndex}/workbooks/${hash(workbook.id) % 100000}`,
        vizportalUrlId: String(hash(workbook.id) % 100000),
        projectName,
        projectLuid: workbook.projectId,
        containerName: projectName,
        containerType: 'Project',
        createdAt: workbook.createdAt,
        updatedAt: workbook.updatedAt,
        containsUnsupportedCustomSql: false,
        ownerLuid: workbook.ownerId,
      },
      {
        owner: () => this.owner(workbook.ownerId),
        site: () => [this.site],
        tags: () => this.tags(workbook.tags),
        sheets: () => this.viewNodes(workbook, 'sheet'),
        dashboards: () => this.viewNodes(workbook, 'dashboard'),
        embeddedDatasources: () => embedded,
        upstreamDatasources,
        upstreamDatabases,
        upstreamTables,
        upstreamDataQualityWarnings: () => {
          const upstream = new Set<MetaNode>([
            ...upstreamDatasources(),
            ...upstreamTables(),
            ...upstreamDatabases(),
          ]);
          return this.warnings.filter((w) => upstream.has(w[LINKS].asset()[0]));
        },
      },
    );
    this.workbookNodes.set(workbook.id, node);
    this.workbooks.push(node);
    for (const view of this.viewsByWorkbook.get(workbook.id) ?? [])
      this.addView(view, workbook, embedded, {
        upstreamTables,
        upstreamDatabases,
        upstreamDatasources,
      });
  }

  /** Sheets and dashboards from the workbook's REST views (stories are neither in the Metadata API). */
  private addView(view: View, workbook: Workbook, embedded: LinkedNode[], upstream: Links): void {
    if (view.sheetType === 'story') return;
    const isDashboard = view.sheetType === 'dashboard';
    const typename = isDashboard ? 'Dashboard' : 'Sheet';
    const fields = () => {
      if (isDashboard) {
        const set = new Set<MetaNode>();
        for (const sheet of this.viewNodes(workbook, 'sheet'))
          for (const f of (sheet as LinkedNode)[LINKS].upstreamFields()) set.add(f);
        return [...set];
      }
      const all = embedded.flatMap((e) => e[LINKS].fields());
      return all.length ? pickSome(`sheet:${view.id}`, all, 2, 4) : [];
    };
    const node = this.linked(
      typename,
      `${typename}:${view.id}`,
      {
        luid: view.id,
        name: view.name,
        path: view.contentUrl.replace('/sheets/', '/'),
        documentViewId: metadataId('DocumentView', view.id).toUpperCase(),
        createdAt: view.createdAt,
        updatedAt: view.updatedAt,
        index: (this.viewsByWorkbook.get(workbook.id) ?? []).indexOf(view),
      },
      {
        workbook: () => [this.workbookNodes.get(workbook.id)!],
        tags: () => this.tags(view.tags),
        upstreamFields: fields,
        ...upstream,
        ...(isDashboard
          ? { sheets: () => this.viewNodes(workbook, 'sheet') }
          : {
              sheetFieldInstances: fields,
              upstreamColumns: () => [
                ...new Set(fields().flatMap((f) => (f as LinkedNode)[LINKS].upstreamColumns())),
              ],
              containedInDashboards: () => this.viewNodes(workbook, 'dashboard'),
            }),
      },
    );
    (isDashboard ? this.dashboardNodes : this.sheetNodes).set(view.id, node);
    (isDashboard ? this.dashboards : this.sheets).push(node);
  }

  private viewNodes(workbook: Workbook, kind: 'sheet' | 'dashboard'): MetaNode[] {
    const nodes = kind === 'sheet' ? this.sheetNodes : this.dashboardNodes;
    return workbook.viewIds.flatMap((id) => {
      const node = nodes.get(id);
      return node ? [node] : [];
    });
  }

  /** A data source's fields: one per column of its tables, built on first use. */
  private fieldsOf(source: SourceRec, key: string): MetaNode[] {
    if (source.fields) return source.fields;
    source.fields = [];
    for (const table of source.tables) {
      for (const column of table.columns) {
        const remoteType = column.remoteType as string;
        const measure =
          remoteType === 'R8' ||
          (remoteType.startsWith('I') && !String(column.name).endsWith('_id'));
        source.fields.push(
          this.linked(
            'ColumnField',
            `field:${key}|${column.id}`,
            {
              name: title(column.name as string),
              description: '',
              isHidden: false,
              folderName: null,
              dataType:
                remoteType === 'WSTR'
                  ? 'STRING'
                  : remoteType.startsWith('DB')
                    ? 'DATETIME'
                    : remoteType === 'R8'
                      ? 'REAL'
                      : 'INTEGER',
              role: measure ? 'MEASURE' : 'DIMENSION',
              dataCategory: measure ? 'QUANTITATIVE' : 'NOMINAL',
            },
            {
              datasource: () => [source.node],
              upstreamColumns: () => [column],
              upstreamTables: () => [table.node],
              downstreamSheets: () => this.sheetsUsing(source, column),
            },
          ),
        );
      }
    }
    return source.fields;
  }

  private sheetsUsing(source: SourceRec, column: LinkedNode): MetaNode[] {
    return this.sheets.filter((s) =>
      s[LINKS].sheetFieldInstances().some(
        (f) =>
          (f as LinkedNode)[LINKS].datasource()[0] === source.node &&
          (f as LinkedNode)[LINKS].upstreamColumns()[0] === column,
      ),
    );
  }

  /** Every field of every data source (built on first use: fields are many). */
  allFields(): LinkedNode[] {
    if (!this.fieldIndex) {
      const columns = new Map<LinkedNode, LinkedNode[]>();
      const all: LinkedNode[] = [];
      for (const source of this.sources.values()) {
        for (const field of this.fieldsOf(source, this.keyOf(source)) as LinkedNode[]) {
          all.push(field);
          const column = field[LINKS].upstreamColumns()[0] as LinkedNode;
          const list = columns.get(column) ?? [];
          list.push(field);
          columns.set(column, list);
        }
      }
      this.fieldIndex = { columns, all };
    }
    return this.fieldIndex.all;
  }

  private keyOf(source: SourceRec): string {
    for (const [key, value] of this.sources) if (value === source) return key;
    return '';
  }

  allColumns(): LinkedNode[] {
    return this.tables.flatMap((t) => t[LINKS].columns() as LinkedNode[]);
  }

  private fieldsOfColumn(column: LinkedNode): MetaNode[] {
    this.allFields();
    return this.fieldIndex?.columns.get(column) ?? [];
  }

  private workbooksUsing(ds: Datasource): Set<Workbook> {
    return this.workbooksByDatasource.get(ds.id) ?? new Set();
  }

  private workbooksOf(workbooks: Set<Workbook>): MetaNode[] {
    return [...workbooks].flatMap((w) => {
      const node = this.workbookNodes.get(w.id);
      return node ? [node] : [];
    });
  }

  private publishedOf(datasources: Set<Datasource>): MetaNode[] {
    return [...datasources].flatMap((d) => {
      const node = this.publishedNodes.get(d.id);
      return node ? [node] : [];
    });
  }

  private sheetsOf(workbooks: Set<Workbook>): MetaNode[] {
    return [...workbooks].flatMap((w) => this.viewNodes(w, 'sheet'));
  }

  private dashboardsOf(workbooks: Set<Workbook>): MetaNode[] {
    return [...workbooks].flatMap((w) => this.viewNodes(w, 'dashboard'));
  }

  private ownersOf(workbooks: Set<Workbook>, datasources: Set<Datasource>): MetaNode[] {
    const ids = new Set([
      ...[...workbooks].map((w) => w.ownerId),
      ...[...datasources].map((d) => d.ownerId),
    ]);
    return [...ids].flatMap((id) => this.owner(id));
  }

  private tags(names: string[]): MetaNode[] {
    return names.map((name) => ({ __typename: 'Tag', id: metadataId('Tag', name), name }));
  }
}
