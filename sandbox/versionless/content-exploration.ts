/**
 * Content exploration (versionless): Get Content Search Results (3.16; the `hits` page and
 * item fields tableau-mcp parses: uri, content.type/luid/title/owner…/hitsTotal…), Get Content
 * Suggestions (3.19) and usage statistics (3.22). Views carry their real view counts; other
 * items count the views of what they contain. The suggestion and usage-statistics answers
 * are the sandbox's own reading of the reference (no capture was available).
 */
import { crc32 } from 'node:zlib';
import type { SiteContent } from '../data/site-content';
import { errors } from '../errors';
import { json, type JsonBody, type VersionlessContext, type VersionlessRoute } from './route';

interface Hit {
  type: string;
  luid: string;
  title: string;
  ownerId: string;
  projectId?: string;
  modifiedTime: string;
  createdTime: string;
  tags: string[];
  hitsTotal: number;
  favoritesTotal: number;
}

function hits(content: SiteContent): Hit[] {
  const viewsOf = new Map<string, number>();
  for (const view of content.views.all()) {
    viewsOf.set(view.workbookId, (viewsOf.get(view.workbookId) ?? 0) + view.totalViewCount);
  }
  return [
    ...content.workbooks.all().map((w) => ({
      type: 'workbook',
      luid: w.id,
      title: w.name,
      ownerId: w.ownerId,
      projectId: w.projectId,
      modifiedTime: w.updatedAt,
      createdTime: w.createdAt,
      tags: w.tags,
      hitsTotal: viewsOf.get(w.id) ?? 0,
      favoritesTotal: 0,
    })),
    ...content.views.all().map((v) => ({
      type: 'view',
      luid: v.id,
      title: v.name,
      ownerId: v.ownerId,
      projectId: v.projectId,
      modifiedTime: v.updatedAt,
      createdTime: v.createdAt,
      tags: v.tags,
      hitsTotal: v.totalViewCount,
      favoritesTotal: v.favoritesTotal,
    })),
    ...content.datasources.all().map((d) => ({
      type: 'datasource',
      luid: d.id,
      title: d.name,
      ownerId: d.ownerId,
      projectId: d.projectId,
      modifiedTime: d.updatedAt,
      createdTime: d.createdAt,
      tags: d.tags,
      hitsTotal: crc32(d.id) % 500,
      favoritesTotal: 0,
    })),
    ...content.flows.all().map((f) => ({
      type: 'flow',
      luid: f.id,
      title: f.name,
      ownerId: f.ownerId,
      projectId: f.projectId,
      modifiedTime: f.updatedAt,
      createdTime: f.createdAt,
      tags: f.tags,
      hitsTotal: 0,
      favoritesTotal: 0,
    })),
    ...content.projects.all().map((p) => ({
      type: 'project',
      luid: p.id,
      title: p.name,
      ownerId: p.ownerId,
      modifiedTime: p.updatedAt,
      createdTime: p.createdAt,
      tags: [],
      hitsTotal: 0,
      favoritesTotal: 0,
    })),
  ];
}

function render(content: SiteContent, hit: Hit) {
  const owner = content.users.get(hit.ownerId);
  const project = hit.projectId ? content.projects.get(hit.projectId) : undefined;
  const spans = {
    small: Math.floor(hit.hitsTotal / 20),
    medium: Math.floor(hit.hitsTotal / 6),
    large: Math.floor(hit.hitsTotal / 3),
  };
  return {
    uri: `tableau:${hit.type}:${hit.luid}`,
    content: {
      type: hit.type,
      luid: hit.luid,
      title: hit.title,
      ownerName: owner?.fullName,
      ownerEmail: owner?.email,
      projectName: project?.name,
      containerName: project?.name,
      hitsTotal: hit.hitsTotal,
      hitsSmallSpanTotal: spans.small,
      hitsMediumSpanTotal: spans.medium,
      hitsLargeSpanTotal: spans.large,
      favoritesTotal: hit.favoritesTotal,
      modifiedTime: hit.modifiedTime,
      createdTime: hit.createdTime,
      tags: hit.tags,
    },
  };
}

const ORDER_FIELDS = new Set([
  'hitsTotal',
  'hitsSmallSpanTotal',
  'hitsMediumSpanTotal',
  'hitsLargeSpanTotal',
]);

function search(ctx: VersionlessContext, terms: string) {
  const words = terms.toLowerCase().split(/\s+/).filter(Boolean);
  let found = hits(ctx.content).filter((h) =>
    words.every((w) => h.title.toLowerCase().includes(w)),
  );
  const filter = ctx.query.get('filter');
  if (filter) {
    const type = /^type:(eq|in):\[?([a-z,]+)\]?$/.exec(filter);
    if (!type)
      throw errors.invalidFilter(`The filter '${filter}' is not valid; use type:eq:workbook.`);
    const types = new Set(type[2].split(','));
    found = found.filter((h) => types.has(h.type));
  }
  const order = ctx.query.get('order_by');
  if (order) {
    const [field, direction = 'asc'] = order.split(',')[0].split(':');
    if (!ORDER_FIELDS.has(field)) throw errors.badRequest(`Cannot order by '${field}'.`);
    const sign = direction === 'desc' ? -1 : 1;
    found = [...found].sort((a, b) => sign * (a.hitsTotal - b.hitsTotal));
  }
  return found;
}

function int(ctx: VersionlessContext, name: string, fallback: number, max: number): number {
  const text = ctx.query.get(name);
  if (text === null) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw errors.badRequest(`'${name}' must be a whole number from 0 to ${max}.`);
  }
  return value;
}

function usage(ctx: VersionlessContext, type: string, luid: string) {
  const hit = hits(ctx.content).find(
    (h) => h.type === type.toLowerCase() && h.luid === luid.toLowerCase(),
  );
  if (!hit) throw errors.notFound('404002', 'Content', `${type}/${luid}`);
  return {
    type: hit.type,
    luid: hit.luid,
    hitsTotal: hit.hitsTotal,
    hitsLastOneMonthTotal: Math.floor(hit.hitsTotal / 12),
    hitsLastThreeMonthsTotal: Math.floor(hit.hitsTotal / 4),
    hitsLastTwelveMonthsTotal: hit.hitsTotal,
  };
}

export const contentExplorationRoutes: VersionlessRoute[] = [
  {
    method: 'GET',
    path: '/search',
    minVersion: '3.16',
    handler: (ctx) => {
      const page = int(ctx, 'page', 0, 100_000);
      const limit = int(ctx, 'limit', 10, 2000) || 10;
      const found = search(ctx, ctx.query.get('terms') ?? '');
      const start = page * limit;
      const link = (p: number) =>
        `/api/-/search?terms=${encodeURIComponent(ctx.query.get('terms') ?? '')}&page=${p}&limit=${limit}`;
      return json({
        hits: {
          next: start + limit < found.length ? link(page + 1) : '',
          prev: page > 0 ? link(page - 1) : '',
          pageIndex: page,
          startIndex: start,
          total: found.length,
          limit,
          items: found.slice(start, start + limit).map((h) => render(ctx.content, h)),
        },
      });
    },
  },
  {
    method: 'GET',
    path: '/suggestions',
    minVersion: '3.19',
    handler: (ctx) => {
      const terms = ctx.query.get('terms');
      if (!terms) throw errors.badRequest("Content suggestions need 'terms'.");
      const limit = int(ctx, 'limit', 5, 100) || 5;
      const found = search(ctx, terms).slice(0, limit);
      return json({
        suggestions: found.map((h) => ({ type: h.type, luid: h.luid, title: h.title })),
      });
    },
  },
  {
    method: 'GET',
    path: '/content/usage-stats/:type/:luid',
    minVersion: '3.22',
    handler: (ctx) => json(usage(ctx, ctx.params.type, ctx.params.luid)),
  },
  {
    method: 'POST',
    path: '/content/usage-stats',
    minVersion: '3.22',
    handler: (ctx) => {
      const items = ctx.body.content_items;
      if (!Array.isArray(items) || items.length === 0) {
        throw errors.malformedBody('The request needs content_items: [{type, luid}, …].');
      }
      return json({
        content_items: (items as JsonBody[]).map((item) =>
          usage(ctx, String(item.type ?? ''), String(item.luid ?? '')),
        ),
      });
    },
  },
];
