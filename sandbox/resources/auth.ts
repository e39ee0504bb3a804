import { isPatRevoked } from './server-admin';
import { SessionStore, type Session } from '../auth/sessions';
import { verifyConnectedAppJwt } from '../auth/jwt';
import type { Site, User } from '../data/model';
import { errors } from '../errors';
import { el } from '../format/element';
import { siteScope } from '../http/authenticate';
import { child, required, str } from '../http/request-body';
import { NO_CONTENT, ok, type RequestContext, type Route } from '../http/route';
import { DEMO_CREDENTIALS } from '../options';
import { compareVersions } from '../versions';
import { siteElement } from './sites';
import { userElement } from './users';

function credentialsReply(session: Session, site: Site) {
  return ok([
    el(
      'credentials',
      {
        token: session.token,
        estimatedTimeToExpiration: SessionStore.timeToExpiration(session),
      },
      [
        el('site', { id: site.id, contentUrl: site.contentUrl }),
        el('user', { id: session.userId }),
      ],
    ),
  ]);
}

/** Resolves who is signing in; any failure is 401001, as Tableau gives no further hint. */
function signInUser(ctx: RequestContext, credentials: Record<string, unknown>, site: Site) {
  const content = ctx.state.store.content(site.id);
  const name = str(credentials, 'name');
  const patName = str(credentials, 'personalAccessTokenName');
  const jwt = str(credentials, 'jwt');
  let user: User | undefined;
  let pat: string | undefined;
  if (jwt !== undefined) {
    // Connected apps (direct trust) arrived in 3.17.
    const app = ctx.state.connectedApp;
    if (!app || compareVersions(ctx.apiVersion, '3.17') < 0) throw errors.signInFailed();
    const claims = verifyConnectedAppJwt(jwt, app);
    if (!claims) throw errors.signInFailed();
    user = content.usersByName.get(claims.sub.toLowerCase());
  } else if (patName !== undefined) {
    // PAT sign-in arrived in 3.6 (Server 2019.4).
    if (compareVersions(ctx.apiVersion, '3.6') < 0) throw errors.signInFailed();
    const secret = str(credentials, 'personalAccessTokenSecret');
    if (
      patName !== DEMO_CREDENTIALS.patName ||
      secret !== DEMO_CREDENTIALS.patSecret ||
      isPatRevoked(ctx.state.sessions, patName)
    ) {
      throw errors.signInFailed();
    }
    user = content.usersByName.get(DEMO_CREDENTIALS.username);
    pat = patName;
  } else if (name !== undefined) {
    const password = str(credentials, 'password');
    if (
      name.toLowerCase() !== DEMO_CREDENTIALS.username ||
      password !== DEMO_CREDENTIALS.password
    ) {
      throw errors.signInFailed();
    }
    user = content.usersByName.get(DEMO_CREDENTIALS.username);
  } else {
    throw errors.malformedBody('The credentials element needs a name, a PAT or a jwt.');
  }
  if (!user || user.siteRole === 'Unlicensed') throw errors.signInFailed();
  // Impersonation (Server admins only): <user id="…"/> inside <credentials>.
  const impersonate = str(child(credentials, 'user'), 'id');
  if (impersonate !== undefined) {
    if (user.siteRole !== 'ServerAdministrator') throw errors.signInFailed();
    user = content.users.get(impersonate);
    if (!user) throw errors.signInFailed();
  }
  return { user, pat };
}

export const authRoutes: Route[] = [
  {
    method: 'POST',
    path: '/auth/signin',
    auth: 'none',
    handler: (ctx) => {
      const credentials = required(ctx.body, 'credentials');
      const contentUrl = str(child(credentials, 'site'), 'contentUrl') ?? '';
      const site = ctx.state.store.siteByContentUrl(contentUrl);
      if (!site || site.state !== 'Active') throw errors.signInFailed();
      const { user, pat } = signInUser(ctx, credentials, site);
      const session = ctx.state.sessions.create(user.id, site.id, site.contentUrl, pat);
      user.lastLogin = new Date().toISOString().slice(0, 19) + 'Z';
      // lastLogin is filterable and sortable: drop cached orders.
      ctx.state.store.content(site.id).users.touch();
      return credentialsReply(session, site);
    },
  },
  {
    method: 'POST',
    path: '/auth/signout',
    auth: 'token',
    handler: (ctx) => {
      if (ctx.session) ctx.state.sessions.delete(ctx.session.token);
      return NO_CONTENT;
    },
  },
  {
    method: 'POST',
    path: '/auth/switchSite',
    auth: 'token',
    minVersion: '2.6',
    handler: (ctx) => {
      const session = ctx.session as Session;
      const contentUrl = str(required(ctx.body, 'site'), 'contentUrl') ?? '';
      const site = ctx.state.store.siteByContentUrl(contentUrl);
      if (!site) throw errors.signInFailed();
      // 403070: switching to the site you are on (TSC catches and ignores it).
      if (site.id === session.siteId) throw errors.sameSite();
      const from = ctx.state.store.content(session.siteId).users.get(session.userId);
      const user =
        from && ctx.state.store.content(site.id).usersByName.get(from.name.toLowerCase());
      if (!user) throw errors.signInFailed();
      ctx.state.sessions.delete(session.token);
      const next = ctx.state.sessions.create(user.id, site.id, site.contentUrl, session.pat);
      return credentialsReply(next, site);
    },
  },
  {
    method: 'GET',
    path: '/sessions/current',
    auth: 'token',
    minVersion: '3.1',
    handler: (ctx) => {
      const { site, user } = siteScope(ctx);
      return ok([el('session', {}, [siteElement(site, false), userElement(user, 'session')])]);
    },
  },
];
