import { jsonBody } from '../bodies';
import { definePresets } from '../define';

export const settingsPresets = definePresets(
  { family: 'settings', prefix: 'settings', page: 'rest_api_ref_tableau_extensions_settings.htm' },
  [
    {
      id: 'get-tableau-extensions-server-settings',
      name: 'List Tableau extensions server settings',
      description:
        'Whether dashboard and viz extensions are enabled server-wide, and the block list.',
      method: 'GET',
      path: '/settings/extensions',
      minVersion: '3.21',
      availability: 'server',
      anchor: 'list_tableau_extensions_server_settings',
    },
    {
      id: 'update-tableau-extensions-server-settings',
      name: 'Update Tableau extensions server settings',
      description: 'Turns extensions on or off server-wide and sets the block list.',
      method: 'PUT',
      path: '/settings/extensions',
      minVersion: '3.21',
      availability: 'server',
      anchor: 'update_tableau_extensions_server_settings',
      body: jsonBody('extensionsServerSettings', {
        extensionsServerSettings: {
          extensionsGloballyEnabled: true,
          blockList: ['https://bad.example.com'],
        },
      }),
    },
    {
      id: 'get-tableau-extensions-site-settings',
      name: 'List Tableau extensions site settings',
      description: 'Extension settings of the site: enabled, defaults and the safe list.',
      method: 'GET',
      path: '/sites/{site-id}/settings/extensions',
      minVersion: '3.21',
      anchor: 'list_tableau_extensions_site_settings',
    },
    {
      id: 'update-tableau-extensions-site-settings',
      name: 'Update Tableau extensions site settings',
      description: 'Changes the site’s extension settings and safe list.',
      method: 'PUT',
      path: '/sites/{site-id}/settings/extensions',
      minVersion: '3.21',
      anchor: 'update_tableau_extensions_site_settings',
      body: jsonBody('extensionsSiteSettings', {
        extensionsSiteSettings: { extensionsEnabled: true, useDefaultSetting: true },
      }),
    },
    {
      id: 'get-mcp-site-settings',
      name: 'Get MCP Site Settings',
      description:
        'The site’s settings for Tableau’s MCP server (which tools and content it may use).',
      method: 'GET',
      path: '/sites/{site-id}/settings/mcp',
      minVersion: '3.29',
      docUrl: 'https://help.tableau.com/current/api/rest_api/en-us/REST/rest_api_ref_site.htm',
      sourceNote:
        'Called by Tableau’s own MCP server (tableau-mcp, mcpSettingsApi); the mcpSiteSettings element is in the 3.29 XSD, so 3.29 is the first version the catalog can confirm. The reference section was not read.',
    },
  ],
);
