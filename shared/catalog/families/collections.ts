import { exampleLuid, freeJsonBody, jsonBody } from '../bodies';
import { definePresets, referenceRoot, type PresetInput } from '../define';
import { filterParam, sortParam } from '../query-params';

/**
 * Collections (REST API 3.28). Tableau's "What's New in the REST API" lists, under REST API 3.28
 * (Tableau Cloud February 2026), the Collections Methods and "Permissions methods for collections"
 * (add, list, delete). The Collections Methods reference page (rest_api_ref_collections.htm) was
 * read only as far as its overview: it lists the methods by what they do (list, create, delete,
 * get, create/delete items, batch update, list items, transfer ownership) and documents
 * `filter`/`sort`, but its per-method URI, name and version lines could not be read. Neither TSC,
 * Tableau's Migration SDK (which only reads collection favorites) nor tableau-mcp calls these
 * endpoints. Paths below come from two independent third-party clients (a Tableau Cloud user
 * migration tool and an integration spec), which agree that collections and their items live
 * under the versionless `/api/-/collections` and speak JSON, and that collection permissions are
 * the classic XML `…/sites/{site-id}/collections/{collection-id}/permissions`.
 *
 * Not added, because no source gives their verb or path: Delete Collection Items, the batch
 * update of collection properties, and the transfer of collection ownership.
 */

/** Method headings of the reference page were not read, so link the page itself. */
const page = `${referenceRoot}rest_api_ref_collections.htm`;

const versionNote =
  'Version 3.28 is the What’s New entry for Collections Methods (REST API 3.28, Tableau Cloud February 2026); this method’s own version line and Tableau Server availability were not read.';

const jsonPathNote = `The reference page confirms the method exists but its URI block could not be read; the versionless JSON path is from two third-party clients (not Tableau’s), so treat the path, the name and the body as unconfirmed. ${versionNote}`;

const inferredNote = `The reference page confirms the method exists but its URI block could not be read, and only one third-party client (a user migration tool) uses this path; the name is the catalog’s own. ${versionNote}`;

const permissionsNote = `What’s New (3.28) confirms add, list and delete permissions for collections, and the 3.29 XSD allows a collection element in permissionsType; the path is from a third-party migration tool, not from the reference, whose URI block could not be read. The name follows the catalog’s other permission presets. ${versionNote}`;

const filterSortNote =
  'The reference overview documents filter (type, ownerLuid, visibility, createdTime, updatedTime, modifiedTime, siteId…) and sort options for GET methods; paging parameters and the response list key were not read, so the preset is not marked paginated.';

const collectionFilter = {
  ...filterParam,
  description:
    'Filter expressions, e.g. visibility:eq:public or ownerLuid:eq:<luid>; fields per the reference overview: type, ownerLuid, visibility, createdTime, updatedTime, modifiedTime, siteId.',
};

const grantee = (kind: 'users' | 'groups'): PresetInput => {
  const param = kind === 'users' ? 'user-id' : 'group-id';
  const label = kind === 'users' ? 'User' : 'Group';
  return {
    id: `delete-collection-permission-for-${label.toLowerCase()}`,
    name: `Delete Collection Permission for ${label}`,
    description: `Removes one capability rule of a ${label.toLowerCase()} from a collection.`,
    method: 'DELETE',
    path: `/sites/{site-id}/collections/{collection-id}/permissions/${kind}/{${param}}/{capability-name}/{capability-mode}`,
    minVersion: '3.28',
    docUrl: page,
    sourceNote: `What’s New (3.28) confirms a delete-permissions method for collections, but no source gives its URI: this path is inferred from the permission-delete pattern of every other content type (a third-party migration tool applies that pattern to collections). ${versionNote}`,
  };
};

export const collectionPresets = definePresets(
  { family: 'collections', prefix: 'collections', page: 'rest_api_ref_collections.htm' },
  [
    {
      id: 'list-collections',
      name: 'List Collections',
      description: 'Lists the collections the signed-in user can see (JSON).',
      method: 'GET',
      path: '/api/-/collections',
      minVersion: '3.28',
      query: [collectionFilter, sortParam],
      docUrl: page,
      sourceNote: `${jsonPathNote} ${filterSortNote}`,
    },
    {
      id: 'create-collection',
      name: 'Create Collection',
      description: 'Creates a collection owned by the signed-in user (JSON).',
      method: 'POST',
      path: '/api/-/collections',
      minVersion: '3.28',
      docUrl: page,
      sourceNote: jsonPathNote,
      body: freeJsonBody(
        { name: 'Quarterly review', description: 'Dashboards for the quarterly review' },
        {
          type: 'object',
          properties: { name: { type: 'string' }, description: { type: 'string' } },
          required: ['name'],
        },
        'Not in the XSD: the JSON shape ({ name, description }) is from third-party clients, not from Tableau’s reference.',
      ),
    },
    {
      id: 'get-collection',
      name: 'Get Collection',
      description: 'Gets the details of one collection the signed-in user can see (JSON).',
      method: 'GET',
      path: '/api/-/collections/{collection-id}',
      minVersion: '3.28',
      docUrl: page,
      sourceNote: inferredNote,
    },
    {
      id: 'delete-collection',
      name: 'Delete Collection',
      description: 'Deletes a collection; the items in it are not deleted.',
      method: 'DELETE',
      path: '/api/-/collections/{collection-id}',
      minVersion: '3.28',
      docUrl: page,
      sourceNote: jsonPathNote,
    },
    {
      id: 'list-collection-items',
      name: 'List Collection Items',
      description:
        'Lists the items of a collection that the signed-in user has permission to see (JSON).',
      method: 'GET',
      path: '/api/-/collections/{collection-id}/items',
      minVersion: '3.28',
      query: [collectionFilter, sortParam],
      docUrl: page,
      sourceNote: `${jsonPathNote} ${filterSortNote}`,
    },
    {
      id: 'create-collection-items',
      name: 'Create Collection Items',
      description: 'Adds content items (workbooks, views, data sources…) to a collection (JSON).',
      method: 'POST',
      path: '/api/-/collections/{collection-id}/items',
      minVersion: '3.28',
      docUrl: page,
      sourceNote: jsonPathNote,
      body: freeJsonBody(
        { items: [{ type: 'workbook', content: { id: exampleLuid } }] },
        {
          type: 'object',
          properties: {
            items: {
              type: 'array',
              minItems: 1,
              items: {
                type: 'object',
                properties: {
                  type: { type: 'string' },
                  content: {
                    type: 'object',
                    properties: { id: { type: 'string' } },
                    required: ['id'],
                  },
                },
                required: ['type', 'content'],
              },
            },
          },
          required: ['items'],
        },
        'Not in the XSD: the shape { items: [{ type, content: { id } }] } is from a third-party migration tool, not from Tableau’s reference; item type values are not confirmed.',
      ),
    },
    {
      id: 'query-collection-permissions',
      name: 'List Collection Permissions',
      description: 'Lists the permission rules set on a collection.',
      method: 'GET',
      path: '/sites/{site-id}/collections/{collection-id}/permissions',
      minVersion: '3.28',
      docUrl: page,
      sourceNote: permissionsNote,
    },
    {
      id: 'add-collection-permissions',
      name: 'Add Collection Permissions',
      description: 'Adds capability rules for users or groups to a collection.',
      method: 'PUT',
      path: '/sites/{site-id}/collections/{collection-id}/permissions',
      minVersion: '3.28',
      docUrl: page,
      sourceNote: permissionsNote,
      body: jsonBody(
        'permissions',
        {
          permissions: {
            collection: { id: exampleLuid },
            granteeCapabilities: [
              {
                group: { id: exampleLuid },
                capabilities: { capability: [{ name: 'Read', mode: 'Allow' }] },
              },
            ],
          },
        },
        { required: { permissions: ['granteeCapabilities'] } },
      ),
    },
    grantee('users'),
    grantee('groups'),
  ],
);
