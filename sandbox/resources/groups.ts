import { randomUUID } from 'node:crypto';
import type { Group, User } from '../data/model';
import { errors } from '../errors';
import { el, list, type Element } from '../format/element';
import { requireSiteAdmin, siteScope } from '../http/authenticate';
import { child, many, required, str } from '../http/request-body';
import { NO_CONTENT, ok, type Route } from '../http/route';
import type { FieldMode } from '../query/fields';
import type { FieldSpecs } from '../query/filter-sort';
import { paginatedList } from '../query/list-query';
import { checkSiteRole, requireItem } from './common';
import { importGroup, syncGroup } from './group-import';
import { USER_FIELDS, userIdFromBody } from './users';

/** `group_get.xml`: id, name, `<domain name>`; `_all_` adds userCount and minimumSiteRole. */
export function groupElement(group: Group, mode: FieldMode): Element {
  const attrs: Element['attrs'] = { id: group.id, name: group.name };
  if (mode === 'all') {
    attrs.userCount = group.memberIds.size;
    attrs.minimumSiteRole = group.minimumSiteRole;
  }
  return el('group', attrs, [el('domain', { name: group.domainName })]);
}

const GROUP_FIELDS: FieldSpecs<Group> = {
  id: { type: 'string', get: (g) => g.id },
  name: { type: 'string', get: (g) => g.name },
  domainName: { type: 'string', get: (g) => g.domainName },
  minimumSiteRole: { type: 'string', get: (g) => g.minimumSiteRole },
  isLocal: { type: 'boolean', get: (g) => g.domainName === 'local' },
  userCount: { type: 'number', get: (g) => g.memberIds.size },
};

/** A member as Get Users in Group lists it (`group_populate_users.xml`). */
function memberElement(user: User): Element {
  return el('user', {
    id: user.id,
    name: user.name,
    siteRole: user.siteRole,
    lastLogin: user.lastLogin,
    externalAuthUserId: user.externalAuthUserId,
  });
}

function checkNameFree(groups: readonly Group[], name: string, except?: string): void {
  if (groups.some((g) => g.id !== except && g.name.toLowerCase() === name.toLowerCase())) {
    throw errors.conflict(
      '409009',
      'Conflict',
      `A group named '${name}' already exists on the site.`,
    );
  }
}

export const groupRoutes: Route[] = [
  {
    method: 'GET',
    path: '/sites/:siteId/groups',
    auth: 'site',
    handler: (ctx) => {
      const { content } = siteScope(ctx);
      const groups = content.groups;
      return paginatedList(
        ctx.query,
        { items: groups.all(), cache: { collection: groups, key: 'groups' } },
        GROUP_FIELDS,
        'groups',
        groupElement,
      );
    },
  },
  {
    method: 'POST',
    path: '/sites/:siteId/groups',
    auth: 'site',
    handler: (ctx) => {
      const scope = siteScope(ctx);
      requireSiteAdmin(scope);
      const { content } = scope;
      const body = required(ctx.body, 'group');
      const name = str(body, 'name');
      if (!name) throw errors.malformedBody("A group needs a 'name'.");
      checkNameFree(content.groups.all(), name);
      const directory = child(body, 'import');
      if (directory) return importGroup(ctx, content, name, directory);
      const role = str(body, 'minimumSiteRole');
      const group: Group = {
        id: randomUUID(),
        name,
        domainName: 'local',
        minimumSiteRole: role ? checkSiteRole(role) : undefined,
        memberIds: new Set(),
      };
      content.groups.add(group);
      // The capture (`group_create.xml`) names the grant-on-login role `siteRole`.
      return ok(
        [
          el('group', {
            id: group.id,
            name,
            siteRole: group.minimumSiteRole,
            grantLicenseMode: group.minimumSiteRole ? 'onLogin' : undefined,
          }),
        ],
        201,
      );
    },
  },
  {
    method: 'PUT',
    path: '/sites/:siteId/groups/:groupId',
    auth: 'site',
    handler: (ctx) => {
      const scope = siteScope(ctx);
      requireSiteAdmin(scope);
      const { content } = scope;
      const group = requireItem(content.groups, ctx.params.groupId, 'group');
      const body = required(ctx.body, 'group');
      const name = str(body, 'name');
      if (name) {
        checkNameFree(content.groups.all(), name, group.id);
        group.name = name;
      }
      const directory = child(body, 'import');
      if (directory) return syncGroup(ctx, content, group, directory);
      const role = str(body, 'minimumSiteRole');
      if (role) group.minimumSiteRole = checkSiteRole(role);
      content.groups.touch();
      const children = group.minimumSiteRole
        ? [
            el('import', {
              domainName: group.domainName,
              siteRole: group.minimumSiteRole,
              grantLicenseMode: 'onLogin',
            }),
          ]
        : [];
      return ok([el('group', { id: group.id, name: group.name }, children)]);
    },
  },
  {
    method: 'DELETE',
    path: '/sites/:siteId/groups/:groupId',
    auth: 'site',
    handler: (ctx) => {
      const scope = siteScope(ctx);
      requireSiteAdmin(scope);
      const { content } = scope;
      const group = requireItem(content.groups, ctx.params.groupId, 'group');
      if (group.name === 'All Users')
        throw errors.forbidden("The 'All Users' group cannot be deleted.");
      content.groups.remove(group.id);
      return NO_CONTENT;
    },
  },
  {
    method: 'GET',
    path: '/sites/:siteId/groups/:groupId/users',
    auth: 'site',
    handler: (ctx) => {
      const { content } = siteScope(ctx);
      const group = requireItem(content.groups, ctx.params.groupId, 'group');
      const members = content.users.all().filter((u) => group.memberIds.has(u.id));
      return paginatedList(ctx.query, { items: members }, USER_FIELDS, 'users', memberElement);
    },
  },
  {
    method: 'POST',
    path: '/sites/:siteId/groups/:groupId/users',
    auth: 'site',
    handler: (ctx) => {
      const scope = siteScope(ctx);
      requireSiteAdmin(scope);
      const { content } = scope;
      const group = requireItem(content.groups, ctx.params.groupId, 'group');
      // Bulk form (3.21): <users><user id/>…</users>; single form: <user id/>.
      const bulk = many(child(ctx.body, 'users'), 'user');
      const ids =
        bulk.length > 0 ? bulk.map((u) => str(u, 'id') ?? '') : [userIdFromBody(ctx.body)];
      const users = ids.map((id) => requireItem(content.users, id, 'user'));
      for (const user of users) {
        if (group.memberIds.has(user.id) && bulk.length === 0) {
          throw errors.conflict(
            '409011',
            'Conflict',
            `User '${user.id}' is already a member of group '${group.id}'.`,
          );
        }
      }
      for (const user of users) group.memberIds.add(user.id);
      content.groups.touch();
      if (bulk.length > 0) {
        return ok([
          list(
            'users',
            users.map((u) => el('user', { id: u.id, name: u.name, siteRole: u.siteRole })),
          ),
        ]);
      }
      const user = users[0];
      return ok([
        el('user', {
          id: user.id,
          name: user.name,
          siteRole: user.siteRole,
          externalAuthUserId: user.externalAuthUserId,
        }),
      ]);
    },
  },
  {
    method: 'DELETE',
    path: '/sites/:siteId/groups/:groupId/users/:userId',
    auth: 'site',
    handler: (ctx) => {
      const scope = siteScope(ctx);
      requireSiteAdmin(scope);
      const { content } = scope;
      const group = requireItem(content.groups, ctx.params.groupId, 'group');
      const user = requireItem(content.users, ctx.params.userId, 'user');
      if (!group.memberIds.delete(user.id)) {
        throw errors.notFound(
          '404002',
          'User',
          `${user.id}' is not a member of group '${group.id}`,
        );
      }
      content.groups.touch();
      return NO_CONTENT;
    },
  },
  {
    // Remove Users from Group (3.21): <users><user id/>…</users>, as TSC's groups.remove_users.
    method: 'PUT',
    path: '/sites/:siteId/groups/:groupId/users/remove',
    auth: 'site',
    minVersion: '3.21',
    handler: (ctx) => {
      const scope = siteScope(ctx);
      requireSiteAdmin(scope);
      const { content } = scope;
      const group = requireItem(content.groups, ctx.params.groupId, 'group');
      const ids = many(child(ctx.body, 'users'), 'user').map((u) => str(u, 'id') ?? '');
      if (ids.length === 0) throw errors.malformedBody("The request needs a 'users' list.");
      const users = ids.map((id) => requireItem(content.users, id, 'user'));
      for (const user of users) group.memberIds.delete(user.id);
      content.groups.touch();
      return NO_CONTENT;
    },
  },
];
