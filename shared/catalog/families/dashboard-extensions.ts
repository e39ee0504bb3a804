/**
 * The versionless dashboard-extension settings (server block list, site safe list). Tableau
 * replaced them with the Tableau extensions settings of API 3.21 (`settings.ts`), but servers
 * still answer them. Methods, paths, bodies and versions ("Available in API 3.11, Tableau Server
 * 2021.1"; server methods "Not available for Tableau Cloud") come from Tableau's Postman
 * collection, folder "Dashboard Extensions Settings"; PSTableauREST calls the same paths.
 */
import { freeJsonBody } from '../bodies';
import { definePresets, type PresetInput } from '../define';

const server = '/api/-/settings/server/extensions/dashboard';
const site = '/api/-/settings/site/extensions/dashboard';
const docUrl =
  'https://help.tableau.com/current/api/rest_api/en-us/REST/rest_api_ref_dashboard_extensions_settings.htm';
const retiredNote =
  'Replaced by the Tableau extensions settings of API 3.21; the reference page of these versionless methods was not read, so the link points at its expected address.';

const blockItem = {
  type: 'object' as const,
  properties: {
    url: { type: 'string' as const },
    block_list_item_luid: { type: 'string' as const },
  },
  required: ['url'],
};
const safeItem = {
  type: 'object' as const,
  properties: {
    safe_list_item_luid: { type: 'string' as const },
    url: { type: 'string' as const },
    allow_full_data: { type: ['boolean', 'string'] as ('boolean' | 'string')[] },
    prompt_needed: { type: ['boolean', 'string'] as ('boolean' | 'string')[] },
  },
  required: ['url'],
};
const exampleUrl = 'https://extensions.example.com/dashboard.trex';

const common: Pick<PresetInput, 'minVersion' | 'deprecatedIn' | 'docUrl' | 'sourceNote'> = {
  minVersion: '3.11',
  deprecatedIn: '3.21',
  docUrl,
  sourceNote: retiredNote,
};
const itemParams = {
  'block-list-item-luid': 'LUID of the block list entry.',
  'safe-list-item-luid': 'LUID of the safe list entry.',
};

export const dashboardExtensionPresets = definePresets(
  {
    family: 'settings',
    prefix: 'dashboard-extensions',
    page: 'rest_api_ref_dashboard_extensions_settings.htm',
  },
  [
    {
      id: 'list-server-settings',
      name: 'List settings for dashboard extensions on server',
      description: 'Whether dashboard extensions run on the server, and its block list.',
      method: 'GET',
      path: server,
      availability: 'server',
      ...common,
    },
    {
      id: 'update-server-settings',
      name: 'Update dashboard extensions settings of server',
      description: 'Turns dashboard extensions on or off server-wide and replaces the block list.',
      method: 'PUT',
      path: server,
      availability: 'server',
      ...common,
      body: freeJsonBody(
        { extensions_enabled: true, block_list_items: [{ url: exampleUrl }] },
        {
          type: 'object',
          properties: {
            extensions_enabled: { type: ['boolean', 'string'] },
            block_list_items: { type: 'array', items: blockItem },
          },
        },
      ),
    },
    {
      id: 'list-blocked-extensions',
      name: 'List blocked dashboard extensions on server',
      description: 'The dashboard extensions on the server’s block list.',
      method: 'GET',
      path: `${server}/blockListItems`,
      availability: 'server',
      listPath: 'block_list_items',
      ...common,
    },
    {
      id: 'block-extension',
      name: 'Block dashboard extension on server',
      description: 'Adds a dashboard extension URL to the server’s block list.',
      method: 'POST',
      path: `${server}/blockListItems`,
      availability: 'server',
      ...common,
      body: freeJsonBody({ url: exampleUrl }, blockItem),
    },
    {
      id: 'get-blocked-extension',
      name: 'Get blocked dashboard extension on server',
      description: 'One entry of the server’s block list.',
      method: 'GET',
      path: `${server}/blockListItems/{block-list-item-luid}`,
      availability: 'server',
      params: itemParams,
      ...common,
    },
    {
      id: 'unblock-extension',
      name: 'Unblock dashboard extension on server',
      description: 'Removes an entry from the server’s block list.',
      method: 'DELETE',
      path: `${server}/blockListItems/{block-list-item-luid}`,
      availability: 'server',
      params: itemParams,
      ...common,
    },
    {
      id: 'list-site-settings',
      name: 'List dashboard extension settings of site',
      description:
        'Whether dashboard extensions run on the site, sandboxed ones, and the safe list.',
      method: 'GET',
      path: site,
      ...common,
    },
    {
      id: 'update-site-settings',
      name: 'Update dashboard extension settings of site',
      description: 'Turns dashboard extensions on or off for the site and replaces its safe list.',
      method: 'PUT',
      path: site,
      ...common,
      body: freeJsonBody(
        { extensions_enabled: true, allow_sandboxed: true, safe_list_items: [] },
        {
          type: 'object',
          properties: {
            extensions_enabled: { type: ['boolean', 'string'] },
            allow_sandboxed: { type: ['boolean', 'string'] },
            safe_list_items: { type: 'array', items: safeItem },
          },
        },
      ),
    },
    {
      id: 'list-allowed-extensions',
      name: 'List allowed dashboard extensions on site',
      description: 'The dashboard extensions on the site’s safe list.',
      method: 'GET',
      path: `${site}/safeListItems`,
      listPath: 'safe_list_items',
      ...common,
    },
    {
      id: 'allow-extension',
      name: 'Allow dashboard extension on site',
      description: 'Adds a dashboard extension to the site’s safe list, with its data access.',
      method: 'POST',
      path: `${site}/safeListItems`,
      ...common,
      body: freeJsonBody(
        { url: exampleUrl, allow_full_data: false, prompt_needed: true },
        safeItem,
      ),
    },
    {
      id: 'get-allowed-extension',
      name: 'Get allowed dashboard extension on site',
      description: 'One entry of the site’s safe list.',
      method: 'GET',
      path: `${site}/safeListItems/{safe-list-item-luid}`,
      params: itemParams,
      ...common,
    },
    {
      id: 'update-allowed-extension',
      name: 'Update settings for allowed dashboard extension on site',
      description: 'Changes the data access of a safe-listed dashboard extension.',
      method: 'PUT',
      path: `${site}/safeListItems/{safe-list-item-luid}`,
      params: itemParams,
      ...common,
      body: freeJsonBody(
        { url: exampleUrl, allow_full_data: false, prompt_needed: true },
        safeItem,
      ),
    },
    {
      id: 'disallow-extension',
      name: 'Disallow dashboard extension on site',
      description: 'Removes an entry from the site’s safe list.',
      method: 'DELETE',
      path: `${site}/safeListItems/{safe-list-item-luid}`,
      params: itemParams,
      ...common,
    },
  ],
);
