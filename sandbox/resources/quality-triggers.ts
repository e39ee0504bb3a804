/**
 * Quality-warning triggers (3.12): watch the extract refreshes or flow runs of data sources
 * and flows and raise a warning when one fails. One trigger per asset; adding again updates
 * it. Content is named as `filter=contentId:in:[luid,…]`, as Tableau's collection sends it.
 */
import { randomUUID } from 'node:crypto';
import { errors } from '../errors';
import { el, list, type Element } from '../format/element';
import { siteScope } from '../http/authenticate';
import { bool, required, str, type Body } from '../http/request-body';
import { NO_CONTENT, ok, type RequestContext, type Route } from '../http/route';
import { nowIso } from './common';
import { checkContent } from './data-quality';

interface Trigger {
  id: string;
  contentType: string;
  contentId: string;
  type: string;
  active: boolean;
  severe: boolean;
  message: string;
  userId: string;
  createdAt: string;
  updatedAt: string;
}
const bySite = new WeakMap<object, Map<string, Trigger>>();

function scope(ctx: RequestContext) {
  const s = siteScope(ctx);
  let triggers = bySite.get(s.content);
  if (!triggers) {
    triggers = new Map();
    bySite.set(s.content, triggers);
  }
  return { ...s, triggers };
}

/** `contentId:in:[a,b]` from the query's filter (Add/Delete Quality Warning Trigger). */
function contentIdsOf(ctx: RequestContext): string[] {
  const match = /contentId:in:\[([^\]]*)\]/.exec(ctx.query.get('filter') ?? '');
  const ids =
    match?.[1]
      .split(',')
      .map((id) => id.trim())
      .filter(Boolean) ?? [];
  if (ids.length === 0)
    throw errors.badRequest('Name the content as filter=contentId:in:[luid,…].');
  return ids;
}

function triggerElement(siteId: string, t: Trigger): Element {
  return el('dataQualityTrigger', {
    active: t.active,
    contentId: t.contentId,
    contentType: t.contentType,
    createdAt: t.createdAt,
    id: t.id,
    message: t.message,
    severe: t.severe,
    siteId,
    type: t.type,
    updatedAt: t.updatedAt,
    userId: t.userId,
  });
}

function applyTrigger(t: Trigger, body: Body): void {
  t.type = str(body, 'type') ?? t.type;
  t.active = bool(body, 'active') ?? t.active;
  t.severe = bool(body, 'severe') ?? t.severe;
  t.message = str(body, 'message') ?? t.message;
  t.updatedAt = nowIso();
}

const route = (
  method: Route['method'],
  path: string,
  minVersion: string,
  handler: Route['handler'],
): Route => ({ method, path: `/sites/:siteId${path}`, auth: 'site', minVersion, handler });

export const qualityTriggerRoutes: Route[] = [
  route('POST', '/dataQualityTriggers/:contentType/contentIds', '3.12', (ctx) => {
    const { content, site, user, triggers } = scope(ctx);
    const body = required(ctx.body, 'dataQualityTrigger');
    const now = nowIso();
    const made = contentIdsOf(ctx).map((id) => {
      const target = checkContent(content, ctx.params.contentType, id);
      // One trigger per asset: adding again updates it (Add (or Update) Quality Warning Trigger).
      const existing = [...triggers.values()].find(
        (t) => t.contentType === target.type && t.contentId === target.id,
      );
      const trigger: Trigger = existing ?? {
        id: randomUUID(),
        contentType: target.type,
        contentId: target.id,
        type: 'extract_refresh',
        active: true,
        severe: false,
        message: '',
        userId: user.id,
        createdAt: now,
        updatedAt: now,
      };
      applyTrigger(trigger, body);
      triggers.set(trigger.id, trigger);
      return triggerElement(site.id, trigger);
    });
    return ok([list('dataQualityTriggerList', made)]);
  }),
  route('DELETE', '/dataQualityTriggers/:contentType/contentIds', '3.12', (ctx) => {
    const { content, triggers } = scope(ctx);
    for (const id of contentIdsOf(ctx)) {
      const target = checkContent(content, ctx.params.contentType, id);
      for (const t of [...triggers.values()]) {
        if (t.contentType === target.type && t.contentId === target.id) triggers.delete(t.id);
      }
    }
    return NO_CONTENT;
  }),
  route('GET', '/dataQualityTriggers/:contentType/:contentId', '3.12', (ctx) => {
    const { content, site, triggers } = scope(ctx);
    const target = checkContent(content, ctx.params.contentType, ctx.params.contentId);
    const found = [...triggers.values()].filter(
      (t) => t.contentType === target.type && t.contentId === target.id,
    );
    return ok([
      list(
        'dataQualityTriggerList',
        found.map((t) => triggerElement(site.id, t)),
      ),
    ]);
  }),
  route('GET', '/dataQualityTriggers/:triggerId', '3.12', (ctx) => {
    const { site, triggers } = scope(ctx);
    const trigger = triggers.get(ctx.params.triggerId.toLowerCase());
    if (!trigger) throw errors.notFound('404002', 'Quality warning trigger', ctx.params.triggerId);
    return ok([triggerElement(site.id, trigger)]);
  }),
  route('PUT', '/dataQualityTriggers/:triggerId', '3.12', (ctx) => {
    const { site, triggers } = scope(ctx);
    const trigger = triggers.get(ctx.params.triggerId.toLowerCase());
    if (!trigger) throw errors.notFound('404002', 'Quality warning trigger', ctx.params.triggerId);
    applyTrigger(trigger, required(ctx.body, 'dataQualityTrigger'));
    return ok([triggerElement(site.id, trigger)]);
  }),
  route('DELETE', '/dataQualityTriggers/:triggerId', '3.12', (ctx) => {
    const { triggers } = scope(ctx);
    if (!triggers.delete(ctx.params.triggerId.toLowerCase())) {
      throw errors.notFound('404002', 'Quality warning trigger', ctx.params.triggerId);
    }
    return NO_CONTENT;
  }),
];
