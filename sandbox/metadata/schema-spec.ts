/**
 * The sandbox's Metadata API schema, written from Tableau's public reference
 * (help.tableau.com …/metadata_api/en-us/reference/*.doc.html) and the shapes of the captured
 * answers in `tsc-assets/metadata_*.json`: Tableau's type and field names, each list with its
 * `…Connection` twin (`nodes`, `pageInfo`, `totalCount`), `filter` inputs named `<Type>_Filter`
 * with `<field>Within` for the one OR Tableau allows, `orderBy: <Type>SortOrder`, and
 * `permissionMode`. A subset of Tableau's 300-odd types: the ones governance queries use.
 */

export interface ScalarSpec {
  name: string;
  type: string;
  doc: string;
  /** Usable in `filter: { name: … nameWithin: […] }`. */
  filter?: boolean;
  /** Usable in `orderBy: { field: NAME }`. */
  order?: boolean;
}

export interface RelationSpec {
  name: string;
  target: string;
  many: boolean;
  doc: string;
  /** Non-null single relation (e.g. `owner: TableauUser!`). */
  required?: boolean;
}

export interface TypeSpec {
  name: string;
  doc: string;
  kind: 'type' | 'interface';
  implements?: string[];
  scalars: ScalarSpec[];
  relations: RelationSpec[];
  /** Root query fields: `workbooks` and `workbooksConnection`. */
  root?: string;
  /** Connection type name, e.g. `WorkbooksConnection`. */
  connection?: string;
}

const s = (
  name: string,
  type: string,
  doc: string,
  extra: Partial<ScalarSpec> = {},
): ScalarSpec => ({
  name,
  type,
  doc,
  ...extra,
});
const many = (name: string, target: string, doc: string): RelationSpec => ({
  name,
  target,
  many: true,
  doc,
});
const one = (name: string, target: string, doc: string, required = false): RelationSpec => ({
  name,
  target,
  many: false,
  doc,
  required,
});

const ID = s(
  'id',
  'ID!',
  'Unique identifier used by the Metadata API. Not the same as the numeric ID used on server',
  {
    filter: true,
    order: true,
  },
);
const LUID = s(
  'luid',
  'String!',
  'Locally unique identifier used for the REST API on the Tableau Server',
  {
    filter: true,
    order: true,
  },
);
const NAME = s('name', 'String', 'Name shown in server and desktop clients', {
  filter: true,
  order: true,
});

const downstream = (what: string): RelationSpec[] => [
  many(
    'downstreamDatasources',
    'PublishedDatasource',
    `Published data sources downstream of this ${what}`,
  ),
  many('downstreamWorkbooks', 'Workbook', `Workbooks downstream of this ${what}`),
  many('downstreamSheets', 'Sheet', `Sheets downstream of this ${what}`),
  many('downstreamDashboards', 'Dashboard', `Dashboards downstream of this ${what}`),
  many('downstreamOwners', 'TableauUser', `Owners of the content downstream of this ${what}`),
];
const upstream = (what: string): RelationSpec[] => [
  many(
    'upstreamDatasources',
    'PublishedDatasource',
    `The published data sources that are upstream of this ${what}`,
  ),
  many('upstreamDatabases', 'Database', `The databases that are upstream of this ${what}`),
  many('upstreamTables', 'DatabaseTable', `The tables that are upstream of this ${what}`),
];
const viewScalars = (what: string): ScalarSpec[] => [
  ID,
  LUID,
  NAME,
  s('path', 'String', `Server path to this ${what}`, { filter: true, order: true }),
  s('documentViewId', 'String', `Unique id of the ${what} in the workbook document`, {
    filter: true,
  }),
  s('createdAt', 'DateTime!', `Time the ${what} was created`),
  s('updatedAt', 'DateTime!', `Time the ${what} was last updated`),
  s('index', 'Int!', `The position of the ${what} in the workbook`),
];
const databaseScalars: ScalarSpec[] = [
  ID,
  LUID,
  NAME,
  s('connectionType', 'String', 'Connection type shortname', { filter: true, order: true }),
  s('description', 'String', 'User modifiable description of this database'),
  s('isCertified', 'Boolean!', 'Whether the database has been certified', {
    filter: true,
    order: true,
  }),
  s('certificationNote', 'String', 'Notes related to the database being certified'),
  s('isEmbedded', 'Boolean!', 'True if this database is embedded in Tableau content', {
    filter: true,
  }),
  s(
    'hasActiveWarning',
    'Boolean!',
    'True if an active data quality warning exists on this database',
    { filter: true },
  ),
];
const databaseRelations: RelationSpec[] = [
  many('tables', 'DatabaseTable', 'Tables belonging to this database'),
  ...downstream('database'),
];
const datasourceScalars: ScalarSpec[] = [
  ID,
  NAME,
  s('hasExtracts', 'Boolean!', 'True if datasource contains extracted data'),
  s('extractLastRefreshTime', 'DateTime', 'Time an extract was last fully refreshed'),
  s(
    'containsUnsupportedCustomSql',
    'Boolean',
    'True if the data source contains unsupported custom SQL, in which case lineage may be incomplete',
    {
      filter: true,
    },
  ),
];
const datasourceRelations: RelationSpec[] = [
  many('fields', 'Field', 'Fields usable in workbooks connected to this data source'),
  many('upstreamTables', 'DatabaseTable', 'Tables upstream from this data source'),
  many('upstreamDatabases', 'Database', 'Databases upstream from this data source'),
  many('downstreamSheets', 'Sheet', 'Sheets downstream from this data source'),
  many('downstreamDashboards', 'Dashboard', 'Dashboards downstream from this data source'),
  many('downstreamWorkbooks', 'Workbook', 'Workbooks downstream from this data source'),
];
const fieldScalars: ScalarSpec[] = [
  ID,
  NAME,
  s('description', 'String', 'Description of field shown in server and desktop clients'),
  s('isHidden', 'Boolean', 'True if the field is hidden', { filter: true }),
  s('folderName', 'String', 'Name of folder if the field is in a folder'),
];
const fieldRelations: RelationSpec[] = [
  one('datasource', 'Datasource', 'Data source that contains this field'),
  many('upstreamColumns', 'Column', 'Columns that this field derives from'),
  many('upstreamTables', 'DatabaseTable', 'Tables upstream from this field'),
  many('downstreamSheets', 'Sheet', 'Sheets that reference this field'),
];

export const TYPES: TypeSpec[] = [
  {
    name: 'TableauSite',
    kind: 'type',
    doc: 'A Tableau site',
    root: 'tableauSites',
    connection: 'TableauSitesConnection',
    scalars: [ID, LUID, NAME, s('uri', 'String', 'The site uri')],
    relations: [],
  },
  {
    name: 'TableauUser',
    kind: 'type',
    doc: 'User on a site on Tableau server',
    root: 'tableauUsers',
    connection: 'TableauUsersConnection',
    scalars: [
      ID,
      LUID,
      s('name', 'String', 'Display name of the user', { filter: true, order: true }),
      s('username', 'String', 'Username of this user', { filter: true, order: true }),
      s('email', 'String', 'Email address of this user', { filter: true, order: true }),
      s('domain', 'String', 'Domain name of this user', { filter: true }),
    ],
    relations: [
      many('ownedWorkbooks', 'Workbook', 'Workbooks owned by this user'),
      many('ownedDatasources', 'PublishedDatasource', 'Published data sources owned by this user'),
    ],
  },
  {
    name: 'Tag',
    kind: 'type',
    doc: 'A tag associated with content items',
    connection: 'TagsConnection',
    scalars: [ID, s('name', 'String', 'The name of the tag', { filter: true, order: true })],
    relations: [],
  },
  {
    name: 'Workbook',
    kind: 'type',
    doc: 'Workbooks are used to package up Tableau visualizations (which are called "sheets" in the Metadata API) and data models (which are called "embedded data sources" when they are owned by a workbook).',
    root: 'workbooks',
    connection: 'WorkbooksConnection',
    scalars: [
      ID,
      LUID,
      NAME,
      s('description', 'String', 'User modifiable description of this workbook'),
      s('uri', 'String', 'Uri of the workbook'),
      s('vizportalUrlId', 'String', 'The ID of the workbook in the server URL', { filter: true }),
      s(
        'projectName',
        'String',
        'The name of the project in which the workbook is visible and usable.',
        {
          filter: true,
          order: true,
        },
      ),
      s(
        'projectLuid',
        'String',
        'The luid of the project in which the workbook is visible and usable.',
        { filter: true },
      ),
      s(
        'containerName',
        'String',
        'The name of the container in which the workbook is visible and usable. Either a personal space or project.',
        {
          filter: true,
        },
      ),
      s(
        'containerType',
        'String!',
        'The type of the container in which the workbook is visible and usable. Either personal space or project.',
      ),
      s('createdAt', 'DateTime!', 'Time the workbook was created'),
      s('updatedAt', 'DateTime!', 'Time the workbook was updated'),
      s(
        'containsUnsupportedCustomSql',
        'Boolean',
        'True if the workbook contains unsupported custom SQL, in which case lineage may be incomplete',
        {
          filter: true,
        },
      ),
    ],
    relations: [
      one('owner', 'TableauUser', 'User who owns this workbook', true),
      one('site', 'TableauSite', 'The site in which the workbook is visible and usable', true),
      many('tags', 'Tag', 'Tags associated with the workbook'),
      many('sheets', 'Sheet', 'The worksheets included in this workbook'),
      many('dashboards', 'Dashboard', 'The dashboards included in this workbook'),
      many(
        'embeddedDatasources',
        'EmbeddedDatasource',
        'Data sources that are embedded in this workbook',
      ),
      ...upstream('workbook'),
      many(
        'upstreamDataQualityWarnings',
        'DataQualityWarning',
        'Data quality warnings upstream from this workbook',
      ),
    ],
  },
  {
    name: 'Dashboard',
    kind: 'type',
    doc: 'A dashboard contained in a published workbook.',
    root: 'dashboards',
    connection: 'DashboardsConnection',
    scalars: viewScalars('dashboard'),
    relations: [
      one('workbook', 'Workbook', 'The workbook that contains this view', true),
      many('sheets', 'Sheet', 'The sheets contained in this dashboard'),
      many('tags', 'Tag', 'Tags associated with the dashboard'),
      many('upstreamFields', 'Field', 'Fields that are upstream of this dashboard'),
      ...upstream('dashboard'),
    ],
  },
  {
    name: 'Sheet',
    kind: 'type',
    doc: 'A sheet contained in a published workbook.',
    root: 'sheets',
    connection: 'SheetsConnection',
    scalars: viewScalars('sheet'),
    relations: [
      one('workbook', 'Workbook', 'The workbook that contains this view', true),
      many('containedInDashboards', 'Dashboard', 'Dashboards that contain this sheet'),
      many(
        'sheetFieldInstances',
        'Field',
        'Fields that are contained in an embedded data source and are also referenced by the worksheet',
      ),
      many('upstreamFields', 'Field', 'Fields that are upstream of this sheet'),
      many('upstreamColumns', 'Column', 'The columns that are upstream of this sheet'),
      many('tags', 'Tag', 'Tags associated with the sheet'),
      ...upstream('sheet'),
    ],
  },
  {
    name: 'Datasource',
    kind: 'interface',
    doc: 'Root GraphQL type for embedded and published data sources',
    scalars: datasourceScalars,
    relations: datasourceRelations,
  },
  {
    name: 'Warnable',
    kind: 'interface',
    doc: 'An asset that can have a data quality warning',
    scalars: [
      ID,
      LUID,
      s(
        'hasActiveWarning',
        'Boolean!',
        'True if an active data quality warning exists on this asset',
        { filter: true },
      ),
    ],
    relations: [],
  },
  {
    name: 'PublishedDatasource',
    kind: 'type',
    implements: ['Datasource', 'Warnable'],
    doc: 'A Tableau data source that has been published separately to Tableau Server. It can be used by multiple workbooks.',
    root: 'publishedDatasources',
    connection: 'PublishedDatasourcesConnection',
    scalars: [
      ...datasourceScalars,
      LUID,
      s('description', 'String', 'Description of the datasource'),
      s('uri', 'String', 'Uri of the datasource'),
      s('vizportalUrlId', 'String', 'The ID of the data source in the server URL', {
        filter: true,
      }),
      s(
        'projectName',
        'String',
        'The name of the project that contains this published data source.',
        {
          filter: true,
          order: true,
        },
      ),
      s(
        'projectLuid',
        'String',
        'The luid of the project that contains this published data source.',
      ),
      s(
        'containerName',
        'String',
        'The name of the container in which the published data source is visible and usable.',
        {
          filter: true,
        },
      ),
      s(
        'containerType',
        'String!',
        'The type of the container in which the published data source is visible and usable.',
      ),
      s('createdAt', 'DateTime!', 'Time the data source was created'),
      s('updatedAt', 'DateTime!', 'Time the data source was updated'),
      s('isCertified', 'Boolean', 'Whether the data source is certified', {
        filter: true,
        order: true,
      }),
      s('certificationNote', 'String', 'Notes related to the data source being certified'),
      s(
        'hasActiveWarning',
        'Boolean!',
        'True if an active data quality warning exists on this data source',
        { filter: true },
      ),
    ],
    relations: [
      ...datasourceRelations,
      one('owner', 'TableauUser', 'User who owns this data source', true),
      one('certifier', 'TableauUser', 'User who certified this data source'),
      one('site', 'TableauSite', 'The site in which the data source is visible and usable', true),
      many('tags', 'Tag', 'Tags associated with the published data source'),
      many(
        'downstreamOwners',
        'TableauUser',
        'Owners of the workbooks downstream from this data source',
      ),
    ],
  },
  {
    name: 'EmbeddedDatasource',
    kind: 'type',
    implements: ['Datasource'],
    doc: 'A data source embedded in a workbook',
    root: 'embeddedDatasources',
    connection: 'EmbeddedDatasourcesConnection',
    scalars: datasourceScalars,
    relations: [
      ...datasourceRelations,
      one('workbook', 'Workbook', 'Workbook that contains this embedded data source'),
      many(
        'upstreamDatasources',
        'PublishedDatasource',
        'Published data sources upstream from this data source',
      ),
    ],
  },
  {
    name: 'Database',
    kind: 'interface',
    doc: 'A database containing tables',
    root: 'databases',
    connection: 'DatabasesConnection',
    scalars: databaseScalars,
    relations: databaseRelations,
  },
  {
    name: 'DatabaseServer',
    kind: 'type',
    implements: ['Database', 'Warnable'],
    doc: 'A server hosting databases',
    root: 'databaseServers',
    connection: 'DatabaseServersConnection',
    scalars: [
      ...databaseScalars,
      s('hostName', 'String', 'Host name of the database server', { filter: true, order: true }),
      s('port', 'Int', 'Port number of the database server'),
    ],
    relations: databaseRelations,
  },
  {
    name: 'File',
    kind: 'type',
    implements: ['Database', 'Warnable'],
    doc: 'A file-based database',
    scalars: [...databaseScalars, s('filePath', 'String', 'Path to file')],
    relations: databaseRelations,
  },
  {
    name: 'DatabaseTable',
    kind: 'type',
    implements: ['Warnable'],
    doc: 'A table that is contained in a database',
    root: 'databaseTables',
    connection: 'DatabaseTablesConnection',
    scalars: [
      ID,
      LUID,
      NAME,
      s('schema', 'String', 'Name of table schema', { filter: true, order: true }),
      s('fullName', 'String', 'Fully qualified table name', { filter: true, order: true }),
      s('connectionType', 'String', 'Connection type of parent database', { filter: true }),
      s('description', 'String', 'User modifiable description of this table'),
      s('isCertified', 'Boolean!', 'Whether the table has been certified', { filter: true }),
      s('isEmbedded', 'Boolean', 'True if this table is embedded in Tableau content', {
        filter: true,
      }),
      s(
        'hasActiveWarning',
        'Boolean!',
        'True if an active data quality warning exists on this table',
        { filter: true },
      ),
    ],
    relations: [
      one('database', 'Database', 'The database to which this table belongs'),
      many('columns', 'Column', 'Columns contained in this table'),
      ...downstream('table'),
    ],
  },
  {
    name: 'Column',
    kind: 'type',
    doc: 'Columns are always contained in a table.',
    root: 'columns',
    connection: 'ColumnsConnection',
    scalars: [
      ID,
      LUID,
      NAME,
      s(
        'remoteType',
        'String!',
        'Remote type on the database. Types correspond to OLEDB types here: https://referencesource.microsoft.com/#system.data/fx/src/data/System/Data/OleDb/OLEDB_Enum.cs,364',
      ),
      s('isNullable', 'Boolean', 'Whether the column may hold nulls'),
      s('description', 'String', 'User modifiable description of this column'),
    ],
    relations: [
      one('table', 'DatabaseTable', 'The table that this column belongs to'),
      many('referencedByFields', 'Field', 'Fields that reference this column'),
      many('downstreamWorkbooks', 'Workbook', 'Workbooks downstream of this column'),
      many(
        'downstreamDatasources',
        'PublishedDatasource',
        'Published data sources downstream of this column',
      ),
    ],
  },
  {
    name: 'Field',
    kind: 'interface',
    doc: 'GraphQL type for a field',
    root: 'fields',
    connection: 'FieldsConnection',
    scalars: fieldScalars,
    relations: fieldRelations,
  },
  {
    name: 'ColumnField',
    kind: 'type',
    implements: ['Field'],
    doc: 'ColumnFields are a type of field which directly connects to a column in some type of table.',
    scalars: [
      ...fieldScalars,
      s(
        'dataType',
        'String',
        'Type of the data in the field. See FieldDataType enum for possible values.',
      ),
      s('role', 'String', 'The role of the field: DIMENSION, MEASURE or UNKNOWN'),
      s(
        'dataCategory',
        'String',
        'The data category of the field: NOMINAL, ORDINAL, QUANTITATIVE or UNKNOWN',
      ),
    ],
    relations: fieldRelations,
  },
  {
    name: 'DataQualityWarning',
    kind: 'type',
    doc: 'A data quality warning on an asset',
    root: 'dataQualityWarnings',
    connection: 'DataQualityWarningsConnection',
    scalars: [
      ID,
      LUID,
      s('warningType', 'String!', 'Type of the data quality warning', {
        filter: true,
        order: true,
      }),
      s('message', 'String', 'User-facing message of the data quality warning'),
      s('value', 'String!', 'Value of the data quality warning', { filter: true }),
      s('category', 'String', 'Category of the data quality warning', { filter: true }),
      s('isActive', 'Boolean!', 'Whether the warning is active', { filter: true, order: true }),
      s('isSevere', 'Boolean!', 'Whether the warning is severe', { filter: true }),
      s('isElevated', 'Boolean!', 'Whether the warning is elevated', { filter: true }),
      s('createdAt', 'DateTime!', 'Time the warning was created'),
      s('updatedAt', 'DateTime!', 'Time the warning was last updated'),
    ],
    relations: [
      one('asset', 'Warnable', 'The asset that the warning is on', true),
      one('author', 'TableauUser', 'The user who created the warning'),
    ],
  },
];

export const TYPE_BY_NAME = new Map(TYPES.map((t) => [t.name, t]));

/** Types that implement `name` (an interface) or `name` itself (a type). */
export function concreteTypes(name: string): string[] {
  const spec = TYPE_BY_NAME.get(name);
  if (!spec) return [];
  if (spec.kind === 'type') return [name];
  return TYPES.filter((t) => t.kind === 'type' && t.implements?.includes(name)).map((t) => t.name);
}
