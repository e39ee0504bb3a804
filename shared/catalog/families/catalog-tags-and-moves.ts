/**
 * Tableau Catalog methods beyond query/update/remove: column tags, moving databases and tables
 * to a project, the database-and-tables lookup and a database's default table permissions.
 * Methods, verbs and paths come from Tableau's Postman collection (folder "Metadata", each
 * request linking its reference anchor); request elements from the 3.29 XSD.
 */
import { exampleLuid, freeJsonBody, jsonBody } from '../bodies';
import { definePresets } from '../define';

const catalogNote =
  'Method and path from Tableau’s Postman collection; the collection gives no version, so 3.9 (when Catalog tags and moves appeared alongside data quality warnings) is inferred, not read on the method page.';

const moveSchema = {
  type: 'object' as const,
  properties: {
    contentLocationRequest: {
      type: 'object' as const,
      properties: {
        location: {
          type: 'object' as const,
          properties: { id: { type: 'string' as const }, type: { type: 'string' as const } },
        },
        contentAction: {
          type: 'object' as const,
          properties: { action: { type: 'string' as const } },
        },
        resourceList: {
          type: 'object' as const,
          properties: {
            resource: {
              type: 'array' as const,
              items: {
                type: 'object' as const,
                properties: {
                  id: { type: 'string' as const },
                  contentType: { type: 'string' as const },
                },
              },
            },
          },
        },
      },
      required: ['resourceList'],
    },
  },
  required: ['contentLocationRequest'],
  additionalProperties: false,
};

function moveBody(contentType: string): ReturnType<typeof freeJsonBody> {
  return freeJsonBody(
    {
      contentLocationRequest: {
        location: { id: exampleLuid, type: 'Project' },
        contentAction: { action: 'Move' },
        resourceList: { resource: [{ id: exampleLuid, contentType }] },
      },
    },
    moveSchema,
    'The XSD defines contentLocationRequestType (location, contentAction, resourceList) without listing it under tsRequest, so this schema is written from that type.',
  );
}

const granteeRule = {
  permissions: {
    granteeCapabilities: [
      {
        group: { id: exampleLuid },
        capabilities: { capability: [{ name: 'Read', mode: 'Allow' }] },
      },
    ],
  },
};

export const catalogTagsAndMovesPresets = definePresets(
  { family: 'catalog', prefix: 'catalog', page: 'rest_api_ref_metadata.htm' },
  [
    {
      id: 'add-tags-to-column',
      name: 'Add Tags to Column',
      description: 'Adds tags to a column of a Catalog table.',
      method: 'PUT',
      path: '/sites/{site-id}/columns/{column-id}/tags',
      minVersion: '3.9',
      anchor: 'add_tags_column',
      sourceNote: catalogNote,
      body: jsonBody(
        'tags',
        { tags: { tag: [{ label: 'pii' }] } },
        { required: { tags: ['tag'] } },
      ),
    },
    {
      id: 'delete-tag-from-column',
      name: 'Delete Tag from Column',
      description: 'Removes one tag from a column.',
      method: 'DELETE',
      path: '/sites/{site-id}/columns/{column-id}/tags/{tag-name}',
      minVersion: '3.9',
      anchor: 'delete_tag_column',
      sourceNote: catalogNote,
    },
    {
      id: 'move-database',
      name: 'Move Database',
      description: 'Moves databases (and optionally their tables) into a project.',
      method: 'POST',
      path: '/sites/{site-id}/databases',
      minVersion: '3.9',
      sourceNote: catalogNote,
      body: moveBody('database'),
    },
    {
      id: 'move-table',
      name: 'Move Table',
      description: 'Moves tables into a project.',
      method: 'POST',
      path: '/sites/{site-id}/tables',
      minVersion: '3.9',
      sourceNote: catalogNote,
      body: moveBody('table'),
    },
    {
      id: 'get-databases-and-tables-from-connection',
      name: 'Get Databases and Tables from Connection',
      description:
        'Resolves a connection (base64 of its XML) to the Catalog databases and tables it reaches.',
      method: 'POST',
      path: '/sites/{site-id}/databaseAndTables/lookup',
      minVersion: '3.9',
      anchor: 'get_xml_databasestables',
      sourceNote: catalogNote,
      body: jsonBody('databaseAnchor', {
        databaseAnchor: {
          isArchived: false,
          datasourceName: 'Sales',
          connectionParams: { base64xml: 'PGNvbm5lY3Rpb24gLz4=' },
        },
      }),
    },
    {
      id: 'add-default-database-permissions',
      name: 'Add Default Database Permissions',
      description: 'Sets the permissions new tables of a database get.',
      method: 'PUT',
      path: '/sites/{site-id}/databases/{database-id}/default-permissions/tables',
      minVersion: '3.9',
      anchor: 'add_database_perms_default',
      sourceNote: catalogNote,
      body: jsonBody('permissions', granteeRule, {
        required: { permissions: ['granteeCapabilities'] },
      }),
    },
    {
      id: 'query-default-database-permissions',
      name: 'Query Default Database Permissions',
      description: 'The permissions new tables of a database get.',
      method: 'GET',
      path: '/sites/{site-id}/databases/{database-id}/default-permissions/tables',
      minVersion: '3.9',
      anchor: 'query_database_perms_default',
      sourceNote: catalogNote,
      listPath: 'permissions.granteeCapabilities',
    },
    {
      id: 'delete-default-database-permission-for-user',
      name: 'Delete Default Database Permissions for User',
      description: 'Removes one default table capability of a database from a user.',
      method: 'DELETE',
      path: '/sites/{site-id}/databases/{database-id}/default-permissions/tables/users/{user-id}/{capability-name}/{capability-mode}',
      minVersion: '3.9',
      anchor: 'delete_database_perms_default',
      sourceNote: catalogNote,
    },
    {
      id: 'delete-default-database-permission-for-group',
      name: 'Delete Default Database Permissions for Group',
      description: 'Removes one default table capability of a database from a group.',
      method: 'DELETE',
      path: '/sites/{site-id}/databases/{database-id}/default-permissions/tables/groups/{group-id}/{capability-name}/{capability-mode}',
      minVersion: '3.9',
      anchor: 'delete_database_perms_default',
      sourceNote: catalogNote,
    },
  ],
);
