import { jsonBody } from '../bodies';
import { definePresets } from '../define';
import { listQuery, pagination, queryParam } from '../query-params';

const siteKey = queryParam(
  'key',
  'string',
  'Read {site-id} as a name or content URL instead of a LUID.',
  { allowed: ['name', 'contentUrl'] },
);

export const sitePresets = definePresets(
  { family: 'sites', prefix: 'sites', page: 'rest_api_ref_site.htm' },
  [
    {
      id: 'create-site',
      name: 'Create Site',
      description: 'Creates a site (server administrators). The caller is not added to it.',
      method: 'POST',
      path: '/sites',
      minVersion: '2.0',
      availability: 'server',
      body: jsonBody(
        'site',
        { site: { name: 'Marketing', contentUrl: 'marketing', adminMode: 'ContentAndUsers' } },
        { required: { site: ['name', 'contentUrl'] } },
      ),
    },
    {
      id: 'query-site',
      name: 'Query Site',
      description:
        'Returns one site by LUID, or by name or content URL with key=name|contentUrl. Usage statistics on request.',
      method: 'GET',
      path: '/sites/{site-id}',
      minVersion: '2.0',
      query: [
        siteKey,
        queryParam('includeUsageStatistics', 'boolean', 'Add storage and user counts.'),
      ],
    },
    {
      id: 'query-sites',
      name: 'Query Sites',
      description: 'Lists the sites on the server. On Tableau Cloud it fails with 403069.',
      method: 'GET',
      path: '/sites',
      minVersion: '2.0',
      availability: 'server',
      query: pagination,
      paginated: true,
      listPath: 'sites.site',
    },
    {
      id: 'get-recently-viewed-for-site',
      name: 'Get Recently Viewed for Site',
      description: 'The workbooks and views the signed-in user viewed recently on the site.',
      method: 'GET',
      path: '/sites/{site-id}/content/recent',
      minVersion: '3.5',
      listPath: 'recents.recent',
    },
    {
      id: 'update-site',
      name: 'Update Site',
      description: 'Changes site settings: name, content URL, quotas, feature flags and more.',
      method: 'PUT',
      path: '/sites/{site-id}',
      minVersion: '2.0',
      body: jsonBody('site', { site: { name: 'Marketing', revisionHistoryEnabled: true } }),
    },
    {
      id: 'delete-site',
      name: 'Delete Site',
      description:
        'Deletes a site and all its content (server administrators). Accepts key=name|contentUrl.',
      method: 'DELETE',
      path: '/sites/{site-id}',
      minVersion: '2.0',
      availability: 'server',
      query: [siteKey],
    },
    {
      id: 'get-data-acceleration-report-for-a-site',
      name: 'Get Data Acceleration Report for a Site',
      description: 'Load-time comparison for accelerated workbooks. Data acceleration is retired.',
      method: 'GET',
      path: '/sites/{site-id}/dataAccelerationReport',
      minVersion: '3.8',
      deprecatedIn: '3.16',
    },
    {
      id: 'get-embedding-settings-for-a-site',
      name: 'Get Embedding Settings for a Site',
      description: 'Whether embedding is unrestricted and the domain allow list.',
      method: 'GET',
      path: '/sites/{site-id}/settings/embedding',
      minVersion: '3.16',
    },
    {
      id: 'update-embedding-settings-for-site',
      name: 'Update Embedding Settings for Site',
      description:
        'Restricts embedding of the site content to an allow list of domains, or lifts it.',
      method: 'PUT',
      path: '/sites/{site-id}/settings/embedding',
      minVersion: '3.16',
      body: jsonBody('site', {
        site: { settings: [{ unrestrictedEmbedding: false, allowList: 'example.com' }] },
      }),
    },
    {
      id: 'query-views-for-site',
      name: 'Query Views for Site',
      description:
        'Lists the views on the site; includeUsageStatistics adds view counts. Tableau documents it under Workbooks and Views.',
      method: 'GET',
      path: '/sites/{site-id}/views',
      minVersion: '2.2',
      anchor: 'query_views_for_site',
      docUrl:
        'https://help.tableau.com/current/api/rest_api/en-us/REST/rest_api_ref_workbooks_and_views.htm#query_views_for_site',
      query: [
        ...listQuery,
        queryParam('includeUsageStatistics', 'boolean', 'Add total view counts.'),
      ],
      paginated: true,
      listPath: 'views.view',
    },
  ],
);
