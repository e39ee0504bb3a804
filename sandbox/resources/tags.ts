import { errors } from '../errors';
import { siteScope } from '../http/authenticate';
import { child, many, str } from '../http/request-body';
import { NO_CONTENT, ok, type RequestContext, type Route } from '../http/route';
import { requireItem, tagsElement } from './common';
import { batchTagRoutes } from './tags-batch';

export interface Tagged {
  item: { tags: string[] };
  touch: () => void;
}

export type TagKind = 'workbook' | 'view' | 'datasource' | 'flow';

function target(ctx: RequestContext, kind: TagKind, itemId = ctx.params.itemId): Tagged {
  const { content } = siteScope(ctx);
  const id = itemId;
  if (kind === 'workbook') {
    return {
      item: requireItem(content.workbooks, id, kind),
      touch: () => content.workbooks.touch(),
    };
  }
  if (kind === 'view') {
    return { item: requireItem(content.views, id, kind), touch: () => content.views.touch() };
  }
  if (kind === 'flow') {
    return { item: requireItem(content.flows, id, kind), touch: () => content.flows.touch() };
  }
  return {
    item: requireItem(content.datasources, id, kind),
    touch: () => content.datasources.touch(),
  };
}

/** Add Tags (`PUT …/tags`, 200 with the item's tags) and Delete Tag (`DELETE …/tags/{name}`, 204). */
export function itemTagRoutes(
  base: string,
  minVersion: string | undefined,
  find: (ctx: RequestContext) => Tagged,
): Route[] {
  return [
    {
      method: 'PUT',
      path: base,
      auth: 'site',
      minVersion,
      handler: (ctx) => {
        const { item, touch } = find(ctx);
        const labels = many(child(ctx.body, 'tags'), 'tag').map((t) => str(t, 'label'));
        if (labels.length === 0 || labels.some((l) => !l)) {
          throw errors.malformedBody("Add Tags needs <tags> with at least one <tag label='…'/>.");
        }
        for (const label of labels as string[])
          if (!item.tags.includes(label)) item.tags.push(label);
        touch();
        return ok([tagsElement(item.tags)]);
      },
    },
    {
      method: 'DELETE',
      path: `${base}/:tagName`,
      auth: 'site',
      minVersion,
      handler: (ctx) => {
        const { item, touch } = find(ctx);
        const index = item.tags.indexOf(ctx.params.tagName);
        if (index < 0) throw errors.notFound('404008', 'Tag', ctx.params.tagName);
        item.tags.splice(index, 1);
        touch();
        return NO_CONTENT;
      },
    },
  ];
}

function tagRoutes(kind: TagKind, minVersion?: string): Route[] {
  return itemTagRoutes(`/sites/:siteId/${kind}s/:itemId/tags`, minVersion, (ctx) =>
    target(ctx, kind),
  );
}

export const tagsRoutes: Route[] = [
  ...tagRoutes('workbook'),
  ...tagRoutes('view', '2.5'),
  ...tagRoutes('datasource'),
  ...tagRoutes('flow', '3.9'),
  ...batchTagRoutes(target),
];
