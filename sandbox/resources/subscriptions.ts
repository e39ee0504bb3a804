/** Subscriptions (2.3+): `subscription_get.xml`, `subscription_get_by_id.xml`, `subscription_create.xml`. */
import { randomUUID } from 'node:crypto';
import type { Subscription } from '../data/model-governance';
import type { SiteContent } from '../data/site-content';
import type { Store } from '../data/store';
import { errors } from '../errors';
import { el, type Element } from '../format/element';
import { siteScope } from '../http/authenticate';
import { bool, child, required, str } from '../http/request-body';
import { NO_CONTENT, ok, type Route } from '../http/route';
import type { FieldSpecs } from '../query/filter-sort';
import { paginatedList } from '../query/list-query';
import { requireItem } from './common';

function subscriptionElement(store: Store, content: SiteContent, sub: Subscription): Element {
  const schedule = store.schedules.get(sub.scheduleId);
  return el(
    'subscription',
    {
      id: sub.id,
      subject: sub.subject,
      message: sub.message,
      attachImage: sub.attachImage,
      attachPdf: sub.attachPdf,
      suspended: sub.suspended,
      pageOrientation: sub.pageOrientation,
      pageSizeOption: sub.pageSizeOption,
    },
    [
      el('content', {
        id: sub.contentId,
        type: sub.contentType,
        sendIfViewEmpty: sub.sendIfViewEmpty,
      }),
      el('schedule', { id: sub.scheduleId, name: schedule?.name }),
      el('user', { id: sub.userId, name: content.users.get(sub.userId)?.name }),
    ],
  );
}

const SUBSCRIPTION_FIELDS: FieldSpecs<Subscription> = {
  subject: { type: 'string', get: (s) => s.subject },
  userId: { type: 'string', get: (s) => s.userId },
  contentType: { type: 'string', get: (s) => s.contentType },
};

/** The view or workbook a subscription is on, which must exist (404011 / 404006). */
function checkContent(content: SiteContent, type: string, id: string): 'View' | 'Workbook' {
  const normalised = type.toLowerCase();
  if (normalised === 'view') {
    requireItem(content.views, id, 'view');
    return 'View';
  }
  if (normalised === 'workbook') {
    requireItem(content.workbooks, id, 'workbook');
    return 'Workbook';
  }
  throw errors.badRequest(`The content type '${type}' is not valid; use View or Workbook.`);
}

function applyUpdate(sub: Subscription, body: Record<string, unknown>): void {
  sub.subject = str(body, 'subject') ?? sub.subject;
  sub.message = str(body, 'message') ?? sub.message;
  sub.attachImage = bool(body, 'attachImage') ?? sub.attachImage;
  sub.attachPdf = bool(body, 'attachPdf') ?? sub.attachPdf;
  sub.suspended = bool(body, 'suspended') ?? sub.suspended;
  sub.pageOrientation = str(body, 'pageOrientation') ?? sub.pageOrientation;
  sub.pageSizeOption = str(body, 'pageSizeOption') ?? sub.pageSizeOption;
}

const base = '/sites/:siteId/subscriptions';

export const subscriptionRoutes: Route[] = [
  {
    method: 'GET',
    path: base,
    auth: 'site',
    minVersion: '2.3',
    handler: (ctx) => {
      const { content } = siteScope(ctx);
      return paginatedList(
        ctx.query,
        { items: content.subscriptions.all() },
        SUBSCRIPTION_FIELDS,
        'subscriptions',
        (s) => subscriptionElement(ctx.state.store, content, s),
      );
    },
  },
  {
    method: 'GET',
    path: `${base}/:subscriptionId`,
    auth: 'site',
    minVersion: '2.3',
    handler: (ctx) => {
      const { content } = siteScope(ctx);
      const sub = requireItem(content.subscriptions, ctx.params.subscriptionId, 'subscription');
      return ok([subscriptionElement(ctx.state.store, content, sub)]);
    },
  },
  {
    method: 'POST',
    path: base,
    auth: 'site',
    minVersion: '2.3',
    handler: (ctx) => {
      const { content, user } = siteScope(ctx);
      const body = required(ctx.body, 'subscription');
      const target = child(body, 'content');
      const contentId = str(target, 'id');
      const scheduleId = str(child(body, 'schedule'), 'id');
      if (!str(body, 'subject') || !contentId || !scheduleId) {
        throw errors.malformedBody('A subscription needs a subject, content and schedule.');
      }
      const schedule = requireItem(ctx.state.store.schedules, scheduleId, 'schedule');
      const userId = str(child(body, 'user'), 'id') ?? user.id;
      const sub: Subscription = {
        id: randomUUID(),
        subject: '',
        message: '',
        attachImage: true,
        attachPdf: false,
        suspended: false,
        contentType: checkContent(content, str(target, 'type') ?? 'View', contentId),
        contentId: contentId.toLowerCase(),
        sendIfViewEmpty: bool(target, 'sendIfViewEmpty') ?? false,
        scheduleId: schedule.id,
        userId: requireItem(content.users, userId, 'user').id,
      };
      applyUpdate(sub, body);
      content.subscriptions.add(sub);
      return ok([subscriptionElement(ctx.state.store, content, sub)], 201);
    },
  },
  {
    method: 'PUT',
    path: `${base}/:subscriptionId`,
    auth: 'site',
    minVersion: '2.3',
    handler: (ctx) => {
      const { content } = siteScope(ctx);
      const sub = requireItem(content.subscriptions, ctx.params.subscriptionId, 'subscription');
      const body = required(ctx.body, 'subscription');
      applyUpdate(sub, body);
      const scheduleId = str(child(body, 'schedule'), 'id');
      if (scheduleId)
        sub.scheduleId = requireItem(ctx.state.store.schedules, scheduleId, 'schedule').id;
      const target = child(body, 'content');
      if (target) sub.sendIfViewEmpty = bool(target, 'sendIfViewEmpty') ?? sub.sendIfViewEmpty;
      content.subscriptions.touch();
      return ok([subscriptionElement(ctx.state.store, content, sub)]);
    },
  },
  {
    method: 'DELETE',
    path: `${base}/:subscriptionId`,
    auth: 'site',
    minVersion: '2.3',
    handler: (ctx) => {
      const { content } = siteScope(ctx);
      const sub = requireItem(content.subscriptions, ctx.params.subscriptionId, 'subscription');
      content.subscriptions.remove(sub.id);
      return NO_CONTENT;
    },
  },
];
