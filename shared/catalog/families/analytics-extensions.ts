/**
 * Analytics extensions settings (TabPy, RServe, Einstein Discovery…): versionless JSON methods
 * under `/api/-/settings/`, API 3.11 (Server 2021.1). Paths and verbs follow the OpenAPI
 * description Tableau publishes for them (tableau/tableau-postman `openapi/`); the version comes
 * from the method pages of the reference.
 */
import { freeJsonBody } from '../bodies';
import { definePresets } from '../define';

const page =
  'https://help.tableau.com/current/api/rest_api/en-us/REST/rest_api_ref_analytics_extensions_settings.htm';
const root = '/api/-/settings';

const enabledBody = freeJsonBody(
  { enabled: true },
  {
    type: 'object',
    properties: { enabled: { type: 'boolean' } },
    required: ['enabled'],
    additionalProperties: true,
  },
  'JSON only. The server also accepts the vendor media type application/vnd.tableau.analyticsextensions.v1.*+json.',
);

const connectionBody = freeJsonBody(
  {
    connection_name: 'TabPy',
    connection_type: 'TABPY',
    host: 'tabpy.example.com',
    port: 9004,
    is_auth_enabled: false,
    is_ssl_enabled: true,
  },
  {
    type: 'object',
    properties: {
      connection_name: { type: 'string' },
      connection_type: { type: 'string' },
      host: { type: 'string' },
      port: { type: 'integer' },
      is_auth_enabled: { type: 'boolean' },
      is_ssl_enabled: { type: 'boolean' },
      username: { type: 'string' },
      password: { type: 'string' },
    },
    additionalProperties: true,
  },
  'Field names are an unverified sketch of the connection item; check the reference before relying on them.',
);

export const analyticsExtensionPresets = definePresets(
  {
    family: 'settings',
    prefix: 'analytics-extensions',
    page: 'rest_api_ref_analytics_extensions_settings.htm',
  },
  [
    {
      id: 'get-server-settings',
      name: 'Get enabled state of analytics extensions on server',
      description: 'Whether analytics extensions are allowed on the server at all.',
      method: 'GET',
      path: `${root}/server/extensions/analytics`,
      minVersion: '3.11',
      availability: 'server',
      docUrl: page,
    },
    {
      id: 'update-server-settings',
      name: 'Enable or disable analytics extensions on server',
      description: 'Turns analytics extensions on or off for the whole server.',
      method: 'PUT',
      path: `${root}/server/extensions/analytics`,
      minVersion: '3.11',
      availability: 'server',
      docUrl: page,
      body: enabledBody,
    },
    {
      id: 'get-site-settings',
      name: 'Get enabled state of analytics extensions on site',
      description: 'Whether analytics extensions are enabled on the signed-in site.',
      method: 'GET',
      path: `${root}/site/extensions/analytics`,
      minVersion: '3.11',
      docUrl: page,
    },
    {
      id: 'update-site-settings',
      name: 'Update enabled state of analytics extensions on site',
      description: 'Turns analytics extensions on or off for the signed-in site.',
      method: 'PUT',
      path: `${root}/site/extensions/analytics`,
      minVersion: '3.11',
      docUrl: page,
      body: enabledBody,
    },
    {
      id: 'list-site-connections',
      name: 'List analytics extension connections on site',
      description: 'The analytics extension connections configured for the site.',
      method: 'GET',
      path: `${root}/site/extensions/analytics/connections`,
      minVersion: '3.11',
      docUrl: page,
    },
    {
      id: 'add-site-connection',
      name: 'Add analytics extension connection to site',
      description:
        'Adds a connection to an external analytics service (TabPy, RServe…) to the site.',
      method: 'POST',
      path: `${root}/site/extensions/analytics/connections`,
      minVersion: '3.11',
      docUrl: page,
      body: connectionBody,
    },
    {
      id: 'get-site-connection',
      name: 'Get analytics extension details',
      description: 'One analytics extension connection of the site.',
      method: 'GET',
      path: `${root}/site/extensions/analytics/connections/{connection-luid}`,
      minVersion: '3.11',
      docUrl: page,
    },
    {
      id: 'update-site-connection',
      name: 'Update analytics extension connection of site',
      description: 'Changes host, port, credentials or TLS of an analytics extension connection.',
      method: 'PUT',
      path: `${root}/site/extensions/analytics/connections/{connection-luid}`,
      minVersion: '3.11',
      docUrl: page,
      body: connectionBody,
    },
    {
      id: 'delete-site-connection',
      name: 'Delete analytics extension connection from site',
      description: 'Removes an analytics extension connection from the site.',
      method: 'DELETE',
      path: `${root}/site/extensions/analytics/connections/{connection-luid}`,
      minVersion: '3.11',
      docUrl: page,
    },
    {
      id: 'list-workbook-connections',
      name: 'List analytics extension connections of workbook',
      description: 'The analytics extension connections a workbook may use.',
      method: 'GET',
      path: `${root}/site/extensions/analytics/workbooks/{workbook-luid}/connections`,
      minVersion: '3.11',
      docUrl: page,
    },
    {
      id: 'get-workbook-selected-connection',
      name: 'Get current analytics extension for workbook',
      description: 'The analytics extension connection a workbook currently uses.',
      method: 'GET',
      path: `${root}/site/extensions/analytics/workbooks/{workbook-luid}/selected_connection`,
      minVersion: '3.11',
      docUrl: page,
    },
    {
      id: 'update-workbook-selected-connection',
      name: 'Update analytics extension for workbook',
      description: 'Chooses which analytics extension connection a workbook uses.',
      method: 'PUT',
      path: `${root}/site/extensions/analytics/workbooks/{workbook-luid}/selected_connection`,
      minVersion: '3.11',
      docUrl: page,
      body: freeJsonBody(
        { connection_luid: '00000000-0000-0000-0000-000000000000' },
        {
          type: 'object',
          properties: { connection_luid: { type: 'string' } },
          additionalProperties: true,
        },
        'Field name is an unverified sketch; check the reference.',
      ),
    },
    {
      id: 'delete-workbook-selected-connection',
      name: 'Remove current analytics extension connection for workbook',
      description:
        'Detaches the workbook from its analytics extension connection; the connection stays.',
      method: 'DELETE',
      path: `${root}/site/extensions/analytics/workbooks/{workbook-luid}/selected_connection`,
      minVersion: '3.11',
      docUrl: page,
    },
  ],
);
