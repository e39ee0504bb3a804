import { jsonBody } from '../bodies';
import { definePresets } from '../define';

export const notificationPresets = definePresets(
  { family: 'notifications', prefix: 'notifications', page: 'rest_api_ref_notifications.htm' },
  [
    {
      id: 'get-user-notification-preferences',
      name: 'Get User Notification Preferences',
      description: 'Which notifications the signed-in user gets, per channel.',
      method: 'GET',
      path: '/sites/{site-id}/settings/notifications',
      minVersion: '3.15',
      listPath: 'userNotificationsPreferences.userNotificationsPreference',
    },
    {
      id: 'update-user-notification-preferences',
      name: 'Update User Notification Preferences',
      description: 'Turns notification types on or off per channel for the signed-in user.',
      method: 'PATCH',
      path: '/sites/{site-id}/settings/notifications',
      minVersion: '3.15',
      body: jsonBody('userNotificationsPreferences', {
        userNotificationsPreferences: {
          userNotificationsPreference: [
            { channel: 'email', notificationType: 'comments', enabled: false },
          ],
        },
      }),
    },
  ],
);
