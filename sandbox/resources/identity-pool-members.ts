/**
 * Add User to / Remove User from Identity Pool (Tableau Server, 3.19): membership of a pool of
 * the versionless authn-service (`versionless/identity-pools.ts`). The body and the answer's
 * `<user>` follow PSTableauREST (id, identityPoolUuid, optional name, siteRole, identityUuid).
 */
import { errors } from '../errors';
import { el } from '../format/element';
import { requireSiteAdmin, siteScope } from '../http/authenticate';
import { required, str } from '../http/request-body';
import { NO_CONTENT, ok, type RequestContext, type Route } from '../http/route';
import { hasIdentityPool } from '../versionless/identity-pools';
import { checkSiteRole, requireItem } from './common';

/** userId → pool ids, per server. */
const members = new WeakMap<object, Map<string, Set<string>>>();

function membersOf(ctx: RequestContext): Map<string, Set<string>> {
  let map = members.get(ctx.state);
  if (!map) {
    map = new Map();
    members.set(ctx.state, map);
  }
  return map;
}

function pool(ctx: RequestContext, id: string | undefined): string {
  if (!id || !hasIdentityPool(ctx.state, id))
    throw errors.notFound('404002', 'Identity pool', id ?? '');
  return id.toLowerCase();
}

export const identityPoolMemberRoutes: Route[] = [
  {
    method: 'POST',
    path: '/sites/:siteId/users/identityPool',
    auth: 'site',
    minVersion: '3.19',
    handler: (ctx) => {
      const scope = siteScope(ctx);
      requireSiteAdmin(scope);
      const body = required(ctx.body, 'user');
      const user = requireItem(scope.content.users, str(body, 'id') ?? '', 'user');
      const poolId = pool(ctx, str(body, 'identityPoolUuid'));
      const role = str(body, 'siteRole');
      if (role) {
        user.siteRole = checkSiteRole(role);
        scope.content.users.touch();
      }
      const pools = membersOf(ctx).get(user.id) ?? new Set<string>();
      pools.add(poolId);
      membersOf(ctx).set(user.id, pools);
      return ok([
        el('user', {
          id: user.id,
          name: user.name,
          siteRole: user.siteRole,
          identityPoolUuid: poolId,
          identityUuid: str(body, 'identityUuid'),
        }),
      ]);
    },
  },
  {
    method: 'DELETE',
    path: '/sites/:siteId/users/:userId/identityPool/:poolId',
    auth: 'site',
    minVersion: '3.19',
    handler: (ctx) => {
      const scope = siteScope(ctx);
      requireSiteAdmin(scope);
      const user = requireItem(scope.content.users, ctx.params.userId, 'user');
      const poolId = pool(ctx, ctx.params.poolId);
      if (!membersOf(ctx).get(user.id)?.delete(poolId)) {
        throw errors.notFound('404002', 'Identity pool member', `${user.id} in ${poolId}`);
      }
      return NO_CONTENT;
    },
  },
];
