import type { ContentKind, Favorite } from '../data/model';
import type { SiteContent } from '../data/site-content';
import { errors } from '../errors';
import { el, list, type Element } from '../format/element';
import { siteScope } from '../http/authenticate';
import { child, required, str } from '../http/request-body';
import { NO_CONTENT, ok, type Route } from '../http/route';
import { notFound, requireItem } from './common';
import { datasourceRenderer } from './datasources';
import { flowRenderer } from './flows';
import { projectRenderer } from './projects';
import { viewRenderer } from './views';
import { workbookRenderer } from './workbooks';

const KINDS: ContentKind[] = ['workbook', 'view', 'datasource', 'project', 'flow'];

function findContent(
  content: SiteContent,
  kind: ContentKind,
  id: string,
): { id: string } | undefined {
  const collections = {
    workbook: content.workbooks,
    view: content.views,
    datasource: content.datasources,
    project: content.projects,
    flow: content.flows,
  };
  return collections[kind].get(id);
}

function contentElement(content: SiteContent, favorite: Favorite): Element | undefined {
  switch (favorite.kind) {
    case 'workbook': {
      const wb = content.workbooks.get(favorite.id);
      return wb && workbookRenderer(content)(wb, 'default');
    }
    case 'view': {
      const view = content.views.get(favorite.id);
      return view && viewRenderer(content, false)(view, 'default');
    }
    case 'datasource': {
      const ds = content.datasources.get(favorite.id);
      return ds && datasourceRenderer(content)(ds, 'default');
    }
    case 'project': {
      const project = content.projects.get(favorite.id);
      return project && projectRenderer(content)(project, 'default');
    }
    case 'flow': {
      const flow = content.flows.get(favorite.id);
      return flow && flowRenderer(content)(flow, 'default');
    }
  }
}

function favoriteElement(content: SiteContent, favorite: Favorite): Element | undefined {
  const item = contentElement(content, favorite);
  // A favorite whose content was deleted disappears, as on Tableau.
  return item ? el('favorite', { label: favorite.label }, [item]) : undefined;
}

/** Get Favorites is a plain list in the capture (`favorites_get.xml` has no pagination). */
function favoritesReply(content: SiteContent, userId: string) {
  const favorites = content.favorites.get(userId) ?? [];
  return ok([
    list(
      'favorites',
      favorites.flatMap((f) => favoriteElement(content, f) ?? []),
    ),
  ]);
}

export const favoriteRoutes: Route[] = [
  {
    method: 'GET',
    path: '/sites/:siteId/favorites/:userId',
    auth: 'site',
    minVersion: '2.5',
    handler: (ctx) => {
      const { content } = siteScope(ctx);
      const user = requireItem(content.users, ctx.params.userId, 'user');
      return favoritesReply(content, user.id);
    },
  },
  {
    method: 'PUT',
    path: '/sites/:siteId/favorites/:userId',
    auth: 'site',
    minVersion: '2.5',
    handler: (ctx) => {
      const { content } = siteScope(ctx);
      const user = requireItem(content.users, ctx.params.userId, 'user');
      const body = required(ctx.body, 'favorite');
      const label = str(body, 'label');
      const kind = KINDS.find((k) => child(body, k));
      const id = kind && str(child(body, kind), 'id');
      if (!label || !kind || !id) {
        throw errors.malformedBody(
          "A favorite needs a 'label' and one workbook, view, datasource or project id.",
        );
      }
      const item = findContent(content, kind, id);
      if (!item) throw notFound(kind, id);
      const favorites = content.favorites.get(user.id) ?? [];
      // Adding an existing favorite again keeps one entry, with the new label.
      const existing = favorites.find((f) => f.kind === kind && f.id === item.id);
      if (existing) existing.label = label;
      else favorites.push({ label, kind, id: item.id });
      content.favorites.set(user.id, favorites);
      return favoritesReply(content, user.id);
    },
  },
  ...KINDS.map((kind): Route => ({
    method: 'DELETE',
    path: `/sites/:siteId/favorites/:userId/${kind}s/:itemId`,
    auth: 'site',
    minVersion: '2.5',
    handler: (ctx) => {
      const { content } = siteScope(ctx);
      const user = requireItem(content.users, ctx.params.userId, 'user');
      const favorites = content.favorites.get(user.id) ?? [];
      const index = favorites.findIndex(
        (f) => f.kind === kind && f.id === ctx.params.itemId.toLowerCase(),
      );
      if (index < 0) throw notFound('favorite', ctx.params.itemId);
      favorites.splice(index, 1);
      return NO_CONTENT;
    },
  })),
];
