/**
 * Per-site extras: recently viewed content (3.5), embedding settings (3.16), the data
 * acceleration report (3.8, `data_acceleration_report.xml`) and view recommendations with
 * their dismissals (3.7).
 */
import { crc32 } from 'node:zlib';
import type { SiteContent } from '../data/site-content';
import { errors } from '../errors';
import { el, list, type Element } from '../format/element';
import { siteScope } from '../http/authenticate';
import { bool, child, many, str } from '../http/request-body';
import { NO_CONTENT, ok, type RequestContext, type Route } from '../http/route';
import { requireItem } from './common';
import { viewRenderer } from './views';
import { workbookRenderer } from './workbooks';

/** A stable pseudo-random slice of a list, different per user. */
function slice<T>(items: readonly T[], seed: string, count: number): T[] {
  if (items.length === 0) return [];
  const start = crc32(seed) % items.length;
  return Array.from(
    { length: Math.min(count, items.length) },
    (_, i) => items[(start + i * 7) % items.length],
  );
}

function recents(content: SiteContent, userId: string): Element[] {
  const views = slice(content.views.all(), `${userId}:v`, 8);
  const workbooks = slice(content.workbooks.all(), `${userId}:w`, 4);
  return [
    ...views.map((v) => el('recent', {}, [viewRenderer(content, false)(v, 'default')])),
    ...workbooks.map((w) => el('recent', {}, [workbookRenderer(content)(w, 'default')])),
  ];
}

function embeddingReply(content: SiteContent) {
  const { unrestrictedEmbedding, allowList } = content.extras.embedding;
  // `settings` repeats (XSD maxOccurs unbounded), so JSON gives an array, as the request sends.
  const settings = { ...el('settings', { unrestrictedEmbedding, allowList }), repeated: true };
  return ok([el('site', {}, [settings])]);
}

function checkRecommendationType(ctx: RequestContext): void {
  const type = ctx.query.get('type');
  if (type !== 'view') {
    throw errors.badRequest(`The recommendation type '${type ?? ''}' is not valid; use 'view'.`);
  }
}

const route = (
  method: Route['method'],
  path: string,
  minVersion: string,
  handler: Route['handler'],
): Route => ({ method, path: `/sites/:siteId${path}`, auth: 'site', minVersion, handler });

export const siteExtraRoutes: Route[] = [
  route('GET', '/content/recent', '3.5', (ctx) => {
    const { content, user } = siteScope(ctx);
    return ok([list('recents', recents(content, user.id))]);
  }),
  route('GET', '/settings/embedding', '3.16', (ctx) => embeddingReply(siteScope(ctx).content)),
  route('PUT', '/settings/embedding', '3.16', (ctx) => {
    const { content } = siteScope(ctx);
    const site = child(ctx.body, 'site');
    const settings = many(site, 'settings')[0];
    if (!settings)
      throw errors.malformedBody('The request body must contain <site><settings/></site>.');
    const unrestricted = bool(settings, 'unrestrictedEmbedding');
    const allowList = str(settings, 'allowList');
    if (unrestricted !== undefined) content.extras.embedding.unrestrictedEmbedding = unrestricted;
    if (allowList !== undefined) content.extras.embedding.allowList = allowList;
    return embeddingReply(content);
  }),
  route('GET', '/dataAccelerationReport', '3.8', (ctx) => {
    const { site, content } = siteScope(ctx);
    const records = slice(content.views.all(), site.id, 5).map((v) => {
      const k = crc32(v.id);
      return el('comparisonRecord', {
        site: site.contentUrl || site.name,
        sheetURI: v.contentUrl,
        unacceleratedSessionCount: k % 9,
        averageNonAcceleratedPLT: ((k % 300) / 100 + 0.5).toFixed(3),
        acceleratedSessionCount: (k >> 4) % 9,
        averageAcceleratedPLT: ((k % 50) / 100 + 0.1).toFixed(3),
      });
    });
    return ok([el('dataAccelerationReport', {}, records)]);
  }),
  route('GET', '/recommendations', '3.7', (ctx) => {
    checkRecommendationType(ctx);
    const { content, user } = siteScope(ctx);
    const dismissed = content.extras.dismissedRecommendations.get(user.id) ?? new Set<string>();
    const picks = slice(content.views.all(), `${user.id}:r`, 12).filter(
      (v) => !dismissed.has(v.id),
    );
    return ok([
      list(
        'recommendations',
        picks.map((v, i) =>
          el(
            'recommendation',
            { contentType: 'view', recommendedId: v.id, score: (0.95 - i * 0.05).toFixed(2) },
            [
              viewRenderer(content, false)(v, 'default'),
              el('explanation', { type: i % 2 ? 'similar_users' : 'popular' }),
            ],
          ),
        ),
      ),
    ]);
  }),
  route('PUT', '/recommendations/dismissals', '3.7', (ctx) => {
    const { content, user } = siteScope(ctx);
    const viewId = str(child(child(ctx.body, 'recommendationDismissal'), 'view'), 'id');
    if (!viewId)
      throw errors.malformedBody(
        'Hide a Recommendation needs <recommendationDismissal><view id/>.',
      );
    const view = requireItem(content.views, viewId, 'view');
    const dismissed = content.extras.dismissedRecommendations.get(user.id) ?? new Set<string>();
    dismissed.add(view.id);
    content.extras.dismissedRecommendations.set(user.id, dismissed);
    return NO_CONTENT;
  }),
  route('DELETE', '/recommendations/dismissals', '3.7', (ctx) => {
    checkRecommendationType(ctx);
    const { content, user } = siteScope(ctx);
    const id = ctx.query.get('id');
    if (!id) throw errors.badRequest("Unhide a Recommendation needs the view's 'id' parameter.");
    const view = requireItem(content.views, id, 'view');
    content.extras.dismissedRecommendations.get(user.id)?.delete(view.id);
    return NO_CONTENT;
  }),
];
