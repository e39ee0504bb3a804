/**
 * Data quality warnings (3.9; `dqw_by_content_type.xml`) and data quality certifications
 * (`dataQualityIndicator`), by id and by content item, single and in batches. Both live in
 * one collection of indicators, told apart by `kind`.
 */
import { randomUUID } from 'node:crypto';
import type { QualityIndicator } from '../data/model-governance';
import type { SiteContent } from '../data/site-content';
import { errors } from '../errors';
import { el, list, type Element } from '../format/element';
import { siteScope } from '../http/authenticate';
import { bool, child, many, required, str } from '../http/request-body';
import { NO_CONTENT, ok, type RequestContext, type Route } from '../http/route';
import { nowIso, requireItem } from './common';

const WARNING_TYPES = new Set(['DEPRECATED', 'WARNING', 'STALE', 'SENSITIVE_DATA', 'MAINTENANCE']);

/** The item a warning or certification is on; known kinds must exist (their 404s). */
export function checkContent(
  content: SiteContent,
  type: string,
  id: string,
): { type: string; id: string } {
  const kind = type.toLowerCase();
  const lookups: Record<string, () => { id: string }> = {
    database: () => requireItem(content.databases, id, 'database'),
    table: () => requireItem(content.tables, id, 'table'),
    datasource: () => requireItem(content.datasources, id, 'datasource'),
    flow: () => requireItem(content.flows, id, 'flow'),
    virtualconnection: () => requireItem(content.virtualConnections, id, 'virtualConnection'),
  };
  const found = lookups[kind];
  if (!found)
    throw errors.badRequest(`The content type '${type}' cannot carry data quality labels.`);
  return { type: kind.toUpperCase(), id: found().id };
}

function warningElement(siteId: string, content: SiteContent, w: QualityIndicator): Element {
  return el(
    'dataQualityWarning',
    {
      id: w.id,
      userDisplayName: content.users.get(w.ownerId)?.fullName,
      contentId: w.contentId,
      contentType: w.contentType,
      message: w.message,
      type: w.type,
      isActive: w.isActive,
      createdAt: w.createdAt,
      updatedAt: w.updatedAt,
      isSevere: w.isSevere,
    },
    [el('site', { id: siteId }), el('owner', { id: w.ownerId })],
  );
}

function certificationElement(siteId: string, content: SiteContent, c: QualityIndicator): Element {
  return el(
    'dataQualityIndicator',
    {
      active: c.isActive,
      contentId: c.contentId,
      contentType: c.contentType,
      createdAt: c.createdAt,
      elevated: c.isSevere,
      id: c.id,
      message: c.message,
      type: c.type,
      updatedAt: c.updatedAt,
      userDisplayName: content.users.get(c.ownerId)?.fullName,
    },
    [el('site', { id: siteId }), el('owner', { id: c.ownerId })],
  );
}

function render(
  siteId: string,
  content: SiteContent,
  items: QualityIndicator[],
  kind: QualityIndicator['kind'],
) {
  return kind === 'warning'
    ? list(
        'dataQualityWarningList',
        items.map((w) => warningElement(siteId, content, w)),
      )
    : list(
        'dataQualityIndicatorList',
        items.map((c) => certificationElement(siteId, content, c)),
      );
}

function onContent(content: SiteContent, kind: QualityIndicator['kind'], type: string, id: string) {
  return content.qualityIndicators
    .all()
    .filter((q) => q.kind === kind && q.contentType === type && q.contentId === id);
}

/** Adds or (for an item that has one) updates the indicator of that kind. */
function upsert(
  ctx: RequestContext,
  kind: QualityIndicator['kind'],
  target: { type: string; id: string },
  body: Record<string, unknown>,
): QualityIndicator {
  const { content, user } = siteScope(ctx);
  const type = (
    str(body, 'type') ?? (kind === 'certification' ? 'CERTIFICATION' : 'WARNING')
  ).toUpperCase();
  if (kind === 'warning' && !WARNING_TYPES.has(type)) {
    throw errors.badRequest(`The data quality warning type '${type}' is not valid.`);
  }
  const now = nowIso();
  const existing = onContent(content, kind, target.type, target.id)[0];
  const indicator: QualityIndicator = existing ?? {
    id: randomUUID(),
    kind,
    contentType: target.type,
    contentId: target.id,
    type,
    message: '',
    isActive: true,
    isSevere: false,
    ownerId: user.id,
    createdAt: now,
    updatedAt: now,
  };
  indicator.type = type;
  indicator.message = str(body, 'message') ?? indicator.message;
  indicator.isActive = bool(body, 'isActive') ?? bool(body, 'active') ?? indicator.isActive;
  indicator.isSevere = bool(body, 'isSevere') ?? bool(body, 'elevated') ?? indicator.isSevere;
  indicator.updatedAt = now;
  if (existing) content.qualityIndicators.touch();
  else content.qualityIndicators.add(indicator);
  return indicator;
}

function contentListOf(ctx: RequestContext): Array<{ type: string; id: string }> {
  const { content } = siteScope(ctx);
  const entries = many(child(ctx.body, 'contentList'), 'content');
  if (entries.length === 0) throw errors.malformedBody('The request needs a <contentList>.');
  return entries.map((e) => checkContent(content, str(e, 'contentType') ?? '', str(e, 'id') ?? ''));
}

function indicatorOf(ctx: RequestContext, kind: QualityIndicator['kind'], id: string) {
  const { content } = siteScope(ctx);
  const found = requireItem(content.qualityIndicators, id, 'qualityIndicator');
  if (found.kind !== kind) throw errors.notFound('404002', 'Data quality indicator', id);
  return found;
}

function removeAll(content: SiteContent, items: QualityIndicator[]) {
  for (const item of items) content.qualityIndicators.remove(item.id);
}

const dqw = '/sites/:siteId/dataQualityWarnings';
const dqc = '/sites/:siteId/dataQualityCertification';
const site = (ctx: RequestContext) => siteScope(ctx).site.id;

export const dataQualityRoutes: Route[] = [
  // Literal segments first: `batchDelete` and `createOrUpdate` are not warning ids.
  {
    method: 'DELETE',
    path: `${dqw}/batchDelete`,
    auth: 'site',
    minVersion: '3.9',
    handler: (ctx) => {
      const { content } = siteScope(ctx);
      for (const t of contentListOf(ctx))
        removeAll(content, onContent(content, 'warning', t.type, t.id));
      return NO_CONTENT;
    },
  },
  {
    method: 'POST',
    path: `${dqw}/createOrUpdate`,
    auth: 'site',
    minVersion: '3.9',
    handler: (ctx) => {
      const { content } = siteScope(ctx);
      const body = required(ctx.body, 'dataQualityWarning');
      const made = contentListOf(ctx).map((t) => upsert(ctx, 'warning', t, body));
      return ok([render(site(ctx), content, made, 'warning')]);
    },
  },
  {
    method: 'POST',
    path: `${dqw}/:contentType/:contentId`,
    auth: 'site',
    minVersion: '3.9',
    handler: (ctx) => {
      const { content } = siteScope(ctx);
      const target = checkContent(content, ctx.params.contentType, ctx.params.contentId);
      const made = upsert(ctx, 'warning', target, required(ctx.body, 'dataQualityWarning'));
      return ok([render(site(ctx), content, [made], 'warning')]);
    },
  },
  {
    method: 'GET',
    path: `${dqw}/:contentType/:contentId`,
    auth: 'site',
    minVersion: '3.9',
    handler: (ctx) => {
      const { content } = siteScope(ctx);
      const target = checkContent(content, ctx.params.contentType, ctx.params.contentId);
      return ok([
        render(
          site(ctx),
          content,
          onContent(content, 'warning', target.type, target.id),
          'warning',
        ),
      ]);
    },
  },
  {
    method: 'DELETE',
    path: `${dqw}/:contentType/:contentId`,
    auth: 'site',
    minVersion: '3.9',
    handler: (ctx) => {
      const { content } = siteScope(ctx);
      const target = checkContent(content, ctx.params.contentType, ctx.params.contentId);
      removeAll(content, onContent(content, 'warning', target.type, target.id));
      return NO_CONTENT;
    },
  },
  {
    method: 'GET',
    path: `${dqw}/:dqwId`,
    auth: 'site',
    minVersion: '3.9',
    handler: (ctx) => {
      const { content } = siteScope(ctx);
      return ok([
        render(site(ctx), content, [indicatorOf(ctx, 'warning', ctx.params.dqwId)], 'warning'),
      ]);
    },
  },
  {
    method: 'PUT',
    path: `${dqw}/:dqwId`,
    auth: 'site',
    minVersion: '3.9',
    handler: (ctx) => {
      const { content } = siteScope(ctx);
      const found = indicatorOf(ctx, 'warning', ctx.params.dqwId);
      const body = required(ctx.body, 'dataQualityWarning');
      const updated = upsert(
        ctx,
        'warning',
        { type: found.contentType, id: found.contentId },
        {
          type: found.type,
          ...body,
        },
      );
      return ok([render(site(ctx), content, [updated], 'warning')]);
    },
  },
  {
    method: 'DELETE',
    path: `${dqw}/:dqwId`,
    auth: 'site',
    minVersion: '3.9',
    handler: (ctx) => {
      const { content } = siteScope(ctx);
      content.qualityIndicators.remove(indicatorOf(ctx, 'warning', ctx.params.dqwId).id);
      return NO_CONTENT;
    },
  },
  {
    method: 'POST',
    path: '/sites/:siteId/dataQualityCertifications',
    auth: 'site',
    minVersion: '3.9',
    handler: (ctx) => {
      const { content } = siteScope(ctx);
      const body = required(ctx.body, 'dataQualityIndicator');
      const made = contentListOf(ctx).map((t) => upsert(ctx, 'certification', t, body));
      return ok([render(site(ctx), content, made, 'certification')]);
    },
  },
  {
    method: 'DELETE',
    path: dqc,
    auth: 'site',
    minVersion: '3.9',
    handler: (ctx) => {
      const { content } = siteScope(ctx);
      for (const t of contentListOf(ctx)) {
        removeAll(content, onContent(content, 'certification', t.type, t.id));
      }
      return NO_CONTENT;
    },
  },
  {
    method: 'GET',
    path: `${dqc}/:contentType/:contentId`,
    auth: 'site',
    minVersion: '3.9',
    handler: (ctx) => {
      const { content } = siteScope(ctx);
      const target = checkContent(content, ctx.params.contentType, ctx.params.contentId);
      const found = onContent(content, 'certification', target.type, target.id);
      return ok([render(site(ctx), content, found, 'certification')]);
    },
  },
  {
    method: 'GET',
    path: `${dqc}/:dqcId`,
    auth: 'site',
    minVersion: '3.9',
    handler: (ctx) => {
      const { content } = siteScope(ctx);
      const found = indicatorOf(ctx, 'certification', ctx.params.dqcId);
      return ok([certificationElement(site(ctx), content, found)]);
    },
  },
  {
    method: 'DELETE',
    path: `${dqc}/:dqcId`,
    auth: 'site',
    minVersion: '3.9',
    handler: (ctx) => {
      const { content } = siteScope(ctx);
      content.qualityIndicators.remove(indicatorOf(ctx, 'certification', ctx.params.dqcId).id);
      return NO_CONTENT;
    },
  },
];
