import { emptyBody, exampleLuid, jsonBody } from '../bodies';
import { definePresets } from '../define';
import { queryParam } from '../query-params';

const encrypt = queryParam('encrypt', 'boolean', 'Encrypt the new extract.');

export const extractPresets = definePresets(
  {
    family: 'extracts-and-encryption',
    prefix: 'extracts',
    page: 'rest_api_ref_extract_and_encryption.htm',
  },
  [
    {
      id: 'create-an-extract-for-a-data-source',
      name: 'Create an Extract for a Data Source',
      description: 'Turns a live data source into an extract; returns a job.',
      method: 'POST',
      path: '/sites/{site-id}/datasources/{datasource-id}/createExtract',
      minVersion: '3.5',
      query: [encrypt],
      body: emptyBody(),
    },
    {
      id: 'delete-the-extract-from-a-data-source',
      name: 'Delete the Extract from a Data Source',
      description: 'Switches a data source back to a live connection.',
      method: 'POST',
      path: '/sites/{site-id}/datasources/{datasource-id}/deleteExtract',
      minVersion: '3.5',
      body: emptyBody(),
    },
    {
      id: 'create-extracts-for-embedded-data-sources-in-a-workbook',
      name: 'Create Extracts for Embedded Data Sources in a Workbook',
      description:
        'Extracts all (or the listed) embedded data sources of a workbook; returns a job.',
      method: 'POST',
      path: '/sites/{site-id}/workbooks/{workbook-id}/createExtract',
      minVersion: '3.5',
      query: [encrypt],
      body: jsonBody('datasources', {
        datasources: { includeAll: false, datasource: [{ id: exampleLuid }] },
      }),
    },
    {
      id: 'delete-extracts-of-embedded-data-sources-from-a-workbook',
      name: 'Delete Extracts of Embedded Data Sources from a Workbook',
      description: 'Switches a workbook’s embedded data sources back to live connections.',
      method: 'POST',
      path: '/sites/{site-id}/workbooks/{workbook-id}/deleteExtract',
      minVersion: '3.5',
      sourceNote:
        'Reference: 3.5 like the other extract methods (tabbycat, a client generated from the reference, also gates it at 3.5); TSC workbooks.delete_extract is gated at 3.3.',
    },
    {
      id: 'encrypt-extracts-in-a-site',
      name: 'Encrypt Extracts in a Site',
      description: 'Encrypts every extract on the site; returns a job.',
      method: 'POST',
      path: '/sites/{site-id}/encrypt-extracts',
      minVersion: '3.5',
      body: emptyBody(),
    },
    {
      id: 'decrypt-extracts-in-a-site',
      name: 'Decrypt Extracts in a Site',
      description: 'Decrypts every extract on the site; returns a job.',
      method: 'POST',
      path: '/sites/{site-id}/decrypt-extracts',
      minVersion: '3.5',
      body: emptyBody(),
    },
    {
      id: 'reencrypt-extracts-in-a-site',
      name: 'Reencrypt Extracts in a Site',
      description: 'Re-encrypts every extract on the site with new keys; returns a job.',
      method: 'POST',
      path: '/sites/{site-id}/reencrypt-extracts',
      minVersion: '3.5',
      body: emptyBody(),
    },
  ],
);
