import { jsonBody } from '../bodies';
import { definePresets, type PresetInput } from '../define';

/** Direct-trust connected apps: the reference's current path, available from API 3.17. */
const apps = '/sites/{site-id}/connected-apps/direct-trust';
/** The 3.14 path; the reference says it was deprecated in API 3.17 in favour of `direct-trust`. */
const legacyApps = '/sites/{site-id}/connected-applications';
const eas = '/sites/{site-id}/connected-apps/external-authorization-servers';

const directTrustNote =
  'Reference: connected-apps/direct-trust replaced the connected-applications path (API 3.14) in API 3.17; the exact release of direct-trust is taken from that deprecation note. The /api/exp/ paths in Tableau’s separate connected-apps Postman collection predate both and are not used.';
const easNote =
  'Reference: EAS methods came to Tableau Cloud in September 2022 (API 3.17) and to Tableau Server in 2024.2 (API 3.23); no per-method version line was read.';

/** The same direct-trust methods on the pre-3.17 path, for older servers. */
const legacy: PresetInput[] = [
  ['create-connected-app', 'Create Connected App', 'POST', legacyApps],
  ['list-connected-apps', 'List Connected Apps', 'GET', legacyApps],
  ['get-connected-app', 'Get Connected App', 'GET', `${legacyApps}/{client-id}`],
  ['update-connected-app', 'Update Connected App', 'PUT', `${legacyApps}/{client-id}`],
  ['delete-connected-app', 'Delete Connected App', 'DELETE', `${legacyApps}/{client-id}`],
  [
    'create-connected-app-secret',
    'Create Connected App Secret',
    'POST',
    `${legacyApps}/{client-id}/secrets`,
  ],
  [
    'get-connected-app-secret',
    'Get Connected App Secret',
    'GET',
    `${legacyApps}/{client-id}/secrets/{secret-id}`,
  ],
  [
    'delete-connected-app-secret',
    'Delete Connected App Secret',
    'DELETE',
    `${legacyApps}/{client-id}/secrets/{secret-id}`,
  ],
].map(([id, name, method, path]) => ({
  id: `${id}-legacy`,
  name: `${name} (connected-applications, deprecated)`,
  description: `${name} on the original connected-applications path (API 3.14 to 3.16); use the direct-trust method from 3.17.`,
  method: method as PresetInput['method'],
  path,
  minVersion: '3.14',
  deprecatedIn: '3.17',
  anchor: id.replace(/-/g, '_').replace('connected_app', 'connectedapp'),
  sourceNote:
    'Reference: this connected-applications path was deprecated in API 3.17 in favour of connected-apps/direct-trust.',
}));

export const connectedAppPresets = definePresets(
  { family: 'connected-apps', prefix: 'connected-apps', page: 'rest_api_ref_connected_app.htm' },
  [
    {
      id: 'create-connected-app',
      name: 'Create Connected App',
      description: 'Creates a direct-trust connected app for embedding and JWT sign-in.',
      method: 'POST',
      path: apps,
      minVersion: '3.17',
      sourceNote: directTrustNote,
      anchor: 'create_connectedapp',
      body: jsonBody(
        'connectedApplication',
        {
          connectedApplication: {
            name: 'Portal',
            enabled: true,
            unrestrictedEmbedding: false,
            domainSafelist: 'https://portal.example.com',
          },
        },
        { required: { connectedApplication: ['name'] } },
      ),
    },
    {
      id: 'list-connected-apps',
      name: 'List Connected Apps',
      description: 'Lists the connected apps on the site.',
      method: 'GET',
      path: apps,
      minVersion: '3.17',
      sourceNote: directTrustNote,
      anchor: 'list_connectedapps',
      listPath: 'connectedApplications.connectedApplication',
    },
    {
      id: 'get-connected-app',
      name: 'Get Connected App',
      description: 'Returns one connected app.',
      method: 'GET',
      path: `${apps}/{client-id}`,
      minVersion: '3.17',
      sourceNote: directTrustNote,
      anchor: 'get_connectedapp',
    },
    {
      id: 'update-connected-app',
      name: 'Update Connected App',
      description: 'Renames, enables or changes the domain allow list of a connected app.',
      method: 'PUT',
      path: `${apps}/{client-id}`,
      minVersion: '3.17',
      sourceNote: directTrustNote,
      anchor: 'update_connectedapp',
      body: jsonBody('connectedApplication', { connectedApplication: { enabled: false } }),
    },
    {
      id: 'delete-connected-app',
      name: 'Delete Connected App',
      description: 'Deletes a connected app; JWTs it signed stop working.',
      method: 'DELETE',
      path: `${apps}/{client-id}`,
      minVersion: '3.17',
      sourceNote: directTrustNote,
      anchor: 'delete_connectedapp',
    },
    {
      id: 'create-connected-app-secret',
      name: 'Create Connected App Secret',
      description: 'Generates a secret for signing JWTs; the value is shown once.',
      method: 'POST',
      path: `${apps}/{client-id}/secrets`,
      minVersion: '3.17',
      sourceNote: directTrustNote,
      anchor: 'create_connectedapp_secret',
    },
    {
      id: 'get-connected-app-secret',
      name: 'Get Connected App Secret',
      description: 'Returns a secret’s metadata.',
      method: 'GET',
      path: `${apps}/{client-id}/secrets/{secret-id}`,
      minVersion: '3.17',
      sourceNote: directTrustNote,
      anchor: 'get_connectedapp_secret',
    },
    {
      id: 'delete-connected-app-secret',
      name: 'Delete Connected App Secret',
      description: 'Deletes a secret; JWTs signed with it stop working.',
      method: 'DELETE',
      path: `${apps}/{client-id}/secrets/{secret-id}`,
      minVersion: '3.17',
      sourceNote: directTrustNote,
      anchor: 'delete_connectedapp_secret',
    },
    {
      id: 'register-eas',
      name: 'Register EAS',
      description: 'Registers an external authorization server (OAuth 2.0 trust connected app).',
      method: 'POST',
      path: eas,
      minVersion: '3.17',
      sourceNote: easNote,
      anchor: 'create_eas',
      body: jsonBody(
        'externalAuthorizationServer',
        {
          externalAuthorizationServer: {
            name: 'Okta',
            issuerUrl: 'https://example.okta.com',
            enabled: true,
          },
        },
        { required: { externalAuthorizationServer: ['issuerUrl'] } },
      ),
    },
    {
      id: 'list-all-registered-eas',
      name: 'List All Registered EAS',
      description: 'Lists the external authorization servers on the site.',
      method: 'GET',
      path: eas,
      minVersion: '3.17',
      sourceNote: easNote,
      anchor: 'list_eas',
      listPath: 'externalAuthorizationServers.externalAuthorizationServer',
    },
    {
      id: 'list-registered-eas',
      name: 'List Registered EAS',
      description: 'Returns one external authorization server.',
      method: 'GET',
      path: `${eas}/{server-id}`,
      minVersion: '3.17',
      sourceNote: easNote,
      anchor: 'get_eas',
    },
    {
      id: 'update-eas',
      name: 'Update EAS',
      description: 'Changes an external authorization server.',
      method: 'PUT',
      path: `${eas}/{server-id}`,
      minVersion: '3.17',
      sourceNote: easNote,
      anchor: 'update_eas',
      body: jsonBody('externalAuthorizationServer', {
        externalAuthorizationServer: { enabled: false },
      }),
    },
    {
      id: 'delete-eas',
      name: 'Delete EAS',
      description: 'Removes an external authorization server.',
      method: 'DELETE',
      path: `${eas}/{server-id}`,
      minVersion: '3.17',
      sourceNote: easNote,
      anchor: 'delete_eas',
    },
    ...legacy,
  ],
);
