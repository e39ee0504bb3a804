import { jsonBody } from '../bodies';
import { definePresets } from '../define';
import { listQuery } from '../query-params';

/** Legacy metrics were retired in Tableau Cloud February 2024 and Server 2024.2 (API 3.23). */
const retired = { removedIn: '3.23' };

export const metricPresets = definePresets(
  { family: 'metrics', prefix: 'metrics', page: 'rest_api_ref_metrics.htm' },
  [
    {
      id: 'list-metrics-for-site',
      name: 'List Metrics for Site',
      description: 'Lists the (retired) metrics on the site.',
      method: 'GET',
      path: '/sites/{site-id}/metrics',
      minVersion: '3.9',
      query: listQuery,
      paginated: true,
      listPath: 'metrics.metric',
      ...retired,
    },
    {
      id: 'get-metric',
      name: 'Get Metric',
      description: 'Returns one metric.',
      method: 'GET',
      path: '/sites/{site-id}/metrics/{metric-id}',
      minVersion: '3.9',
      ...retired,
    },
    {
      id: 'update-metric',
      name: 'Update Metric',
      description: 'Renames, moves, re-owns or suspends a metric.',
      method: 'PUT',
      path: '/sites/{site-id}/metrics/{metric-id}',
      minVersion: '3.9',
      body: jsonBody('metric', { metric: { name: 'Revenue', suspended: false } }),
      ...retired,
    },
    {
      id: 'delete-metric',
      name: 'Delete Metric',
      description: 'Deletes a metric.',
      method: 'DELETE',
      path: '/sites/{site-id}/metrics/{metric-id}',
      minVersion: '3.9',
      ...retired,
    },
    {
      id: 'get-metric-data',
      name: 'Get Metric Data',
      description: 'The data points behind a (retired) metric, as CSV.',
      method: 'GET',
      path: '/sites/{site-id}/metrics/{metric-id}/data',
      minVersion: '3.9',
      sourceNote:
        'Method and path from Tableau’s Postman collection (folder Metrics); version as the other metric methods.',
      ...retired,
    },
  ],
);
