/**
 * Webhooks (3.6+): `webhook_get.xml`, `webhook_create.xml`. The event is written as
 * `<webhook-source><webhook-source-event-{event}/></webhook-source>` (Tableau's API event
 * names, e.g. datasource-refresh-failed); Test a Webhook posts nothing and reports success.
 */
import { randomUUID } from 'node:crypto';
import type { Webhook } from '../data/model-governance';
import type { SiteContent } from '../data/site-content';
import { errors } from '../errors';
import { el, list, textEl, type Element } from '../format/element';
import { requireSiteAdmin, siteScope } from '../http/authenticate';
import { bool, child, required, str, type Body } from '../http/request-body';
import { NO_CONTENT, ok, type Route } from '../http/route';
import { nowIso, requireItem } from './common';

/** Tableau's webhook events (Webhooks reference: API event names). */
const EVENTS = new Set([
  'datasource-refresh-started',
  'datasource-refresh-succeeded',
  'datasource-refresh-failed',
  'datasource-updated',
  'datasource-created',
  'datasource-deleted',
  'workbook-updated',
  'workbook-created',
  'workbook-deleted',
  'workbook-refresh-started',
  'workbook-refresh-succeeded',
  'workbook-refresh-failed',
  'view-deleted',
  'admin-promoted',
  'admin-demoted',
  'label-created',
  'label-updated',
  'label-deleted',
  'site-created',
  'site-updated',
  'site-deleted',
  'user-deleted',
]);

function webhookElement(content: SiteContent, hook: Webhook): Element {
  const owner = content.users.get(hook.ownerId);
  return el(
    'webhook',
    {
      id: hook.id,
      name: hook.name,
      event: hook.event,
      isEnabled: hook.isEnabled,
      createdAt: hook.createdAt,
      updatedAt: hook.updatedAt,
    },
    [
      el('webhook-source', {}, [el(`webhook-source-event-${hook.event}`)]),
      el('webhook-destination', {}, [
        el('webhook-destination-http', { method: 'POST', url: hook.url }),
      ]),
      el('owner', { id: hook.ownerId, name: owner?.name }),
    ],
  );
}

/** The event, from `event="…"` (3.x JSON bodies) or the `<webhook-source>` child (XML, TSC). */
function eventOf(body: Body): string | undefined {
  const named = str(body, 'event');
  if (named) return named;
  const source = child(body, 'webhook-source');
  const key = source && Object.keys(source).find((k) => k.startsWith('webhook-source-'));
  if (!key) return undefined;
  return key.replace(/^webhook-source-(api-)?(event-)?/, '');
}

function checkEvent(event: string): string {
  const normalised = event.toLowerCase().replace(/_/g, '-');
  if (!EVENTS.has(normalised)) {
    throw errors.badRequest(`The webhook event '${event}' is not a Tableau webhook event.`);
  }
  return normalised;
}

function urlOf(body: Body): string | undefined {
  const destination = child(child(body, 'webhook-destination'), 'webhook-destination-http');
  const url = str(destination, 'url');
  if (url !== undefined && !/^https:\/\//i.test(url)) {
    // Tableau only posts to HTTPS destinations (Webhooks: "the URL must use https").
    throw errors.badRequest('The webhook destination URL must use https.');
  }
  return url;
}

const base = '/sites/:siteId/webhooks';

export const webhookRoutes: Route[] = [
  {
    method: 'GET',
    path: base,
    auth: 'site',
    minVersion: '3.6',
    handler: (ctx) => {
      const scope = siteScope(ctx);
      requireSiteAdmin(scope);
      const hooks = scope.content.webhooks.all().map((h) => webhookElement(scope.content, h));
      return ok([list('webhooks', hooks)]);
    },
  },
  {
    method: 'GET',
    path: `${base}/:webhookId`,
    auth: 'site',
    minVersion: '3.6',
    handler: (ctx) => {
      const scope = siteScope(ctx);
      requireSiteAdmin(scope);
      const hook = requireItem(scope.content.webhooks, ctx.params.webhookId, 'webhook');
      return ok([webhookElement(scope.content, hook)]);
    },
  },
  {
    method: 'GET',
    path: `${base}/:webhookId/test`,
    auth: 'site',
    minVersion: '3.6',
    handler: (ctx) => {
      const scope = siteScope(ctx);
      requireSiteAdmin(scope);
      const hook = requireItem(scope.content.webhooks, ctx.params.webhookId, 'webhook');
      // The sandbox never leaves loopback: the test reports what Tableau reports on success.
      return ok([el('webhookTestResult', { id: hook.id, status: 200 }, [textEl('body', 'OK')])]);
    },
  },
  {
    method: 'POST',
    path: base,
    auth: 'site',
    minVersion: '3.6',
    handler: (ctx) => {
      const scope = siteScope(ctx);
      requireSiteAdmin(scope);
      const body = required(ctx.body, 'webhook');
      const name = str(body, 'name');
      const event = eventOf(body);
      const url = urlOf(body);
      if (!name || !event || !url) {
        throw errors.malformedBody('A webhook needs a name, an event and a destination URL.');
      }
      const now = nowIso();
      const hook: Webhook = {
        id: randomUUID(),
        name,
        event: checkEvent(event),
        url,
        isEnabled: bool(body, 'isEnabled') ?? true,
        ownerId: scope.user.id,
        createdAt: now,
        updatedAt: now,
      };
      scope.content.webhooks.add(hook);
      return ok([webhookElement(scope.content, hook)], 201);
    },
  },
  {
    method: 'PUT',
    path: `${base}/:webhookId`,
    auth: 'site',
    minVersion: '3.6',
    handler: (ctx) => {
      const scope = siteScope(ctx);
      requireSiteAdmin(scope);
      const hook = requireItem(scope.content.webhooks, ctx.params.webhookId, 'webhook');
      const body = required(ctx.body, 'webhook');
      hook.name = str(body, 'name') ?? hook.name;
      const event = eventOf(body);
      if (event) hook.event = checkEvent(event);
      hook.url = urlOf(body) ?? hook.url;
      hook.isEnabled = bool(body, 'isEnabled') ?? hook.isEnabled;
      hook.updatedAt = nowIso();
      scope.content.webhooks.touch();
      return ok([webhookElement(scope.content, hook)]);
    },
  },
  {
    method: 'DELETE',
    path: `${base}/:webhookId`,
    auth: 'site',
    minVersion: '3.6',
    handler: (ctx) => {
      const scope = siteScope(ctx);
      requireSiteAdmin(scope);
      const hook = requireItem(scope.content.webhooks, ctx.params.webhookId, 'webhook');
      scope.content.webhooks.remove(hook.id);
      return NO_CONTENT;
    },
  },
];
