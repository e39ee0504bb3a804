import { exampleLuid, jsonBody } from '../bodies';
import { definePresets, type PresetInput } from '../define';
import { pagination } from '../query-params';

const deletable: {
  segment: string;
  param: string;
  label: string;
  minVersion: string;
  removedIn?: string;
  sourceNote?: string;
}[] = [
  { segment: 'workbooks', param: 'workbook-id', label: 'Workbook', minVersion: '2.0' },
  { segment: 'views', param: 'view-id', label: 'View', minVersion: '2.0' },
  { segment: 'datasources', param: 'datasource-id', label: 'Data Source', minVersion: '2.3' },
  { segment: 'projects', param: 'project-id', label: 'Project', minVersion: '3.1' },
  { segment: 'flows', param: 'flow-id', label: 'Flow', minVersion: '3.3' },
  {
    segment: 'metrics',
    param: 'metric-id',
    label: 'Metric',
    minVersion: '3.15',
    removedIn: '3.23',
    sourceNote:
      'Only TSC has this method: favorites.delete_favorite_metric, DELETE …/favorites/{user-id}/metrics/{metric-id}, gated at 3.15, which the catalog now uses (the first pass had 3.9, when metrics arrived). Tableau’s Favorites reference lists only data sources, projects, views, workbooks and flows, and tabbycat has no metric favorites, so the name is the catalog’s own.',
  },
  {
    segment: 'collections',
    param: 'collection-id',
    label: 'Collection',
    minVersion: '3.28',
    sourceNote:
      'Path from Tableau’s Migration SDK (FavoritesApiClient maps FavoriteContentType.Collection to the collections segment of DELETE …/favorites/{user-id}/{type}/{id}); the 3.29 XSD lists collection in favoriteTypeType. Tableau’s Favorites reference was not seen to document it, and TSC has no method for it, so the name is the catalog’s own. Version 3.28 is when collections arrived in the REST API (What’s New); the first version that accepts collection favorites is not stated anywhere read.',
  },
];

export const favoritePresets = definePresets(
  { family: 'favorites', prefix: 'favorites', page: 'rest_api_ref_favorites.htm' },
  [
    {
      id: 'add-to-favorites',
      name: 'Add Workbook, View, Data Source, Project, Flow or Metric to Favorites',
      description:
        'Adds one item to a user’s favorites under a label. Tableau documents one method per content type; they share this path and differ only in the body. A collection (API 3.28+) goes in a collection element: { favorite: { label, collection: { id } } }.',
      method: 'PUT',
      path: '/sites/{site-id}/favorites/{user-id}',
      minVersion: '2.0',
      userIsSelf: true,
      anchor: 'add_workbook_to_favorites',
      sourceNote:
        'Collection favorites are not in Tableau’s Favorites reference as read: Tableau’s Migration SDK (AddFavoriteRequest) sends <favorite label><collection id/></favorite> to this path, and the 3.29 XSD allows collection in favoriteType. Their first version is not stated; collections arrived in 3.28.',
      body: jsonBody(
        'favorite',
        { favorite: { label: 'Sales overview', workbook: { id: exampleLuid } } },
        { required: { favorite: ['label'] } },
      ),
    },
    {
      id: 'get-favorites-for-user',
      name: 'Get Favorites for User',
      description: 'Lists a user’s favorites.',
      method: 'GET',
      path: '/sites/{site-id}/favorites/{user-id}',
      minVersion: '2.5',
      userIsSelf: true,
      query: pagination,
      paginated: true,
      listPath: 'favorites.favorite',
      sourceNote:
        'Sources disagree on paging. Tableau’s Migration SDK (FavoritesApiClient) sends pageNumber/pageSize and reads a paged result, so the catalog marks it paginated. tabbycat (reference up to about 3.16) gives no query parameters, and TSC favorites.get reads no <pagination>. Paging may be a later addition, from an unknown version.',
    },
    {
      id: 'organize-favorites',
      name: 'Organize Favorites',
      description: 'Reorders a user’s favorites: each entry moves one favorite after another.',
      method: 'PUT',
      path: '/sites/{site-id}/orderFavorites/{user-id}',
      minVersion: '3.8',
      userIsSelf: true,
      body: jsonBody('favoriteOrderings', {
        favoriteOrderings: {
          favoriteOrdering: [
            {
              favoriteId: exampleLuid,
              favoriteType: 'workbook',
              favoriteIdMoveAfter: exampleLuid,
              favoriteTypeMoveAfter: 'view',
            },
          ],
        },
      }),
    },
    ...deletable.map((item): PresetInput => ({
      id: `delete-${item.segment}-from-favorites`,
      name: `Delete ${item.label} from Favorites`,
      description: `Removes a ${item.label.toLowerCase()} from a user’s favorites.`,
      method: 'DELETE',
      path: `/sites/{site-id}/favorites/{user-id}/${item.segment}/{${item.param}}`,
      minVersion: item.minVersion,
      userIsSelf: true,
      ...(item.removedIn ? { removedIn: item.removedIn } : {}),
      ...(item.sourceNote ? { sourceNote: item.sourceNote } : {}),
    })),
  ],
);
