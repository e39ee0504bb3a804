import { freeJsonBody } from '../bodies';
import { definePresets } from '../define';

const vdsDocs =
  'https://help.tableau.com/current/api/vizql-data-service/en-us/reference/index.html';
const datasource = { datasource: { datasourceLuid: '00000000-0000-0000-0000-000000000000' } };
const datasourceSchema = {
  type: 'object' as const,
  properties: {
    datasource: {
      type: 'object' as const,
      properties: { datasourceLuid: { type: 'string' as const } },
      required: ['datasourceLuid'],
    },
    query: { type: 'object' as const },
    options: { type: 'object' as const },
  },
  required: ['datasource'],
};

export const vizqlDataServicePresets = definePresets(
  { family: 'vizql-data-service', prefix: 'vds', page: 'index.html' },
  [
    {
      id: 'query-datasource',
      name: 'Query Datasource',
      description: 'Queries a published data source: fields, filters, aggregations. JSON only.',
      method: 'POST',
      path: '/api/v1/vizql-data-service/query-datasource',
      minVersion: '3.25',
      docUrl: vdsDocs,
      body: freeJsonBody(
        { ...datasource, query: { fields: [{ fieldCaption: 'Category' }] } },
        { ...datasourceSchema, required: ['datasource', 'query'] },
      ),
    },
    {
      id: 'read-metadata',
      name: 'Read Metadata',
      description: 'Lists the fields of a published data source with their types.',
      method: 'POST',
      path: '/api/v1/vizql-data-service/read-metadata',
      minVersion: '3.25',
      docUrl: vdsDocs,
      body: freeJsonBody(datasource, datasourceSchema),
    },
    {
      id: 'get-datasource-model',
      name: 'Get Datasource Model',
      description:
        'Returns the logical model (tables and relationships) of a data source. Cloud June 2025; Server 2025.3.',
      method: 'POST',
      path: '/api/v1/vizql-data-service/get-datasource-model',
      minVersion: '3.26',
      docUrl: vdsDocs,
      body: freeJsonBody(datasource, datasourceSchema),
    },
    {
      id: 'simple-request',
      name: 'Simple Request',
      description: 'Health check of the VizQL Data Service; needs no body and no sign-in.',
      method: 'GET',
      path: '/api/v1/vizql-data-service/simple-request',
      minVersion: '3.25',
      docUrl: vdsDocs,
      sourceNote:
        'From the VDS OpenAPI schema (operation SimpleRequest, no security); the documentation pages list only the POST methods, so its availability per release is unconfirmed.',
    },
  ],
);
