import { exampleLuid, jsonBody } from '../bodies';
import { definePresets } from '../define';
import { pagination } from '../query-params';

export const subscriptionPresets = definePresets(
  { family: 'subscriptions', prefix: 'subscriptions', page: 'rest_api_ref_subscriptions.htm' },
  [
    {
      id: 'create-subscription',
      name: 'Create Subscription',
      description:
        'Subscribes a user to a view or workbook on a schedule (Server: schedule id; Cloud: an inline schedule).',
      method: 'POST',
      path: '/sites/{site-id}/subscriptions',
      minVersion: '2.3',
      body: jsonBody(
        'subscription',
        {
          subscription: {
            subject: 'Weekly sales',
            attachImage: true,
            attachPdf: false,
            content: { id: exampleLuid, type: 'View', sendIfViewEmpty: false },
            schedule: { id: exampleLuid },
            user: { id: exampleLuid },
          },
        },
        { required: { subscription: ['subject', 'content', 'schedule', 'user'] } },
      ),
    },
    {
      id: 'query-subscriptions',
      name: 'Query Subscriptions',
      description: 'Lists the subscriptions on the site.',
      method: 'GET',
      path: '/sites/{site-id}/subscriptions',
      minVersion: '2.3',
      query: pagination,
      paginated: true,
      listPath: 'subscriptions.subscription',
    },
    {
      id: 'query-subscription',
      name: 'Query Subscription',
      description: 'Returns one subscription.',
      method: 'GET',
      path: '/sites/{site-id}/subscriptions/{subscription-id}',
      minVersion: '2.3',
    },
    {
      id: 'update-subscription',
      name: 'Update Subscription',
      description: 'Changes a subscription’s subject, schedule, attachments or suspension.',
      method: 'PUT',
      path: '/sites/{site-id}/subscriptions/{subscription-id}',
      minVersion: '2.3',
      body: jsonBody('subscription', {
        subscription: { subject: 'Weekly sales', suspended: false },
      }),
    },
    {
      id: 'delete-subscription',
      name: 'Delete Subscription',
      description: 'Deletes a subscription.',
      method: 'DELETE',
      path: '/sites/{site-id}/subscriptions/{subscription-id}',
      minVersion: '2.3',
    },
  ],
);
