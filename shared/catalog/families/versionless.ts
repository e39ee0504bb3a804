import { freeJsonBody } from '../bodies';
import { definePresets } from '../define';
import { queryParam, requiredQuery } from '../query-params';

export const versionlessPresets = definePresets(
  { family: 'versionless', prefix: 'versionless', page: 'rest_api_ref_content_exploration.htm' },
  [
    {
      id: 'get-content-search-results',
      name: 'Get content search results',
      description: 'Searches content across the site, ranked as in the Tableau search box.',
      method: 'GET',
      path: '/api/-/search',
      minVersion: '3.16',
      query: [
        queryParam('terms', 'string', 'Search terms.'),
        queryParam('page', 'integer', 'Page to return, starting at 0.'),
        queryParam('limit', 'integer', 'Items per page (at most 2000).'),
        queryParam('order_by', 'string', 'Sort, e.g. hitsTotal:desc.'),
        queryParam('filter', 'string', 'Filter, e.g. type:eq:workbook.'),
      ],
      paginated: true,
      listPath: 'hits.items',
      anchor: 'ExploreContent',
    },
    {
      id: 'get-content-suggestions',
      name: 'Get Content Suggestions',
      description: 'Type-ahead suggestions for a search term.',
      method: 'GET',
      path: '/api/-/suggestions',
      minVersion: '3.19',
      query: [
        requiredQuery('terms', 'string', 'Search terms.'),
        queryParam('limit', 'integer', 'How many suggestions.'),
      ],
      anchor: 'GetContentSuggestions',
    },
    {
      id: 'get-usage-statistics-for-content-item',
      name: 'Get usage statistics for content item',
      description: 'View counts and last access of one workbook, view or data source.',
      method: 'GET',
      path: '/api/-/content/usage-stats/{content-type}/{content-luid}',
      minVersion: '3.22',
      sourceNote:
        'Path, verb and name match the OpenAPI description behind the reference (UsageStatsService GetUsageStats). The version line of this method was not read; 3.22 is the first-pass value.',
      params: {
        'content-type': 'workbooks, views or datasources.',
        'content-luid': 'LUID of the content item.',
      },
      anchor: 'GetUsageStats',
    },
    {
      id: 'batch-get-usage-statistics-for-content-items',
      name: 'Batch get usage statistics for content items',
      description: 'Usage statistics for many content items in one call.',
      method: 'POST',
      path: '/api/-/content/usage-stats',
      minVersion: '3.22',
      sourceNote:
        'Path and verb match the OpenAPI description behind the reference (UsageStatsService BatchGetUsage, summary “Get batch usage statistics”; answers 201). The version line was not read; 3.22 is the first-pass value.',
      anchor: 'BatchGetUsageStats',
      body: freeJsonBody(
        { content_items: [{ type: 'workbook', luid: '00000000-0000-0000-0000-000000000000' }] },
        {
          type: 'object',
          properties: {
            content_items: {
              type: 'array',
              items: {
                type: 'object',
                properties: { type: { type: 'string' }, luid: { type: 'string' } },
                required: ['type', 'luid'],
              },
            },
          },
          required: ['content_items'],
        },
      ),
    },
    {
      id: 'list-ask-data-lenses-in-site',
      name: 'List Ask Data Lenses in Site',
      description: 'Lists Ask Data lenses (Ask Data was retired in 2024).',
      method: 'GET',
      path: '/api/-/askdata/lenses',
      minVersion: '3.13',
      removedIn: '3.23',
      docUrl: 'https://help.tableau.com/current/api/rest_api/en-us/REST/rest_api_ref_ask_data.htm',
      query: [queryParam('datasource_luid', 'string', 'Only lenses on this data source.')],
    },
    {
      id: 'get-ask-data-lens',
      name: 'Get Ask Data Lens',
      description: 'Returns one Ask Data lens (retired).',
      method: 'GET',
      path: '/api/-/askdata/lenses/{lens-id}',
      minVersion: '3.13',
      removedIn: '3.23',
      params: { 'lens-id': 'LUID of the Ask Data lens.' },
      docUrl: 'https://help.tableau.com/current/api/rest_api/en-us/REST/rest_api_ref_ask_data.htm',
    },
    {
      id: 'delete-ask-data-lens',
      name: 'Delete Ask Data Lens',
      description: 'Deletes an Ask Data lens (retired).',
      method: 'DELETE',
      path: '/api/-/askdata/lenses/{lens-id}',
      minVersion: '3.13',
      removedIn: '3.23',
      params: { 'lens-id': 'LUID of the Ask Data lens.' },
      docUrl: 'https://help.tableau.com/current/api/rest_api/en-us/REST/rest_api_ref_ask_data.htm',
    },
    {
      id: 'create-ask-data-lens',
      name: 'Create ask data lens',
      description: 'Creates an Ask Data lens on a data source (Ask Data was retired in 2024).',
      method: 'POST',
      path: '/api/-/askdata/lenses',
      minVersion: '3.13',
      removedIn: '3.23',
      docUrl:
        'https://help.tableau.com/current/api/rest_api/en-us/REST/TAG/index.html#operation/LensService_createLens',
      sourceNote:
        'Method, path and body from Tableau’s Postman collection (folder Ask Data Lens), linking the LensService_createLens operation; the version range follows the other lens methods.',
      body: freeJsonBody(
        {
          name: 'Sales questions',
          datasource_id: '00000000-0000-0000-0000-000000000000',
          project_id: '00000000-0000-0000-0000-000000000000',
          description: '',
          is_feedback_enabled: false,
          fields: [],
        },
        {
          type: 'object',
          properties: {
            name: { type: 'string' },
            datasource_id: { type: 'string' },
            project_id: { type: 'string' },
            description: { type: 'string' },
            is_feedback_enabled: { type: 'boolean' },
            fields: { type: 'array' },
          },
          required: ['name', 'datasource_id', 'project_id'],
        },
      ),
    },
    {
      id: 'import-ask-data-lens',
      name: 'Import ask data lens',
      description: 'Imports a lens exported from another site, re-pointed at this site’s items.',
      method: 'POST',
      path: '/api/-/askdata/lenses/import',
      minVersion: '3.13',
      removedIn: '3.23',
      docUrl:
        'https://help.tableau.com/current/api/rest_api/en-us/REST/TAG/index.html#operation/importLens',
      sourceNote:
        'Method, path and body from Tableau’s Postman collection (folder Ask Data Lens), linking the importLens operation; the version range follows the other lens methods.',
      body: freeJsonBody(
        {
          lens: { id: '00000000-0000-0000-0000-000000000000', name: 'Sales questions' },
          lens_transformations: {
            datasource_id: '00000000-0000-0000-0000-000000000000',
            project_id: '00000000-0000-0000-0000-000000000000',
          },
        },
        {
          type: 'object',
          properties: { lens: { type: 'object' }, lens_transformations: { type: 'object' } },
          required: ['lens'],
        },
      ),
    },
  ],
);
