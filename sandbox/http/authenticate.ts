import { errors, TableauError } from '../errors';
import type { RequestContext, Route, SiteScope } from './route';
import { advanceUserImports } from '../resources/user-import-job';

/**
 * Checks `X-Tableau-Auth`: missing → 401000, unknown/expired/superseded → 401002. Site-scoped
 * routes also need the token's own site: an unknown site LUID is 404000.
 */
export function authenticate(
  ctx: RequestContext,
  route: Route,
  header: string | string[] | undefined,
): void {
  if (route.auth === 'none') return;
  const token = Array.isArray(header) ? header[0] : header;
  if (!token) throw errors.missingToken();
  const session = ctx.state.sessions.get(token.trim());
  if (!session) throw errors.invalidToken();
  ctx.session = session;
  if (route.auth === 'site') {
    const siteId = ctx.params.siteId.toLowerCase();
    if (siteId !== session.siteId) {
      if (!ctx.state.store.sites.get(siteId)) throw errors.siteNotFound(ctx.params.siteId);
      throw errors.wrongSite(ctx.params.siteId);
    }
  }
}

/** The session's site, its content and the signed-in user. */
export function siteScope(ctx: RequestContext): SiteScope {
  const session = ctx.session;
  if (!session) throw errors.missingToken();
  const site = ctx.state.store.sites.get(session.siteId);
  if (!site) throw errors.siteNotFound(session.siteId);
  const content = ctx.state.store.content(site.id);
  const user = content.users.get(session.userId);
  // The user was removed while signed in: the token no longer names anyone.
  if (!user) throw errors.invalidToken();
  // A user import in progress adds its users as time passes, whatever is asked next.
  advanceUserImports(content, ctx.state.clock());
  return { site, content, user };
}

const SITE_ADMIN_ROLES = new Set([
  'ServerAdministrator',
  'SiteAdministratorCreator',
  'SiteAdministratorExplorer',
]);

/** Site-administration methods (users, groups) need a site or server administrator. */
export function requireSiteAdmin(scope: SiteScope, code = '403022'): void {
  if (!SITE_ADMIN_ROLES.has(scope.user.siteRole)) {
    throw new TableauError(
      code,
      'Forbidden',
      'This method is available to site administrators only.',
    );
  }
}
