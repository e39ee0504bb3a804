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
          query:
            'query Workbooks($first: Int) { workbooksConnection(first: $first) { nodes { luid name } pageInfo { hasNextPage endCursor } totalCount } }',
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
