import { freeJsonBody } from '../bodies';
import { definePresets } from '../define';

const metadataDocs = 'https://help.tableau.com/current/api/metadata_api/en-us/';

export const metadataApiPresets = definePresets(
  { family: 'metadata-api', prefix: 'metadata', page: 'rest_api_ref_metadata.htm' },
  [
    {
      id: 'graphql-query',
      name: 'Metadata API GraphQL Query',
      description:
        'Runs a GraphQL query against the Metadata API. Page with first/after on *Connection fields.',
      method: 'POST',
      path: '/api/metadata/graphql',
      minVersion: '3.5',
      docUrl: `${metadataDocs}index.html`,
      body: freeJsonBody(
        {
          query: [
            'query Workbooks($first: Int, $after: String) {',
            '  workbooksConnection(first: $first, after: $after) {',
            '    nodes { luid name projectName owner { username } }',
            '    pageInfo { hasNextPage endCursor }',
            '    totalCount',
            '  }',
            '}',
            '',
          ].join('\n'),
          variables: { first: 100 },
        },
        {
          type: 'object',
          properties: {
            query: { type: 'string', minLength: 1 },
            variables: { type: 'object' },
            operationName: { type: 'string' },
          },
          required: ['query'],
          additionalProperties: false,
        },
      ),
    },
    {
      id: 'get-backfill-status',
      name: 'Get Metadata Backfill Status',
      description: 'Progress of the Metadata API’s initial indexing (backfill).',
      method: 'GET',
      path: '/api/metadata/v1/control/backfill/status',
      minVersion: '3.9',
      availability: 'server',
      docUrl: `${metadataDocs}docs/meta_api_start.html`,
    },
    {
      id: 'get-eventing-status',
      name: 'Get Metadata Eventing Status',
      description: 'Whether the Metadata API is processing change events.',
      method: 'GET',
      path: '/api/metadata/v1/control/eventing/status',
      minVersion: '3.9',
      availability: 'server',
      docUrl: `${metadataDocs}docs/meta_api_start.html`,
    },
  ],
);

/**
 * A governance question as a Metadata API query: a GraphQL document with its variables, sent
 * with Metadata API GraphQL Query (`POST /api/metadata/graphql`). Not catalog presets (those
 * are one per REST method): queries of the one GraphQL method.
 */
export interface GraphqlQueryPreset {
  /** `metadata-query.<kebab>` */
  id: string;
  name: string;
  description: string;
  query: string;
  variables: Record<string, unknown>;
  /** The top …Connection Fetch all follows, when the answer is a list to page through. */
  pagedConnection?: string;
  /** What the API can and cannot tell for this question, in plain words. */
  note?: string;
  /** Answered with REST data joined in the app, not by the Metadata API alone. */
  join?: { kind: 'staleWorkbooks'; days: number; maxViews: number };
}

const q = (text: string) => text.replace(/^\n/, '');

/**
 * The governance questions Tableau admins ask most (next-wave-facts.md §2: blast radius of a
 * database or table, workbook provenance, certification, data quality warnings, field usage,
 * content by owner, stale content). Names in filters are exact and case-sensitive (Tableau has
 * no substring match; `…Within` is the one OR); the default variables name Sandbox content.
 */
export const metadataQueryPresets: GraphqlQueryPreset[] = [
  {
    id: 'metadata-query.downstream-of-database',
    name: 'Dashboards and workbooks using a database',
    description:
      'Lineage downstream of a database: the workbooks, dashboards and sheets that read from it, directly or through published data sources, and their owners.',
    query: q(`
query DownstreamOfDatabase($name: String!) {
  databases(filter: { name: $name }) {
    name
    connectionType
    downstreamWorkbooks { luid name projectName owner { username email } }
    downstreamDashboards { luid name workbook { name projectName } }
    downstreamDatasources { luid name projectName }
    downstreamOwners { username email }
  }
}
`),
    variables: { name: 'postgres_1' },
  },
  {
    id: 'metadata-query.downstream-of-table',
    name: 'Dashboards and workbooks using a table',
    description:
      'Blast radius of a table: downstream workbooks, dashboards, sheets and the owners to tell before changing it.',
    query: q(`
query DownstreamOfTable($name: String!) {
  databaseTables(filter: { name: $name }) {
    fullName
    database { name connectionType }
    downstreamWorkbooks { luid name projectName owner { username } }
    downstreamDashboards { luid name workbook { name } }
    downstreamSheets { luid name }
    downstreamOwners { username email }
  }
}
`),
    variables: { name: 'orders' },
  },
  {
    id: 'metadata-query.upstream-of-workbook',
    name: 'Upstream tables and databases of a workbook',
    description:
      'Workbook provenance: the databases, tables and published data sources a workbook reads from, and its embedded data sources.',
    query: q(`
query UpstreamOfWorkbook($name: String!) {
  workbooks(filter: { name: $name }) {
    luid
    name
    projectName
    upstreamDatabases { name connectionType }
    upstreamTables { fullName database { name } }
    upstreamDatasources { luid name isCertified }
    embeddedDatasources { name }
  }
}
`),
    variables: { name: 'Attrition Deep Dive 77' },
  },
  {
    id: 'metadata-query.certified-datasources',
    name: 'Certified data sources',
    description:
      'Every certified published data source with its note, certifier and owner. Fetch all follows the cursor.',
    query: q(`
query CertifiedDatasources($first: Int, $after: String) {
  publishedDatasourcesConnection(filter: { isCertified: true }, first: $first, after: $after) {
    nodes {
      luid
      name
      projectName
      certificationNote
      certifier { username }
      owner { username email }
    }
    pageInfo { hasNextPage endCursor }
    totalCount
  }
}
`),
    variables: { first: 100 },
    pagedConnection: 'publishedDatasourcesConnection',
  },
  {
    id: 'metadata-query.datasources-with-warnings',
    name: 'Data sources with quality warnings',
    description:
      'Published data sources with an active data quality warning, the warning itself, and the owners downstream to notify.',
    query: q(`
query DatasourcesWithWarnings($first: Int, $after: String) {
  publishedDatasourcesConnection(filter: { hasActiveWarning: true }, first: $first, after: $after) {
    nodes {
      luid
      name
      projectName
      owner { username email }
      downstreamOwners { username email }
    }
    pageInfo { hasNextPage endCursor }
    totalCount
  }
  dataQualityWarnings(filter: { isActive: true }) {
    warningType
    message
    isSevere
    asset { __typename luid }
  }
}
`),
    variables: { first: 100 },
    note: 'Warnings are the ones set on the site (Data Management); a site without warnings answers an empty list. Fetch all needs the connection alone: drop dataQualityWarnings to page through.',
  },
  {
    id: 'metadata-query.fields-in-workbook',
    name: 'Fields used in a workbook',
    description:
      'Per sheet of a workbook, the fields it uses, their data source and the columns they come from.',
    query: q(`
query FieldsInWorkbook($name: String!) {
  workbooks(filter: { name: $name }) {
    name
    sheets {
      name
      sheetFieldInstances {
        name
        datasource { name }
        upstreamColumns { name table { name } }
      }
    }
  }
}
`),
    variables: { name: 'Attrition Deep Dive 77' },
  },
  {
    id: 'metadata-query.content-by-owner',
    name: 'Content by owner',
    description:
      'What a user owns: workbooks and published data sources, with projects and last update, e.g. before the user leaves.',
    query: q(`
query ContentByOwner($username: String!) {
  tableauUsers(filter: { username: $username }) {
    username
    name
    email
    ownedWorkbooks { luid name projectName updatedAt }
    ownedDatasources { luid name projectName updatedAt }
  }
}
`),
    variables: { username: 'julia.silva' },
  },
  {
    id: 'metadata-query.stale-workbooks',
    name: 'Workbooks not viewed in N days',
    description:
      'Candidates for clean-up: workbooks not updated in N days whose views have at most M views in all. The Metadata API lists the workbooks; view counts come from REST (Get Views for Site with usage statistics), joined in the app.',
    query: q(`
query StaleWorkbookCandidates($first: Int, $after: String) {
  workbooksConnection(first: $first, after: $after) {
    nodes { luid name projectName createdAt updatedAt owner { username email } }
    pageInfo { hasNextPage endCursor }
    totalCount
  }
}
`),
    variables: { first: 1000 },
    pagedConnection: 'workbooksConnection',
    join: { kind: 'staleWorkbooks', days: 90, maxViews: 0 },
    note: 'What the APIs can tell: the Metadata API has no view data at all; REST gives each view’s total view count since it was published (includeUsageStatistics), not when it was last viewed. So "not viewed in N days" is answered as: not updated in N days and at most M views in total (M = 0: never viewed). Last-view dates live in Admin Insights (TS Events; 90 days on Tableau Cloud, 365 with Advanced Management), which these APIs do not return.',
  },
];

export function findMetadataQuery(id: string): GraphqlQueryPreset | undefined {
  return metadataQueryPresets.find((p) => p.id === id);
}
