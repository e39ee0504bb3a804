import { jsonBody } from '../bodies';
import { definePresets } from '../define';

export const webhookPresets = definePresets(
  { family: 'webhooks', prefix: 'webhooks', page: 'rest_api_ref_webhooks.htm' },
  [
    {
      id: 'create-a-webhook',
      name: 'Create a Webhook',
      description:
        'Posts to a URL when an event happens, e.g. workbook-created or datasource-refresh-failed.',
      method: 'POST',
      path: '/sites/{site-id}/webhooks',
      minVersion: '3.6',
      body: jsonBody(
        'webhook',
        {
          webhook: {
            name: 'Refresh failures',
            event: 'datasource-refresh-failed',
            'webhook-destination': {
              'webhook-destination-http': { method: 'POST', url: 'https://example.com/hook' },
            },
          },
        },
        { required: { webhook: ['name', 'webhook-destination'] } },
      ),
    },
    {
      id: 'list-webhooks',
      name: 'List Webhooks',
      description: 'Lists the webhooks on the site.',
      method: 'GET',
      path: '/sites/{site-id}/webhooks',
      minVersion: '3.6',
      listPath: 'webhooks.webhook',
    },
    {
      id: 'get-a-webhook',
      name: 'Get a Webhook',
      description: 'Returns one webhook.',
      method: 'GET',
      path: '/sites/{site-id}/webhooks/{webhook-id}',
      minVersion: '3.6',
    },
    {
      id: 'test-a-webhook',
      name: 'Test a Webhook',
      description: 'Sends a test event to the webhook’s URL and reports the response.',
      method: 'GET',
      path: '/sites/{site-id}/webhooks/{webhook-id}/test',
      minVersion: '3.6',
    },
    {
      id: 'update-a-webhook',
      name: 'Update a Webhook',
      description: 'Changes a webhook’s name, event, URL or enabled state.',
      method: 'PUT',
      path: '/sites/{site-id}/webhooks/{webhook-id}',
      minVersion: '3.6',
      body: jsonBody('webhook', { webhook: { name: 'Refresh failures', isEnabled: true } }),
    },
    {
      id: 'delete-a-webhook',
      name: 'Delete a Webhook',
      description: 'Deletes a webhook.',
      method: 'DELETE',
      path: '/sites/{site-id}/webhooks/{webhook-id}',
      minVersion: '3.6',
    },
  ],
);
