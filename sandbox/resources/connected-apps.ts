/**
 * Connected apps (direct trust: `/connected-applications` 3.14, `/connected-apps/direct-trust`
 * 3.17) with their secrets, and external authorization servers (EAS, 3.17). Element names
 * follow the 3.29 XSD (connectedApplication, connectedApplicationSecret,
 * externalAuthorizationServer). Apps created here are stored; JWT sign-in keeps using the
 * sandbox's configured app (`--connected-app`).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { errors } from '../errors';
import { el, list, type Element } from '../format/element';
import { requireSiteAdmin, siteScope } from '../http/authenticate';
import { bool, required, str } from '../http/request-body';
import { NO_CONTENT, ok, type RequestContext, type Route } from '../http/route';
import { nowIso } from './common';

interface AppSecret {
  id: string;
  value: string;
  createdAt: string;
}
interface ConnectedApp {
  clientId: string;
  name: string;
  enabled: boolean;
  unrestrictedEmbedding: boolean;
  domainSafelist: string;
  projectId?: string;
  createdAt: string;
  secrets: AppSecret[];
}
interface AuthServer {
  id: string;
  name: string;
  issuerUrl: string;
  jwksUri: string;
  enabled: boolean;
  createdAt: string;
}
interface SiteApps {
  apps: Map<string, ConnectedApp>;
  servers: Map<string, AuthServer>;
}

const bySite = new WeakMap<object, SiteApps>();

/** The site's apps; the caller must be a site administrator (Connected Apps reference). */
function appsOf(ctx: RequestContext): SiteApps {
  const scope = siteScope(ctx);
  requireSiteAdmin(scope);
  let apps = bySite.get(scope.content);
  if (!apps) {
    apps = { apps: new Map(), servers: new Map() };
    bySite.set(scope.content, apps);
  }
  return apps;
}

function appElement(app: ConnectedApp, withSecretValues = false): Element {
  return el(
    'connectedApplication',
    {
      clientId: app.clientId,
      name: app.name,
      enabled: app.enabled,
      unrestrictedEmbedding: app.unrestrictedEmbedding,
      domainSafelist: app.domainSafelist,
      projectId: app.projectId,
      createdAt: app.createdAt,
    },
    app.secrets.map((s) =>
      el('secret', {
        id: s.id,
        value: withSecretValues ? s.value : undefined,
        createdAt: s.createdAt,
      }),
    ),
  );
}

function serverElement(server: AuthServer): Element {
  return el('externalAuthorizationServer', { ...server });
}

function findApp(ctx: RequestContext): ConnectedApp {
  const app = appsOf(ctx).apps.get(ctx.params.clientId.toLowerCase());
  if (!app) throw errors.notFound('404002', 'Connected app', ctx.params.clientId);
  return app;
}

function findServer(ctx: RequestContext): AuthServer {
  const server = appsOf(ctx).servers.get(ctx.params.serverId.toLowerCase());
  if (!server)
    throw errors.notFound('404002', 'External authorization server', ctx.params.serverId);
  return server;
}

function applyApp(app: ConnectedApp, body: Record<string, unknown>): void {
  app.name = str(body, 'name') ?? app.name;
  app.enabled = bool(body, 'enabled') ?? app.enabled;
  app.unrestrictedEmbedding = bool(body, 'unrestrictedEmbedding') ?? app.unrestrictedEmbedding;
  app.domainSafelist = str(body, 'domainSafelist') ?? app.domainSafelist;
  app.projectId = str(body, 'projectId') ?? app.projectId;
}

function appRoutes(base: string, minVersion: string): Route[] {
  const route = (method: Route['method'], path: string, handler: Route['handler']): Route => ({
    method,
    path: `/sites/:siteId/${base}${path}`,
    auth: 'site',
    minVersion,
    handler,
  });
  return [
    route('GET', '', (ctx) =>
      ok([
        list(
          'connectedApplications',
          [...appsOf(ctx).apps.values()].map((a) => appElement(a)),
        ),
      ]),
    ),
    route('POST', '', (ctx) => {
      const body = required(ctx.body, 'connectedApplication');
      if (!str(body, 'name')) throw errors.malformedBody('A connected app needs a name.');
      const app: ConnectedApp = {
        clientId: randomUUID(),
        name: '',
        enabled: false,
        unrestrictedEmbedding: false,
        domainSafelist: '',
        createdAt: nowIso(),
        secrets: [],
      };
      applyApp(app, body);
      appsOf(ctx).apps.set(app.clientId, app);
      return ok([appElement(app)], 201);
    }),
    route('GET', '/:clientId', (ctx) => ok([appElement(findApp(ctx))])),
    route('PUT', '/:clientId', (ctx) => {
      const app = findApp(ctx);
      applyApp(app, required(ctx.body, 'connectedApplication'));
      return ok([appElement(app)]);
    }),
    route('DELETE', '/:clientId', (ctx) => {
      appsOf(ctx).apps.delete(findApp(ctx).clientId);
      return NO_CONTENT;
    }),
    route('POST', '/:clientId/secrets', (ctx) => {
      const app = findApp(ctx);
      const secret = {
        id: randomUUID(),
        value: randomBytes(32).toString('base64'),
        createdAt: nowIso(),
      };
      app.secrets.push(secret);
      // The secret value is shown once, in this answer only (as Tableau does).
      return ok([el('connectedApplicationSecret', { ...secret })], 201);
    }),
    route('GET', '/:clientId/secrets/:secretId', (ctx) => {
      const secret = findApp(ctx).secrets.find((s) => s.id === ctx.params.secretId.toLowerCase());
      if (!secret) throw errors.notFound('404002', 'Connected app secret', ctx.params.secretId);
      return ok([el('connectedApplicationSecret', { ...secret })]);
    }),
    route('DELETE', '/:clientId/secrets/:secretId', (ctx) => {
      const app = findApp(ctx);
      const index = app.secrets.findIndex((s) => s.id === ctx.params.secretId.toLowerCase());
      if (index < 0) throw errors.notFound('404002', 'Connected app secret', ctx.params.secretId);
      app.secrets.splice(index, 1);
      return NO_CONTENT;
    }),
  ];
}

const eas = '/sites/:siteId/connected-apps/external-authorization-servers';

export const connectedAppRoutes: Route[] = [
  ...appRoutes('connected-applications', '3.14'),
  ...appRoutes('connected-apps/direct-trust', '3.17'),
  {
    method: 'GET',
    path: eas,
    auth: 'site',
    minVersion: '3.17',
    handler: (ctx) =>
      ok([
        list(
          'externalAuthorizationServerList',
          [...appsOf(ctx).servers.values()].map(serverElement),
        ),
      ]),
  },
  {
    method: 'POST',
    path: eas,
    auth: 'site',
    minVersion: '3.17',
    handler: (ctx) => {
      const body = required(ctx.body, 'externalAuthorizationServer');
      const issuerUrl = str(body, 'issuerUrl');
      if (!issuerUrl || !/^https:\/\//i.test(issuerUrl)) {
        throw errors.badRequest('An external authorization server needs an https issuerUrl.');
      }
      const server: AuthServer = {
        id: randomUUID(),
        name: str(body, 'name') ?? issuerUrl,
        issuerUrl,
        jwksUri: str(body, 'jwksUri') ?? `${issuerUrl.replace(/\/$/, '')}/.well-known/jwks.json`,
        enabled: bool(body, 'enabled') ?? true,
        createdAt: nowIso(),
      };
      appsOf(ctx).servers.set(server.id, server);
      return ok([serverElement(server)], 201);
    },
  },
  {
    method: 'GET',
    path: `${eas}/:serverId`,
    auth: 'site',
    minVersion: '3.17',
    handler: (ctx) => ok([serverElement(findServer(ctx))]),
  },
  {
    method: 'PUT',
    path: `${eas}/:serverId`,
    auth: 'site',
    minVersion: '3.17',
    handler: (ctx) => {
      const server = findServer(ctx);
      const body = required(ctx.body, 'externalAuthorizationServer');
      server.name = str(body, 'name') ?? server.name;
      server.jwksUri = str(body, 'jwksUri') ?? server.jwksUri;
      server.enabled = bool(body, 'enabled') ?? server.enabled;
      return ok([serverElement(server)]);
    },
  },
  {
    method: 'DELETE',
    path: `${eas}/:serverId`,
    auth: 'site',
    minVersion: '3.17',
    handler: (ctx) => {
      appsOf(ctx).servers.delete(findServer(ctx).id);
      return NO_CONTENT;
    },
  },
];
