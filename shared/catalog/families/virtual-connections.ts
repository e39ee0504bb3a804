import { exampleLuid, jsonBody } from '../bodies';
import { definePresets } from '../define';
import { listQuery, pagination, queryParam } from '../query-params';

const base = '/sites/{site-id}/virtualconnections';

export const virtualConnectionPresets = definePresets(
  {
    family: 'virtual-connections',
    prefix: 'virtual-connections',
    page: 'rest_api_ref_virtual_connections.htm',
  },
  [
    {
      id: 'list-virtual-connections',
      name: 'List Virtual Connections',
      description: 'Lists the virtual connections on the site.',
      method: 'GET',
      path: base,
      minVersion: '3.18',
      query: listQuery,
      paginated: true,
      listPath: 'virtualConnections.virtualConnection',
    },
    {
      id: 'get-virtual-connection',
      name: 'Get Virtual Connection',
      description: 'Returns one virtual connection with its JSON definition (content).',
      method: 'GET',
      path: `${base}/{virtual-connection-id}`,
      minVersion: '3.23',
    },
    {
      id: 'update-virtual-connection',
      name: 'Update Virtual Connection',
      description: 'Renames, moves, re-owns or certifies a virtual connection.',
      method: 'PUT',
      path: `${base}/{virtual-connection-id}`,
      minVersion: '3.23',
      body: jsonBody('virtualConnection', {
        virtualConnection: { name: 'Warehouse', isCertified: true },
      }),
    },
    {
      id: 'delete-virtual-connection',
      name: 'Delete Virtual Connection',
      description: 'Deletes a virtual connection.',
      method: 'DELETE',
      path: `${base}/{virtual-connection-id}`,
      minVersion: '3.23',
    },
    {
      id: 'list-virtual-connection-database-connections',
      name: 'List Virtual Connection Database Connections',
      description: 'Lists the database connections inside a virtual connection.',
      method: 'GET',
      path: `${base}/{virtual-connection-id}/connections`,
      minVersion: '3.18',
      query: pagination,
      paginated: true,
      listPath: 'virtualConnectionConnections.connection',
    },
    {
      id: 'update-virtual-connection-database-connections',
      name: 'Update Virtual Connection Database Connection',
      description:
        'Changes a database connection’s server, port or credentials. Postman’s collection omits /modify.',
      method: 'PUT',
      path: `${base}/{virtual-connection-id}/connections/{connection-id}/modify`,
      minVersion: '3.18',
      body: jsonBody('connection', {
        connection: {
          serverAddress: 'db.example.com',
          serverPort: '5432',
          userName: 'vc',
          password: 'secret',
        },
      }),
    },
    {
      id: 'get-virtual-connection-revisions',
      name: 'Get Virtual Connection Revisions',
      description: 'Lists the saved revisions of a virtual connection.',
      method: 'GET',
      path: `${base}/{virtual-connection-id}/revisions`,
      minVersion: '3.23',
      query: pagination,
      paginated: true,
      listPath: 'revisions.revision',
    },
    {
      id: 'get-virtual-connection-revision',
      name: 'Get Virtual Connection Revision',
      description: 'Returns one saved revision of a virtual connection, with its JSON definition.',
      method: 'GET',
      path: `${base}/{virtual-connection-id}/revisions/{revision-number}`,
      minVersion: '3.23',
      sourceNote:
        'Path, GET and version from TSC virtual_connections.download_revision (@api 3.23, rechecked; the response is a virtualConnection with its content). Not in tabbycat (reference up to about 3.16, before revisions of virtual connections). The name and anchor in Tableau’s reference were not found, so the name is the catalog’s own.',
    },
    {
      id: 'publish-virtual-connection',
      name: 'Publish Virtual Connection',
      description:
        'Publishes a virtual connection from its JSON definition (content), optionally as a draft or over an existing one.',
      method: 'POST',
      path: base,
      minVersion: '3.23',
      query: [
        queryParam('overwrite', 'boolean', 'Replace a virtual connection with the same name.'),
        queryParam('publishAsDraft', 'boolean', 'Publish as a draft; the response carries its id.'),
      ],
      body: jsonBody(
        'virtualConnection',
        {
          virtualConnection: {
            name: 'Warehouse',
            content: '{"connections":[],"policies":[]}',
            project: { id: exampleLuid },
            owner: { id: exampleLuid },
          },
        },
        { required: { virtualConnection: ['name', 'content', 'project', 'owner'] } },
      ),
    },
    {
      id: 'add-tags-to-virtual-connection',
      name: 'Add Tags to Virtual Connection',
      description: 'Adds tags to a virtual connection.',
      method: 'PUT',
      path: `${base}/{virtual-connection-id}/tags`,
      minVersion: '3.23',
      body: jsonBody(
        'tags',
        { tags: { tag: [{ label: 'warehouse' }] } },
        { required: { tags: ['tag'] } },
      ),
    },
    {
      id: 'delete-tag-from-virtual-connection',
      name: 'Delete Tag from Virtual Connection',
      description: 'Removes one tag from a virtual connection.',
      method: 'DELETE',
      path: `${base}/{virtual-connection-id}/tags/{tag-name}`,
      minVersion: '3.23',
    },
  ],
);
