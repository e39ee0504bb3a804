/**
 * Data-driven alerts (3.2+): `data_alerts_get.xml`, `data_alerts_get_by_id.xml` (both a
 * paginated `<dataAlerts>` list, the by-id one with `<recipients>`), `data_alerts_update.xml`,
 * `data_alerts_add_user.xml`. Create Data Driven Alert (3.20) needs a view.
 */
import { randomUUID } from 'node:crypto';
import type { DataAlert } from '../data/model-governance';
import type { SiteContent } from '../data/site-content';
import { errors } from '../errors';
import { el, list, type Element } from '../format/element';
import { siteScope } from '../http/authenticate';
import { bool, child, required, str } from '../http/request-body';
import { NO_CONTENT, ok, type Route } from '../http/route';
import { paginate, parsePaging } from '../query/paging';
import type { FieldSpecs } from '../query/filter-sort';
import { paginatedList } from '../query/list-query';
import { nowIso, requireItem } from './common';

const FREQUENCIES = new Set(['Once', 'AsFrequentlyAsPossible', 'Hourly', 'Daily', 'Weekly']);

function alertElement(content: SiteContent, alert: DataAlert, withRecipients: boolean): Element {
  const owner = content.users.get(alert.ownerId);
  const view = content.views.get(alert.viewId);
  const workbook = view && content.workbooks.get(view.workbookId);
  const project = workbook && content.projects.get(workbook.projectId);
  const children: Element[] = [
    el('owner', { id: alert.ownerId, name: owner?.name }),
    el('view', { id: alert.viewId, name: view?.name }, [
      el('workbook', { id: workbook?.id, name: workbook?.name }),
      el('project', { id: project?.id, name: project?.name }),
    ]),
  ];
  if (withRecipients) {
    children.push(
      list(
        'recipients',
        [...alert.recipientIds].map((id) => el('recipient', { id })),
      ),
    );
  }
  return el(
    'dataAlert',
    {
      id: alert.id,
      subject: alert.subject,
      creatorId: alert.creatorId,
      createdAt: alert.createdAt,
      updatedAt: alert.updatedAt,
      frequency: alert.frequency,
      public: alert.public,
      suspended: alert.suspended,
    },
    children,
  );
}

/** Get by id answers as a one-item paginated list, as `data_alerts_get_by_id.xml` shows. */
function singleList(content: SiteContent, alert: DataAlert, withRecipients: boolean) {
  const { pagination } = paginate([alert], parsePaging(new URLSearchParams()));
  return ok([pagination, list('dataAlerts', [alertElement(content, alert, withRecipients)])]);
}

const ALERT_FIELDS: FieldSpecs<DataAlert> = {
  subject: { type: 'string', get: (a) => a.subject },
  ownerId: { type: 'string', get: (a) => a.ownerId },
  viewId: { type: 'string', get: (a) => a.viewId },
};

function checkFrequency(value: string | undefined): DataAlert['frequency'] | undefined {
  if (value === undefined) return undefined;
  const match = [...FREQUENCIES].find((f) => f.toLowerCase() === value.toLowerCase());
  if (!match) throw errors.badRequest(`The alert frequency '${value}' is not valid.`);
  return match as DataAlert['frequency'];
}

const base = '/sites/:siteId/dataAlerts';

export const dataAlertRoutes: Route[] = [
  {
    method: 'GET',
    path: base,
    auth: 'site',
    minVersion: '3.2',
    handler: (ctx) => {
      const { content } = siteScope(ctx);
      return paginatedList(
        ctx.query,
        { items: content.dataAlerts.all() },
        ALERT_FIELDS,
        'dataAlerts',
        (a) => alertElement(content, a, false),
      );
    },
  },
  {
    method: 'GET',
    path: `${base}/:alertId`,
    auth: 'site',
    minVersion: '3.2',
    handler: (ctx) => {
      const { content } = siteScope(ctx);
      const alert = requireItem(content.dataAlerts, ctx.params.alertId, 'dataAlert');
      return singleList(content, alert, true);
    },
  },
  {
    method: 'POST',
    path: base,
    auth: 'site',
    minVersion: '3.20',
    handler: (ctx) => {
      const { content, user } = siteScope(ctx);
      const body = child(ctx.body, 'dataAlertCreateAlert') ?? required(ctx.body, 'dataAlert');
      const viewId = str(body, 'viewId') ?? str(child(body, 'view'), 'id');
      if (!viewId) throw errors.malformedBody('A data-driven alert needs the viewId of its view.');
      const view = requireItem(content.views, viewId, 'view');
      const now = nowIso();
      const alert: DataAlert = {
        id: randomUUID(),
        subject: str(body, 'subject') ?? `${view.name} alert`,
        creatorId: user.id,
        ownerId: user.id,
        createdAt: now,
        updatedAt: now,
        frequency: checkFrequency(str(body, 'frequency')) ?? 'Daily',
        public:
          str(body, 'visibility')?.toLowerCase() === 'public' || (bool(body, 'public') ?? false),
        suspended: false,
        viewId: view.id,
        recipientIds: new Set([user.id]),
      };
      content.dataAlerts.add(alert);
      return ok([alertElement(content, alert, true)], 201);
    },
  },
  {
    method: 'PUT',
    path: `${base}/:alertId`,
    auth: 'site',
    minVersion: '3.2',
    handler: (ctx) => {
      const { content } = siteScope(ctx);
      const alert = requireItem(content.dataAlerts, ctx.params.alertId, 'dataAlert');
      const body = required(ctx.body, 'dataAlert');
      alert.subject = str(body, 'subject') ?? alert.subject;
      alert.frequency = checkFrequency(str(body, 'frequency')) ?? alert.frequency;
      alert.public = bool(body, 'public') ?? alert.public;
      alert.suspended = bool(body, 'suspended') ?? alert.suspended;
      const ownerId = str(child(body, 'owner'), 'id');
      if (ownerId) alert.ownerId = requireItem(content.users, ownerId, 'user').id;
      alert.updatedAt = nowIso();
      content.dataAlerts.touch();
      return singleList(content, alert, false);
    },
  },
  {
    method: 'DELETE',
    path: `${base}/:alertId`,
    auth: 'site',
    minVersion: '3.2',
    handler: (ctx) => {
      const { content } = siteScope(ctx);
      const alert = requireItem(content.dataAlerts, ctx.params.alertId, 'dataAlert');
      content.dataAlerts.remove(alert.id);
      return NO_CONTENT;
    },
  },
  {
    method: 'POST',
    path: `${base}/:alertId/users`,
    auth: 'site',
    minVersion: '3.2',
    handler: (ctx) => {
      const { content } = siteScope(ctx);
      const alert = requireItem(content.dataAlerts, ctx.params.alertId, 'dataAlert');
      const userId = str(required(ctx.body, 'user'), 'id') ?? '';
      const recipient = requireItem(content.users, userId, 'user');
      alert.recipientIds.add(recipient.id);
      return ok([
        el('user', {
          id: recipient.id,
          name: recipient.name,
          siteRole: recipient.siteRole,
          externalAuthUserId: recipient.externalAuthUserId,
        }),
      ]);
    },
  },
  {
    method: 'DELETE',
    path: `${base}/:alertId/users/:userId`,
    auth: 'site',
    minVersion: '3.2',
    handler: (ctx) => {
      const { content } = siteScope(ctx);
      const alert = requireItem(content.dataAlerts, ctx.params.alertId, 'dataAlert');
      const recipient = requireItem(content.users, ctx.params.userId, 'user');
      if (!alert.recipientIds.delete(recipient.id)) {
        throw errors.notFound('404002', 'Recipient', recipient.id);
      }
      return NO_CONTENT;
    },
  },
];
