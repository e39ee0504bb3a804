/**
 * Mobile security settings (jailbreak and malware detection, offline time, screenshots):
 * API 3.18/3.19 (Cloud December 2022 / Server 2023.1), per the Mobile Settings Methods page.
 */
import { jsonBody } from '../bodies';
import { definePresets } from '../define';

const settingsBody = jsonBody('mobileSecuritySettingsList', {
  mobileSecuritySettingsList: {
    mobileSecuritySettings: [
      {
        name: 'mobile.security.jailbroken_device',
        enabled: true,
        iosConfig: { enabled: true, severity: 'critical' },
        androidConfig: { enabled: true, severity: 'critical' },
      },
    ],
  },
});

/** Tableau's Postman collection (Mobile Settings folder) lists GET /settings/mobilesecuritysettings and GET and PUT /sites/{site-id}/settings/mobilesecuritysettings. */
const versionNote =
  'Verb and path confirmed by Tableau’s Postman collection (Mobile Settings folder). Version 3.19 follows Get Mobile Security Settings for Server; this method’s own version line was not read. The page’s overview dates the settings to API 3.18 (Cloud December 2022 / Server 2023.1), so 3.18 is possible.';

const serverUpdateNote =
  'Path inferred from Get Mobile Security Settings for Server (GET /settings/mobilesecuritysettings, 3.19 per its method page). Tableau’s Postman collection has no server-level update (its Mobile Settings folder holds Get for Server and Get and Update for Site), so this method’s URI, verb and version are unconfirmed. The page’s overview dates the settings to API 3.18, so 3.18 is possible.';

export const mobileSettingsPresets = definePresets(
  { family: 'settings', prefix: 'mobile', page: 'rest_api_ref_mobile_settings.htm' },
  [
    {
      id: 'get-mobile-security-settings-for-server',
      name: 'Get Mobile Security Settings for Server',
      description: 'The mobile security policies set for the whole server.',
      method: 'GET',
      path: '/settings/mobilesecuritysettings',
      minVersion: '3.19',
      availability: 'server',
    },
    {
      id: 'update-mobile-security-settings-for-server',
      name: 'Update Mobile Security Settings for Server',
      description: 'Changes the server-wide mobile security policies.',
      method: 'PUT',
      path: '/settings/mobilesecuritysettings',
      minVersion: '3.19',
      availability: 'server',
      sourceNote: serverUpdateNote,
      body: settingsBody,
    },
    {
      id: 'get-mobile-security-settings-for-site',
      name: 'Get Mobile Security Settings for Site',
      description: 'The mobile security policies of the signed-in site.',
      method: 'GET',
      path: '/sites/{site-id}/settings/mobilesecuritysettings',
      minVersion: '3.19',
      sourceNote: versionNote,
    },
    {
      id: 'update-mobile-security-settings-for-site',
      name: 'Update Mobile Security Settings for Site',
      description: 'Changes the mobile security policies of the signed-in site.',
      method: 'PUT',
      path: '/sites/{site-id}/settings/mobilesecuritysettings',
      minVersion: '3.19',
      sourceNote: versionNote,
      body: settingsBody,
    },
  ],
);
