import { randomUUID } from 'node:crypto';
import type { Group, User } from '../data/model';
import type { SiteContent } from '../data/site-content';
import { errors } from '../errors';
import { el, type Element } from '../format/element';
import { requireSiteAdmin, siteScope } from '../http/authenticate';
import { child, required, str } from '../http/request-body';
import { NO_CONTENT, ok, type Route } from '../http/route';
import type { FieldMode } from '../query/fields';
import type { FieldSpecs } from '../query/filter-sort';
import { paginatedList } from '../query/list-query';
import { AUTH_SETTINGS, checkSiteRole, requireItem, SAML_IDP_ID } from './common';
import { groupElement } from './groups';

/**
 * A user. `default` matches Get Users (`user_get.xml`); `all` adds auth setting, locale and
 * the `<domain>` child (`user_get_all_fields.xml`, `user_get_by_id.xml`); `session` is the
 * user inside Get Current Session.
 */
export function userElement(user: User, mode: FieldMode | 'session'): Element {
  if (mode === 'session')
    return el('user', {
      id: user.id,
      name: user.name,
      siteRole: user.siteRole,
      lastLogin: user.lastLogin,
    });
  const attrs: Element['attrs'] = {
    id: user.id,
    name: user.name,
    fullName: user.fullName,
    email: user.email,
    siteRole: user.siteRole,
    authSetting: user.authSetting,
    lastLogin: user.lastLogin,
    externalAuthUserId: user.externalAuthUserId,
  };
  if (mode === 'default') return el('user', attrs);
  return el(
    'user',
    {
      ...attrs,
      locale: user.locale,
      language: user.language,
      idpConfigurationId: user.authSetting === 'SAML' ? SAML_IDP_ID : undefined,
    },
    [el('domain', { name: user.domainName })],
  );
}

/** Filter fields of Get Users (Tableau's docs: name, siteRole, lastLogin, friendlyName…). */
export const USER_FIELDS: FieldSpecs<User> = {
  id: { type: 'string', get: (u) => u.id },
  luid: { type: 'string', get: (u) => u.id },
  name: { type: 'string', get: (u) => u.name },
  friendlyName: { type: 'string', get: (u) => u.fullName },
  fullName: { type: 'string', get: (u) => u.fullName, filter: false },
  email: { type: 'string', get: (u) => u.email },
  siteRole: { type: 'string', get: (u) => u.siteRole },
  authSetting: { type: 'string', get: (u) => u.authSetting },
  lastLogin: { type: 'date', get: (u) => u.lastLogin },
  domainName: { type: 'string', get: (u) => u.domainName },
  isLocal: { type: 'boolean', get: (u) => u.domainName === 'local' },
};

function checkAuthSetting(value: string | undefined): string | undefined {
  if (value !== undefined && !AUTH_SETTINGS.has(value)) {
    throw errors.badRequest(`The authentication setting '${value}' is not valid.`);
  }
  return value;
}

export const userRoutes: Route[] = [
  {
    method: 'GET',
    path: '/sites/:siteId/users',
    auth: 'site',
    handler: (ctx) => {
      const { content } = siteScope(ctx);
      const users = content.users;
      return paginatedList(
        ctx.query,
        { items: users.all(), cache: { collection: users, key: 'users' } },
        USER_FIELDS,
        'users',
        userElement,
      );
    },
  },
  {
    method: 'GET',
    path: '/sites/:siteId/users/:userId',
    auth: 'site',
    handler: (ctx) => {
      const { content } = siteScope(ctx);
      return ok([userElement(requireItem(content.users, ctx.params.userId, 'user'), 'all')]);
    },
  },
  {
    method: 'POST',
    path: '/sites/:siteId/users',
    auth: 'site',
    handler: (ctx) => {
      const scope = siteScope(ctx);
      requireSiteAdmin(scope);
      const { content } = scope;
      const body = required(ctx.body, 'user');
      const name = str(body, 'name');
      const siteRole = str(body, 'siteRole');
      if (!name || !siteRole) throw errors.malformedBody("A user needs 'name' and 'siteRole'.");
      const role = checkSiteRole(siteRole);
      if (content.usersByName.has(name.toLowerCase())) {
        throw errors.conflict(
          '409017',
          'Conflict',
          `User '${name}' is already a member of the site.`,
        );
      }
      const user: User = {
        id: randomUUID(),
        name,
        fullName: '',
        email: str(body, 'email') ?? '',
        siteRole: role,
        authSetting: checkAuthSetting(str(body, 'authSetting')) ?? 'ServerDefault',
        language: 'en',
        domainName: 'local',
        externalAuthUserId: '',
      };
      content.users.add(user);
      content.usersByName.set(name.toLowerCase(), user);
      // Every user belongs to the site's "All Users" group.
      content.groups
        .all()
        .find((g) => g.name === 'All Users')
        ?.memberIds.add(user.id);
      return ok(
        [
          el('user', {
            id: user.id,
            name,
            siteRole: role,
            authSetting: user.authSetting,
            externalAuthUserId: '',
          }),
        ],
        201,
      );
    },
  },
  {
    method: 'PUT',
    path: '/sites/:siteId/users/:userId',
    auth: 'site',
    handler: (ctx) => {
      const scope = siteScope(ctx);
      requireSiteAdmin(scope);
      const { content } = scope;
      const user = requireItem(content.users, ctx.params.userId, 'user');
      const body = required(ctx.body, 'user');
      const name = str(body, 'name');
      if (name && name.toLowerCase() !== user.name.toLowerCase()) {
        if (content.usersByName.has(name.toLowerCase())) {
          throw errors.conflict(
            '409017',
            'Conflict',
            `User '${name}' is already a member of the site.`,
          );
        }
        content.usersByName.delete(user.name.toLowerCase());
        content.usersByName.set(name.toLowerCase(), user);
        user.name = name;
      }
      const role = str(body, 'siteRole');
      if (role) user.siteRole = checkSiteRole(role);
      user.fullName = str(body, 'fullName') ?? user.fullName;
      user.email = str(body, 'email') ?? user.email;
      user.authSetting = checkAuthSetting(str(body, 'authSetting')) ?? user.authSetting;
      content.users.touch();
      return ok([
        el('user', {
          name: user.name,
          fullName: user.fullName,
          email: user.email,
          siteRole: user.siteRole,
          authSetting: user.authSetting,
        }),
      ]);
    },
  },
  {
    method: 'DELETE',
    path: '/sites/:siteId/users/:userId',
    auth: 'site',
    handler: (ctx) => {
      const scope = siteScope(ctx);
      requireSiteAdmin(scope);
      const { content, user: me } = scope;
      const user = requireItem(content.users, ctx.params.userId, 'user');
      if (user.id === me.id) throw errors.forbidden('You cannot remove yourself from the site.');
      // `mapAssetsTo` (3.23+) moves the user's content; otherwise it goes to the site admin.
      const heir = ctx.query.get('mapAssetsTo') ?? me.id;
      requireItem(content.users, heir, 'user');
      removeUserFromSite(content, user, heir);
      return NO_CONTENT;
    },
  },
  {
    method: 'GET',
    path: '/sites/:siteId/users/:userId/groups',
    auth: 'site',
    minVersion: '3.7',
    handler: (ctx) => {
      const { content } = siteScope(ctx);
      const user = requireItem(content.users, ctx.params.userId, 'user');
      const groups = content.groups;
      const mine = groups.all().filter((g: Group) => g.memberIds.has(user.id));
      return paginatedList(ctx.query, { items: mine }, {}, 'groups', (g) =>
        groupElement(g, 'default'),
      );
    },
  },
];

/** Reads the `<user id>` of a request such as Add User to Group. */
export function userIdFromBody(body: Record<string, unknown>): string {
  const id = str(child(body, 'user'), 'id');
  if (!id) throw errors.malformedBody("The request body must contain 'user' with an 'id'.");
  return id;
}

/** Removes a user, handing what they own to `heirId` (Remove User, Delete Users with CSV). */
export function removeUserFromSite(content: SiteContent, user: User, heirId: string): void {
  for (const items of [content.workbooks, content.datasources, content.projects, content.flows]) {
    for (const item of items.all()) if (item.ownerId === user.id) item.ownerId = heirId;
    items.touch();
  }
  for (const group of content.groups.all()) group.memberIds.delete(user.id);
  content.groups.touch();
  content.favorites.delete(user.id);
  for (const sub of content.subscriptions.all()) {
    if (sub.userId === user.id) content.subscriptions.remove(sub.id);
  }
  content.usersByName.delete(user.name.toLowerCase());
  content.users.remove(user.id);
}
