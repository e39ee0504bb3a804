import { isoSeconds } from '../data/dates';
import { el } from '../format/element';
import { siteScope } from '../http/authenticate';
import type { Route } from '../http/route';
import { paginatedList } from '../query/list-query';
import { requireItem } from './common';

interface Revision {
  id: string;
  revisionNumber: number;
  publishedAt: string;
  current: boolean;
  publisherId: string;
  publisherName: string;
}

/** 1–4 revisions per item, spread from its creation to its last update (`workbook_revision.xml`). */
function revisionsOf(
  item: { id: string; createdAt: string; updatedAt: string; ownerId: string },
  publisherName: string,
): Revision[] {
  const count = 1 + (parseInt(item.id.slice(0, 2), 16) % 4);
  const from = Date.parse(item.createdAt);
  const to = Date.parse(item.updatedAt);
  return Array.from({ length: count }, (_, i) => ({
    id: `${item.id}:${i + 1}`,
    revisionNumber: i + 1,
    publishedAt: isoSeconds(count === 1 ? to : from + ((to - from) * i) / (count - 1)),
    current: i === count - 1,
    publisherId: item.ownerId,
    publisherName,
  }));
}

function revisionElement(r: Revision) {
  return el(
    'revision',
    {
      publishedAt: r.publishedAt,
      revisionNumber: r.revisionNumber,
      deleted: false,
      current: r.current,
    },
    [el('publisher', { id: r.publisherId, name: r.publisherName })],
  );
}

/** Get Workbook/Data Source Revisions (2.3+), paginated. */
export const revisionRoutes: Route[] = (['workbook', 'datasource'] as const).map((kind): Route => ({
  method: 'GET',
  path: `/sites/:siteId/${kind}s/:itemId/revisions`,
  auth: 'site',
  handler: (ctx) => {
    const { content } = siteScope(ctx);
    const item =
      kind === 'workbook'
        ? requireItem(content.workbooks, ctx.params.itemId, 'workbook')
        : requireItem(content.datasources, ctx.params.itemId, 'datasource');
    const publisher = content.users.get(item.ownerId)?.name ?? '';
    return paginatedList(
      ctx.query,
      { items: revisionsOf(item, publisher) },
      {},
      'revisions',
      revisionElement,
    );
  },
}));
