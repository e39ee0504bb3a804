import { isoSeconds } from '../data/dates';
import { el } from '../format/element';
import { siteScope } from '../http/authenticate';
import { errors } from '../errors';
import { MIME } from '../format/file-bytes';
import { packagedDatasource, packagedWorkbook } from '../format/packaged-files';
import { file, NO_CONTENT, type RequestContext, type Route } from '../http/route';
import { paginatedList } from '../query/list-query';
import { notFound, requireItem } from './common';
import { publishedFileName, publishedRevisions } from './published-files';

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

function revisionElement(r: Revision & { deleted?: boolean }) {
  return el(
    'revision',
    {
      publishedAt: r.publishedAt,
      revisionNumber: r.revisionNumber,
      deleted: r.deleted ?? false,
      current: r.current,
    },
    [el('publisher', { id: r.publisherId, name: r.publisherName })],
  );
}

type Kind = 'workbook' | 'datasource';

/** The item's revisions, removed ones marked `deleted` (they stay listed, as on Tableau). */
function revisionsFor(ctx: RequestContext, kind: Kind) {
  const { content } = siteScope(ctx);
  const item =
    kind === 'workbook'
      ? requireItem(content.workbooks, ctx.params.itemId, 'workbook')
      : requireItem(content.datasources, ctx.params.itemId, 'datasource');
  const publisher = content.users.get(item.ownerId)?.name ?? '';
  const removed = content.extras.removedRevisions;
  // An item published here lists the revisions it was published as.
  const published = publishedRevisions(content, kind, item.id);
  const listed = published
    ? published.map((r, i) => ({
        id: `${item.id}:${r.number}`,
        revisionNumber: r.number,
        publishedAt: r.publishedAt,
        current: i === published.length - 1,
        publisherId: r.publisherId,
        publisherName: content.users.get(r.publisherId)?.name ?? '',
      }))
    : revisionsOf(item, publisher);
  const revisions = listed.map((r) => ({
    ...r,
    deleted: removed.has(`${kind}:${r.id}`),
  }));
  return { content, item, revisions };
}

/** The live (not removed) revision named by `:revisionNumber`, or 404. */
function findRevision(ctx: RequestContext, kind: Kind) {
  const found = revisionsFor(ctx, kind);
  const n = ctx.params.revisionNumber;
  const revision = found.revisions.find((r) => String(r.revisionNumber) === n && !r.deleted);
  if (!revision) throw notFound('revision', n);
  return { ...found, revision };
}

function kindRoutes(kind: Kind): Route[] {
  const base = `/sites/:siteId/${kind}s/:itemId/revisions`;
  return [
    {
      method: 'GET',
      path: base,
      auth: 'site',
      minVersion: '2.3',
      handler: (ctx) =>
        paginatedList(
          ctx.query,
          { items: revisionsFor(ctx, kind).revisions },
          {},
          'revisions',
          revisionElement,
        ),
    },
    {
      method: 'GET',
      path: `${base}/:revisionNumber/content`,
      auth: 'site',
      minVersion: '2.3',
      handler: (ctx) => {
        const { content, item, revision } = findRevision(ctx, kind);
        const kept = publishedRevisions(content, kind, item.id)?.find(
          (r) => r.number === revision.revisionNumber,
        );
        if (kept)
          return file(
            kept.file,
            MIME.zip,
            publishedFileName(item.name, kept.extension, `_${revision.revisionNumber}`),
          );
        const packaged = {
          name: item.name,
          sheets:
            kind === 'workbook' && 'viewIds' in item
              ? item.viewIds.flatMap((id) => content.views.get(id)?.name ?? [])
              : [],
          connections: item.connections,
          extract: item.hasExtracts && ctx.query.get('includeExtract') !== 'false',
        };
        const name = `${item.name.replace(/[\\/:*?"<>|]+/g, '_')}_${revision.revisionNumber}`;
        return kind === 'workbook'
          ? file(packagedWorkbook(packaged), MIME.zip, `${name}.twbx`)
          : file(packagedDatasource(packaged), MIME.zip, `${name}.tdsx`);
      },
    },
    {
      method: 'DELETE',
      path: `${base}/:revisionNumber`,
      auth: 'site',
      minVersion: '2.3',
      handler: (ctx) => {
        const { content, revision } = findRevision(ctx, kind);
        if (revision.current) {
          throw errors.badRequest(
            'The current revision cannot be removed; publish a new one first.',
          );
        }
        content.extras.removedRevisions.add(`${kind}:${revision.id}`);
        return NO_CONTENT;
      },
    },
  ];
}

/** Get, download and remove Workbook/Data Source Revisions (2.3+); the list is paginated. */
export const revisionRoutes: Route[] = [...kindRoutes('workbook'), ...kindRoutes('datasource')];
