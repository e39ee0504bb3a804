import { exampleLuid, jsonBody } from '../bodies';
import { definePresets } from '../define';
import { listQuery } from '../query-params';

export const dataDrivenAlertPresets = definePresets(
  { family: 'data-driven-alerts', prefix: 'alerts', page: 'rest_api_ref_data_driven_alerts.htm' },
  [
    {
      id: 'create-data-driven-alert',
      name: 'Create Data Driven Alert',
      description: 'Creates an alert on a view’s measure crossing a threshold.',
      method: 'POST',
      path: '/sites/{site-id}/dataAlerts',
      minVersion: '3.20',
      body: jsonBody(
        'dataAlertCreateAlert',
        {
          dataAlertCreateAlert: {
            subject: 'Sales dropped',
            alertCondition: 'below',
            alertThreshold: '1000',
            frequency: 'Daily',
            visibility: 'private',
            device: 'desktop',
            worksheetName: 'Sheet 1',
            viewId: exampleLuid,
          },
        },
        { required: { dataAlertCreateAlert: ['alertCondition', 'alertThreshold', 'viewId'] } },
      ),
    },
    {
      id: 'list-data-driven-alerts-on-site',
      name: 'List Data-Driven Alerts on Site',
      description: 'Lists the data-driven alerts on the site.',
      method: 'GET',
      path: '/sites/{site-id}/dataAlerts',
      minVersion: '3.2',
      query: listQuery,
      paginated: true,
      listPath: 'dataAlerts.dataAlert',
    },
    {
      id: 'get-data-driven-alert-details',
      name: 'Get Data-Driven Alert Details',
      description: 'Returns one alert with its view, owner and recipients.',
      method: 'GET',
      path: '/sites/{site-id}/dataAlerts/{data-alert-id}',
      minVersion: '3.2',
    },
    {
      id: 'update-data-driven-alert',
      name: 'Update Data-Driven Alert',
      description: 'Changes an alert’s subject, frequency, owner, visibility or suspension.',
      method: 'PUT',
      path: '/sites/{site-id}/dataAlerts/{data-alert-id}',
      minVersion: '3.2',
      body: jsonBody('dataAlert', { dataAlert: { subject: 'Sales dropped', frequency: 'Daily' } }),
    },
    {
      id: 'delete-data-driven-alert',
      name: 'Delete Data-Driven Alert',
      description: 'Deletes an alert.',
      method: 'DELETE',
      path: '/sites/{site-id}/dataAlerts/{data-alert-id}',
      minVersion: '3.2',
    },
    {
      id: 'add-user-to-data-driven-alert',
      name: 'Add User to Data-Driven Alert',
      description: 'Adds a recipient to an alert.',
      method: 'POST',
      path: '/sites/{site-id}/dataAlerts/{data-alert-id}/users',
      minVersion: '3.2',
      body: jsonBody('user', { user: { id: exampleLuid } }, { required: { user: ['id'] } }),
    },
    {
      id: 'delete-user-from-data-driven-alert',
      name: 'Delete User from Data-Driven Alert',
      description: 'Removes a recipient from an alert.',
      method: 'DELETE',
      path: '/sites/{site-id}/dataAlerts/{data-alert-id}/users/{user-id}',
      minVersion: '3.2',
    },
  ],
);
