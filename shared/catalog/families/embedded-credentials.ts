/**
 * Embedded-credential migration: download a content item's encrypted keychain on the source
 * site, apply it on the destination, and move users' saved credentials. Paths and verbs from
 * the Tableau Migration SDK (EmbeddedCredentialsApiClient, RestUrlKeywords); the version is the
 * shared reference's (§8). The server matches these path words case-insensitively.
 */
import { freeJsonBody } from '../bodies';
import { definePresets } from '../define';

const versionNote =
  'Path and verb from the Tableau Migration SDK (EmbeddedCredentialsApiClient). Its feature table gives embedded credentials as REST 3.22/3.23 (Cloud 2024.1 / Server 2024.2, "Server 2024.2+ only"); the catalog uses 3.23. The method page’s own version line was not read, and tabbycat (reference up to about 3.16) predates these methods.';

const userCredsNote =
  'Path and verb from the Tableau Migration SDK (users …/retrieveSavedCreds POST, …/uploadSavedCreds PUT); tableau-mcp’s adminApi uses the same paths and verbs (aliases downloadUserCredentials / uploadUserCredentials, matching these names). Version 3.23 follows the SDK’s embedded-credentials row (3.22/3.23, Server 2024.2+); the method page’s version line was not read.';

const retrieveBody = freeJsonBody(
  {
    destinationSiteUrlNamespace: 'MarketingTeam',
    destinationSiteLuid: '00000000-0000-0000-0000-000000000000',
    destinationServerUrl: 'https://tableau.example.com/',
  },
  {
    type: 'object',
    properties: {
      destinationSiteUrlNamespace: { type: 'string' },
      destinationSiteLuid: { type: 'string' },
      destinationServerUrl: { type: 'string' },
    },
    additionalProperties: false,
  },
  'Three sibling elements of tsRequest in the XSD; the keychain is encrypted for that destination.',
);

const applyBody = freeJsonBody(
  {
    encryptedKeychainList: { encryptedKeychain: ['<keychain from retrieveKeychain>'] },
    associatedUserLuidMapping: {
      userLuidPair: [
        {
          sourceSiteUserLuid: '00000000-0000-0000-0000-000000000000',
          destinationSiteUserLuid: '00000000-0000-0000-0000-000000000000',
        },
      ],
    },
  },
  {
    type: 'object',
    properties: {
      encryptedKeychainList: { type: 'object' },
      associatedUserLuidMapping: { type: 'object' },
    },
    required: ['encryptedKeychainList'],
    additionalProperties: false,
  },
);

function keychainPresets(
  segment: 'workbooks' | 'datasources',
  param: string,
  noun: string,
  label: string,
) {
  return [
    {
      id: `retrieve-${noun.replace(/ /g, '-')}-keychain`,
      name: `Download ${label} Encrypted Keychain`,
      description: `Returns the ${noun}'s embedded credentials, encrypted for a destination site.`,
      method: 'POST' as const,
      path: `/sites/{site-id}/${segment}/{${param}}/retrieveKeychain`,
      minVersion: '3.23',
      sourceNote: versionNote,
      body: retrieveBody,
    },
    {
      id: `apply-${noun.replace(/ /g, '-')}-keychain`,
      name: `Upload ${label} Encrypted Keychain`,
      description: `Applies a keychain taken from the source site to the migrated ${noun}.`,
      method: 'PUT' as const,
      path: `/sites/{site-id}/${segment}/{${param}}/applyKeychain`,
      minVersion: '3.23',
      sourceNote: `${versionNote} The name follows the Download method’s (which the Migration SDK links as “Download ${label} Encrypted Keychain”); the Upload name itself was not seen.`,
      body: applyBody,
    },
  ];
}

export const workbookKeychainPresets = definePresets(
  {
    family: 'workbooks-and-views',
    prefix: 'workbooks',
    page: 'rest_api_ref_workbooks_and_views.htm',
  },
  keychainPresets('workbooks', 'workbook-id', 'workbook', 'Workbook'),
);

export const dataSourceKeychainPresets = definePresets(
  { family: 'data-sources', prefix: 'datasources', page: 'rest_api_ref_data_sources.htm' },
  keychainPresets('datasources', 'datasource-id', 'data source', 'Data Source'),
);

export const savedCredentialPresets = definePresets(
  { family: 'users-and-groups', prefix: 'users', page: 'rest_api_ref_users_and_groups.htm' },
  [
    {
      id: 'retrieve-saved-credentials',
      name: 'Download User Credentials',
      description: 'Returns a user’s saved credentials, encrypted for a destination site.',
      method: 'POST',
      path: '/sites/{site-id}/users/{user-id}/retrieveSavedCreds',
      minVersion: '3.23',
      sourceNote: userCredsNote,
      body: retrieveBody,
    },
    {
      id: 'upload-saved-credentials',
      name: 'Upload User Credentials',
      description: 'Applies saved credentials taken from the source site to the migrated user.',
      method: 'PUT',
      path: '/sites/{site-id}/users/{user-id}/uploadSavedCreds',
      minVersion: '3.23',
      sourceNote: userCredsNote,
      body: applyBody,
    },
  ],
);
