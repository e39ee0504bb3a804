import { emptyBody, exampleLuid, jsonBody, jsonBodyOf } from '../bodies';
import { definePresets } from '../define';
import { listQuery, queryParam, requiredQuery } from '../query-params';

const uploadSession = requiredQuery(
  'uploadSessionId',
  'string',
  'Upload session holding the .hyper file with the changes (Initiate File Upload).',
);
const hyperActions = jsonBody(
  'actions',
  {
    actions: [
      {
        action: 'insert',
        'source-schema': 'Extract',
        'source-table': 'Extract',
        'target-schema': 'Extract',
        'target-table': 'Extract',
      },
    ],
  },
  { note: 'Actions run in order: insert, update, delete, upsert or replace (with conditions).' },
);

export const dataSourcePresets = definePresets(
  { family: 'data-sources', prefix: 'datasources', page: 'rest_api_ref_data_sources.htm' },
  [
    {
      id: 'add-tags-to-data-source',
      name: 'Add Tags to Data Source',
      description: 'Adds tags to a published data source.',
      method: 'PUT',
      path: '/sites/{site-id}/datasources/{datasource-id}/tags',
      minVersion: '2.0',
      body: jsonBody(
        'tags',
        { tags: { tag: [{ label: 'certified' }] } },
        { required: { tags: ['tag'] } },
      ),
    },
    {
      id: 'delete-tag-from-data-source',
      name: 'Delete Tag from Data Source',
      description: 'Removes one tag from a data source.',
      method: 'DELETE',
      path: '/sites/{site-id}/datasources/{datasource-id}/tags/{tag-name}',
      minVersion: '2.0',
    },
    {
      id: 'query-data-source',
      name: 'Query Data Source',
      description: 'Returns one published data source.',
      method: 'GET',
      path: '/sites/{site-id}/datasources/{datasource-id}',
      minVersion: '2.0',
    },
    {
      id: 'query-data-sources',
      name: 'Query Data Sources',
      description: 'Lists the published data sources on the site.',
      method: 'GET',
      path: '/sites/{site-id}/datasources',
      minVersion: '2.0',
      query: listQuery,
      paginated: true,
      listPath: 'datasources.datasource',
    },
    {
      id: 'query-data-source-connections',
      name: 'Query Data Source Connections',
      description: 'Lists the connections of a data source; not paginated.',
      method: 'GET',
      path: '/sites/{site-id}/datasources/{datasource-id}/connections',
      minVersion: '2.3',
      listPath: 'connections.connection',
    },
    {
      id: 'download-data-source',
      name: 'Download Data Source',
      description: 'Downloads the data source file (.tds or .tdsx).',
      method: 'GET',
      path: '/sites/{site-id}/datasources/{datasource-id}/content',
      minVersion: '2.0',
      query: [
        queryParam('includeExtract', 'boolean', 'false leaves the extract out.', {
          default: 'true',
        }),
      ],
    },
    {
      id: 'update-data-source',
      name: 'Update Data Source',
      description: 'Renames, moves, re-owns or certifies a data source.',
      method: 'PUT',
      path: '/sites/{site-id}/datasources/{datasource-id}',
      minVersion: '2.0',
      body: jsonBody('datasource', {
        datasource: {
          name: 'Sales',
          isCertified: true,
          certificationNote: 'Checked by the data team',
          project: { id: exampleLuid },
        },
      }),
    },
    {
      id: 'update-data-source-connection',
      name: 'Update Data Source Connection',
      description: 'Changes a data source connection’s server, port, user name or password.',
      method: 'PUT',
      path: '/sites/{site-id}/datasources/{datasource-id}/connections/{connection-id}',
      minVersion: '2.3',
      body: jsonBody('connection', {
        connection: {
          serverAddress: 'db.example.com',
          serverPort: '5432',
          userName: 'reporting',
          password: 'secret',
          embedPassword: true,
        },
      }),
    },
    {
      id: 'update-data-source-connections',
      name: 'Update Data Source Connections',
      description:
        'Sets the same authentication type and credentials on several connections of a data source in one call.',
      method: 'PUT',
      path: '/sites/{site-id}/datasources/{datasource-id}/connections',
      minVersion: '3.26',
      sourceNote:
        'Path, verb, version (3.26) and body (connectionLuids plus one connection with authenticationType, userName, password, embedPassword) follow TSC datasources.update_connections (@api 3.26, rechecked). Not in tabbycat (reference up to about 3.16). The reference page was not read, so the exact name is unconfirmed. TSC PR #1778 (2026) makes authenticationType optional (the existing type is kept when omitted); this preset’s schema still requires it.',
      anchor: 'update_data_source_connections',
      body: jsonBodyOf(
        ['connectionLuids', 'connection'],
        {
          connectionLuids: { connectionLuid: [exampleLuid] },
          connection: {
            authenticationType: 'auth-keypair',
            userName: 'reporting',
            password: 'secret',
            embedPassword: true,
          },
        },
        { required: { connection: ['authenticationType'] } },
      ),
    },
    {
      id: 'update-data-source-now',
      name: 'Update Data Source Now',
      description: 'Refreshes the data source extract now; returns a job (202).',
      method: 'POST',
      path: '/sites/{site-id}/datasources/{datasource-id}/refresh',
      minVersion: '2.8',
      body: emptyBody(),
    },
    {
      id: 'delete-data-source',
      name: 'Delete Data Source',
      description: 'Deletes a published data source.',
      method: 'DELETE',
      path: '/sites/{site-id}/datasources/{datasource-id}',
      minVersion: '2.0',
    },
    {
      id: 'update-data-in-hyper-data-source',
      name: 'Update Data in Hyper Data Source',
      description:
        'Applies insert/update/delete/upsert/replace actions from an uploaded .hyper file to a live-to-Hyper data source; returns a job (202).',
      method: 'PATCH',
      path: '/sites/{site-id}/datasources/{datasource-id}/data',
      minVersion: '3.12',
      sourceNote:
        'TSC datasources.update_hyper_data is gated at 3.13; tabbycat (generated from the reference) gates it at “2021.2”, the Server release of API 3.12, which backs the reference’s 3.12. The catalog uses 3.12. Name and PATCH …/data confirmed by tabbycat and the reference’s live-to-Hyper how-to page.',
      query: [uploadSession],
      body: hyperActions,
    },
    {
      id: 'update-data-in-hyper-connection',
      name: 'Update Data in Hyper Connection',
      description:
        'Same as Update Data in Hyper Data Source for one connection of the data source. Postman’s collection omits /data.',
      method: 'PATCH',
      path: '/sites/{site-id}/datasources/{datasource-id}/connections/{connection-id}/data',
      minVersion: '3.12',
      sourceNote:
        'TSC datasources.update_hyper_data is gated at 3.13; tabbycat gates it at “2021.2” (Server release of API 3.12), backing the reference’s 3.12, which the catalog uses. Name confirmed by tabbycat and the reference’s live-to-Hyper how-to page. Postman drops the trailing /data, and tabbycat’s generated path lacks the slash before data (…/{connection-id}data): both look like transcription slips.',
      query: [uploadSession],
      body: hyperActions,
    },
  ],
);
