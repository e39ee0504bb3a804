import type { View } from '../data/model';
import type { SiteContent } from '../data/site-content';
import { el, type Element } from '../format/element';
import { siteScope } from '../http/authenticate';
import { ok, type Route } from '../http/route';
import type { FieldMode } from '../query/fields';
import type { FieldSpecs } from '../query/filter-sort';
import { paginatedList } from '../query/list-query';
import { ownerElement, requireItem, tagsElement } from './common';

/** A view inside a workbook's view list (`workbook_populate_views*.xml`). */
export function viewSummary(view: View, usage: boolean): Element {
  return el(
    'view',
    { id: view.id, name: view.name, contentUrl: view.contentUrl },
    usage ? [el('usage', { totalViewCount: view.totalViewCount })] : [],
  );
}

/** `view_get.xml` by default; `_all_` as in `view_get_all_fields.xml`. */
export function viewRenderer(content: SiteContent, usage: boolean) {
  return (view: View, mode: FieldMode): Element => {
    const attrs: Element['attrs'] = {
      id: view.id,
      name: view.name,
      contentUrl: view.contentUrl,
      createdAt: view.createdAt,
      updatedAt: view.updatedAt,
      sheetType: view.sheetType,
      viewUrlName: view.viewUrlName,
    };
    const children: Element[] = [];
    if (mode === 'all') {
      attrs.favoritesTotal = view.favoritesTotal;
      const wb = content.workbooks.get(view.workbookId);
      children.push(
        el(
          'workbook',
          {
            id: view.workbookId,
            name: wb?.name,
            contentUrl: wb?.contentUrl,
            showTabs: wb?.showTabs,
            size: wb?.size,
            createdAt: wb?.createdAt,
            updatedAt: wb?.updatedAt,
            sheetCount: wb?.sheetCount,
            hasExtracts: wb?.hasExtracts,
          },
          [tagsElement(wb?.tags ?? [])],
        ),
      );
      const project = content.projects.get(view.projectId);
      children.push(
        ownerElement(content, view.ownerId, 'all'),
        el('project', {
          id: view.projectId,
          name: project?.name,
          description: project?.description ?? '',
        }),
        tagsElement(view.tags),
        el('usage', { totalViewCount: view.totalViewCount }),
        el('location', { id: view.projectId, type: 'Project' }),
      );
    } else {
      children.push(
        el('workbook', { id: view.workbookId }),
        ownerElement(content, view.ownerId, 'default'),
        el('project', { id: view.projectId }),
        tagsElement(view.tags),
      );
      if (usage) children.push(el('usage', { totalViewCount: view.totalViewCount }));
    }
    return el('view', attrs, children);
  };
}

export const VIEW_FIELDS = (content: SiteContent): FieldSpecs<View> => ({
  id: { type: 'string', get: (v) => v.id },
  luid: { type: 'string', get: (v) => v.id },
  name: { type: 'string', get: (v) => v.name },
  caption: { type: 'string', get: (v) => v.name },
  contentUrl: { type: 'string', get: (v) => v.contentUrl },
  viewUrlName: { type: 'string', get: (v) => v.viewUrlName },
  sheetType: { type: 'string', get: (v) => v.sheetType },
  createdAt: { type: 'date', get: (v) => v.createdAt },
  updatedAt: { type: 'date', get: (v) => v.updatedAt },
  ownerName: { type: 'string', get: (v) => content.users.get(v.ownerId)?.name },
  ownerEmail: { type: 'string', get: (v) => content.users.get(v.ownerId)?.email },
  projectName: { type: 'string', get: (v) => content.projects.get(v.projectId)?.name },
  workbookName: { type: 'string', get: (v) => content.workbooks.get(v.workbookId)?.name },
  workbookId: { type: 'string', get: (v) => v.workbookId, sort: false },
  tags: { type: 'tags', get: (v) => v.tags },
  hitsTotal: { type: 'number', get: (v) => v.totalViewCount },
  favoritesTotal: { type: 'number', get: (v) => v.favoritesTotal },
});

export const viewRoutes: Route[] = [
  {
    method: 'GET',
    path: '/sites/:siteId/views',
    auth: 'site',
    minVersion: '2.2',
    handler: (ctx) => {
      const { content } = siteScope(ctx);
      const usage = ctx.query.get('includeUsageStatistics') === 'true';
      const views = content.views;
      return paginatedList(
        ctx.query,
        { items: views.all(), cache: { collection: views, key: 'views' } },
        VIEW_FIELDS(content),
        'views',
        viewRenderer(content, usage),
      );
    },
  },
  {
    method: 'GET',
    path: '/sites/:siteId/views/:viewId',
    auth: 'site',
    minVersion: '3.0',
    handler: (ctx) => {
      const { content } = siteScope(ctx);
      const view = requireItem(content.views, ctx.params.viewId, 'view');
      const usage = ctx.query.get('includeUsageStatistics') === 'true';
      return ok([viewRenderer(content, usage)(view, 'default')]);
    },
  },
];
