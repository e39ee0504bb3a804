/**
 * Custom views (3.18+): list, get, update, delete, image/PDF/data, default users (3.21), and
 * the experimental download/publish under `/api/exp/` (`custom_view_*.xml`,
 * `custom_view_download.json`).
 */
import { randomUUID } from 'node:crypto';
import type { CustomView } from '../data/model-extras';
import type { SiteContent } from '../data/site-content';
import { errors } from '../errors';
import { el, list, textEl, type Element } from '../format/element';
import { csvText, MIME } from '../format/file-bytes';
import { siteScope } from '../http/authenticate';
import { parseMultipart } from '../http/multipart';
import { bool, child, many, parseBody, required, str, type Body } from '../http/request-body';
import { file, NO_CONTENT, ok, type RequestContext, type Route } from '../http/route';
import type { FieldMode } from '../query/fields';
import type { FieldSpecs } from '../query/filter-sort';
import { paginatedList } from '../query/list-query';
import { notFound, nowIso, requireItem } from './common';
import { imageOf, pdfOf, viewData } from './exports';
import { userElement } from './users';

/**
 * `<customView>`: children in the XSD order (view, workbook, owner; the hand-written captures
 * list workbook first, which no parser depends on). `contentUrl` and `sheetType` follow the
 * captures although the 3.29 XSD does not list them.
 */
function customViewRenderer(content: SiteContent) {
  return (cv: CustomView, _mode: FieldMode): Element => {
    const view = content.views.get(cv.viewId);
    const wb = content.workbooks.get(cv.workbookId);
    const owner = content.users.get(cv.ownerId);
    return el(
      'customView',
      {
        id: cv.id,
        name: cv.name,
        contentUrl: `${wb?.contentUrl ?? ''}/sheets/${cv.name.replace(/[^A-Za-z0-9]/g, '')}`,
        createdAt: cv.createdAt,
        updatedAt: cv.updatedAt,
        lastAccessedAt: cv.lastAccessedAt,
        shared: cv.shared,
        sheetType: view?.sheetType,
      },
      [
        el('view', { id: cv.viewId, name: view?.name }),
        el('workbook', { id: cv.workbookId, name: wb?.name }),
        el('owner', { id: cv.ownerId, name: owner?.name }),
      ],
    );
  };
}

const FIELDS = (content: SiteContent): FieldSpecs<CustomView> => ({
  id: { type: 'string', get: (c) => c.id },
  name: { type: 'string', get: (c) => c.name },
  viewId: { type: 'string', get: (c) => c.viewId, sort: false },
  workbookId: { type: 'string', get: (c) => c.workbookId, sort: false },
  ownerId: { type: 'string', get: (c) => c.ownerId, sort: false },
  ownerName: { type: 'string', get: (c) => content.users.get(c.ownerId)?.name },
  viewName: { type: 'string', get: (c) => content.views.get(c.viewId)?.name },
  shared: { type: 'boolean', get: (c) => c.shared },
  createdAt: { type: 'date', get: (c) => c.createdAt },
  updatedAt: { type: 'date', get: (c) => c.updatedAt },
});

function scoped(ctx: RequestContext) {
  const scope = siteScope(ctx);
  const cv = requireItem(scope.content.customViews, ctx.params.customViewId, 'customView');
  return { ...scope, cv };
}

const route = (
  method: Route['method'],
  path: string,
  minVersion: string,
  handler: Route['handler'],
  experimental?: boolean,
): Route => ({
  method,
  path: `/sites/:siteId/customviews${path}`,
  auth: 'site',
  minVersion,
  experimental,
  handler,
});

/** The `.tcv` document of a custom view, base64url as in `custom_view_download.json`. */
function tcv(cv: CustomView, viewName: string): string {
  const xml = `<?xml version='1.0' encoding='utf-8' ?>\n<customized-view dashboard='${viewName}' version='18.1'>\n  <active id='1' />\n</customized-view>\n`;
  return Buffer.from(`${xml}<!-- ${cv.id} -->\n`, 'utf8').toString('base64url');
}

/** TSC publishes as multipart (`request_payload` + `tableau_customview`); a plain body works too. */
function publishPayload(ctx: RequestContext): Body {
  if (!ctx.contentType?.toLowerCase().startsWith('multipart/')) return ctx.body;
  const payload = parseMultipart(ctx.rawBody, ctx.contentType).find(
    (p) => p.name === 'request_payload',
  );
  if (!payload) throw errors.malformedBody("Publish Custom View needs a 'request_payload' part.");
  return parseBody(payload.body.toString('utf8'), payload.contentType);
}

export const customViewRoutes: Route[] = [
  route('GET', '', '3.18', (ctx) => {
    const { content } = siteScope(ctx);
    return paginatedList(
      ctx.query,
      { items: content.customViews.all(), cache: { collection: content.customViews, key: 'cv' } },
      FIELDS(content),
      'customViews',
      customViewRenderer(content),
    );
  }),
  route('GET', '/:customViewId', '3.18', (ctx) => {
    const { content, cv } = scoped(ctx);
    return ok([customViewRenderer(content)(cv, 'default')]);
  }),
  route('PUT', '/:customViewId', '3.18', (ctx) => {
    const { content, cv } = scoped(ctx);
    const body = required(ctx.body, 'customView');
    const name = str(body, 'name');
    const ownerId = str(child(body, 'owner'), 'id');
    if (name !== undefined) {
      if (!name.trim()) throw errors.badRequest('A custom view name cannot be empty.');
      cv.name = name;
    }
    if (ownerId !== undefined) cv.ownerId = requireItem(content.users, ownerId, 'user').id;
    cv.updatedAt = nowIso();
    content.customViews.touch();
    return ok([customViewRenderer(content)(cv, 'default')]);
  }),
  route('DELETE', '/:customViewId', '3.18', (ctx) => {
    const { content, cv } = scoped(ctx);
    content.customViews.remove(cv.id);
    return NO_CONTENT;
  }),
  route('GET', '/:customViewId/image', '3.18', (ctx) => {
    const { cv } = scoped(ctx);
    return file(imageOf(cv.id, ctx.query), MIME.png);
  }),
  route('GET', '/:customViewId/pdf', '3.23', (ctx) => {
    const { cv } = scoped(ctx);
    return file(pdfOf([cv.name], ctx.query), MIME.pdf);
  }),
  route('GET', '/:customViewId/data', '3.23', (ctx) => {
    const { cv } = scoped(ctx);
    return file(csvText(viewData(cv.viewId, ctx.query)), MIME.csv);
  }),
  route('GET', '/:customViewId/default/users', '3.21', (ctx) => {
    const { content, cv } = scoped(ctx);
    const users = [...cv.defaultUserIds].flatMap((id) => content.users.get(id) ?? []);
    return paginatedList(ctx.query, { items: users }, {}, 'users', (u) =>
      el('user', { id: u.id, name: u.name }),
    );
  }),
  route('POST', '/:customViewId/default/users', '3.21', (ctx) => {
    const { content, cv } = scoped(ctx);
    const ids = many(child(ctx.body, 'users'), 'user').map((u) => str(u, 'id'));
    if (ids.length === 0 || ids.some((id) => !id)) {
      throw errors.malformedBody("Set Custom View as Default needs <users> with <user id='…'/>.");
    }
    const results = (ids as string[]).map((id) => {
      const user = content.users.get(id);
      if (!user) {
        const error = notFound('user', id);
        return el('customViewAsUserDefaultViewResult', { success: false }, [
          el('error', { code: error.code }, [
            textEl('summary', error.summary),
            textEl('detail', error.detail),
          ]),
        ]);
      }
      cv.defaultUserIds.add(user.id);
      return el('customViewAsUserDefaultViewResult', { success: true }, [
        userElement(user, 'default'),
      ]);
    });
    return ok([list('customViewAsUserDefaultResults', results)]);
  }),
  // Experimental (`/api/exp/`, 3.21+): the definition as JSON, and publishing one back.
  route(
    'GET',
    '/:customViewId/content',
    '3.21',
    (ctx) => {
      const { content, cv } = scoped(ctx);
      const wb = content.workbooks.get(cv.workbookId);
      const views = (wb?.viewIds ?? []).flatMap((id) => content.views.get(id) ?? []);
      const body = views.map((v) => ({
        isSourceView: v.id === cv.viewId,
        viewName: v.name,
        tcv: tcv(cv, v.name),
      }));
      const bytes = Buffer.from(JSON.stringify(body, null, 4), 'utf8');
      return file(bytes, 'application/json', `${cv.name.replace(/[\\/:*?"<>|]+/g, '_')}.json`);
    },
    true,
  ),
  route(
    'POST',
    '',
    '3.21',
    (ctx) => {
      const { content, user } = siteScope(ctx);
      const body = required(publishPayload(ctx), 'customView');
      const name = str(body, 'name');
      const workbookId = str(child(body, 'workbook'), 'id');
      if (!name || !workbookId) {
        throw errors.malformedBody('Publish Custom View needs a name and a workbook id.');
      }
      const wb = requireItem(content.workbooks, workbookId, 'workbook');
      const ownerId = str(child(body, 'owner'), 'id');
      const owner = ownerId ? requireItem(content.users, ownerId, 'user') : user;
      const taken = content.customViews
        .all()
        .some((c) => c.workbookId === wb.id && c.ownerId === owner.id && c.name === name);
      if (taken) {
        throw errors.conflict('403166', 'Forbidden', `Custom view '${name}' already exists.`);
      }
      const now = nowIso();
      const cv = content.customViews.add({
        id: randomUUID(),
        name,
        viewId: wb.viewIds[0] ?? '',
        workbookId: wb.id,
        ownerId: owner.id,
        shared: bool(body, 'shared') ?? false,
        createdAt: now,
        updatedAt: now,
        lastAccessedAt: now,
        defaultUserIds: new Set(),
      });
      return ok([customViewRenderer(content)(cv, 'default')], 201);
    },
    true,
  ),
];
