/**
 * Organize Favorites (3.8, `PUT /sites/{id}/orderFavorites/{user-id}`) and Delete Metric
 * from Favorites: the sandbox models no metrics, so no metric can be a favorite and the
 * delete answers the favorite's not-found error.
 */
import type { ContentKind } from '../data/model';
import { errors } from '../errors';
import { siteScope } from '../http/authenticate';
import { child, many, str } from '../http/request-body';
import { NO_CONTENT, type Route } from '../http/route';
import { notFound, requireItem } from './common';

export const favoriteOrderRoutes: Route[] = [
  {
    method: 'PUT',
    path: '/sites/:siteId/orderFavorites/:userId',
    auth: 'site',
    minVersion: '3.8',
    handler: (ctx) => {
      const { content } = siteScope(ctx);
      const user = requireItem(content.users, ctx.params.userId, 'user');
      const orderings = many(child(ctx.body, 'favoriteOrderings'), 'favoriteOrdering');
      if (orderings.length === 0) {
        throw errors.malformedBody(
          'Organize Favorites needs <favoriteOrderings> with at least one <favoriteOrdering>.',
        );
      }
      const favorites = content.favorites.get(user.id) ?? [];
      const find = (id: string | undefined, type: string | undefined) => {
        const kind = type?.toLowerCase() as ContentKind | undefined;
        const index = favorites.findIndex((f) => f.id === id?.toLowerCase() && f.kind === kind);
        if (index < 0) throw notFound('favorite', id ?? '');
        return index;
      };
      for (const o of orderings) {
        const from = find(str(o, 'favoriteId'), str(o, 'favoriteType'));
        const [moved] = favorites.splice(from, 1);
        try {
          const after = find(str(o, 'favoriteIdMoveAfter'), str(o, 'favoriteTypeMoveAfter'));
          favorites.splice(after + 1, 0, moved);
        } catch (error) {
          favorites.splice(from, 0, moved);
          throw error;
        }
      }
      return NO_CONTENT;
    },
  },
  {
    method: 'DELETE',
    path: '/sites/:siteId/favorites/:userId/metrics/:metricId',
    auth: 'site',
    minVersion: '3.9',
    handler: (ctx) => {
      const { content } = siteScope(ctx);
      requireItem(content.users, ctx.params.userId, 'user');
      throw notFound('favorite', ctx.params.metricId);
    },
  },
];
