/**
 * Server administration (Tableau Server only): Active Directory domains (3.11), Delete
 * Server Session (3.9) and Revoke Administrator PATs (3.10).
 */
import type { Store } from '../data/store';
import type { SessionStore } from '../auth/sessions';
import { errors } from '../errors';
import { DEMO_CREDENTIALS } from '../options';
import { el, list } from '../format/element';
import { required, str } from '../http/request-body';
import { NO_CONTENT, ok, type RequestContext, type Route } from '../http/route';
import { notFound } from './common';

interface Domain {
  id: string;
  name: string;
  shortName: string;
}

const domainsByStore = new WeakMap<Store, Domain[]>();
const revokedPats = new WeakMap<SessionStore, Set<string>>();

/** Whether Revoke Administrator PATs removed this PAT (sign-in with it then fails). */
export function isPatRevoked(sessions: SessionStore, name: string): boolean {
  return revokedPats.get(sessions)?.has(name) ?? false;
}

/** The domains of the default site's users: `local` plus the Active Directory ones. */
function domainsOf(ctx: RequestContext): Domain[] {
  const store = ctx.state.store;
  let domains = domainsByStore.get(store);
  if (!domains) {
    const site = store.sites.all()[0];
    const names = new Set(['local']);
    for (const user of store.content(site.id).users.all()) names.add(user.domainName);
    domains = [...names].map((name, i) => ({
      id: String(i + 1),
      name,
      shortName: name === 'local' ? 'local' : name.split('.')[0].toUpperCase(),
    }));
    domainsByStore.set(store, domains);
  }
  return domains;
}

export function requireServerAdmin(ctx: RequestContext): void {
  const session = ctx.session;
  const user = session && ctx.state.store.content(session.siteId).users.get(session.userId);
  if (user?.siteRole !== 'ServerAdministrator') {
    throw errors.forbidden('This method is available to server administrators only.');
  }
}

const domainElement = (d: Domain) =>
  el('domain', { id: d.id, name: d.name, shortName: d.shortName });

export const serverAdminRoutes: Route[] = [
  {
    method: 'GET',
    path: '/domains',
    auth: 'token',
    minVersion: '3.11',
    handler: (ctx) => {
      requireServerAdmin(ctx);
      return ok([list('domainList', domainsOf(ctx).map(domainElement))]);
    },
  },
  {
    method: 'PUT',
    path: '/domains',
    auth: 'token',
    minVersion: '3.11',
    handler: (ctx) => {
      requireServerAdmin(ctx);
      const body = required(ctx.body, 'domain');
      const id = str(body, 'id');
      if (!id)
        throw errors.malformedBody("Update Active Directory Domain needs the domain's 'id'.");
      const domain = domainsOf(ctx).find((d) => d.id === id);
      if (!domain) throw notFound('domain', id);
      const name = str(body, 'name');
      const shortName = str(body, 'shortName');
      if (name !== undefined && !name.trim())
        throw errors.badRequest('A domain name cannot be empty.');
      if (name !== undefined) domain.name = name;
      if (shortName !== undefined) domain.shortName = shortName;
      return ok([domainElement(domain)]);
    },
  },
  {
    method: 'DELETE',
    path: '/sessions/:sessionId',
    auth: 'token',
    minVersion: '3.9',
    handler: (ctx) => {
      requireServerAdmin(ctx);
      const id = ctx.params.sessionId;
      const session = ctx.state.sessions.list().find((s) => s.id === id || s.token === id);
      if (!session) throw notFound('session', id);
      ctx.state.sessions.delete(session.token);
      return NO_CONTENT;
    },
  },
  {
    method: 'DELETE',
    path: '/auth/serverAdminAccessTokens',
    auth: 'token',
    minVersion: '3.10',
    handler: (ctx) => {
      requireServerAdmin(ctx);
      const revoked = revokedPats.get(ctx.state.sessions) ?? new Set<string>();
      revokedPats.set(ctx.state.sessions, revoked);
      // Every PAT of a server administrator goes (the sandbox's one PAT belongs to `admin`),
      // and so do the sessions signed in with one.
      revoked.add(DEMO_CREDENTIALS.patName);
      for (const session of ctx.state.sessions.list()) {
        if (session.pat && revoked.has(session.pat)) ctx.state.sessions.delete(session.token);
      }
      return NO_CONTENT;
    },
  },
];
