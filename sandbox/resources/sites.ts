import { randomUUID } from 'node:crypto';
import type { Site } from '../data/model';
import { errors } from '../errors';
import { el, list, type Element } from '../format/element';
import { bool, required, str } from '../http/request-body';
import { NO_CONTENT, ok, type RequestContext, type Route } from '../http/route';
import type { FieldSpecs } from '../query/filter-sort';
import { paginatedList } from '../query/list-query';
import { notFound, nowIso, SAML_IDP_ID } from './common';

/** A site with the attributes Tableau Server returns (fixtures `site_get*.xml`). */
export function siteElement(site: Site, full = true): Element {
  if (!full) return el('site', { id: site.id, name: site.name, contentUrl: site.contentUrl });
  return el('site', {
    id: site.id,
    name: site.name,
    contentUrl: site.contentUrl,
    adminMode: site.adminMode,
    storageQuota: site.storageQuota,
    disableSubscriptions: site.disableSubscriptions,
    state: site.state,
    revisionHistoryEnabled: site.revisionHistoryEnabled,
    revisionLimit: site.revisionLimit,
    subscribeOthersEnabled: site.subscribeOthersEnabled,
    allowSubscriptionAttachments: true,
    guestAccessEnabled: false,
    cacheWarmupEnabled: true,
    commentingEnabled: true,
    commentingMentionsEnabled: true,
    editingFlowsEnabled: true,
    schedulingFlowsEnabled: true,
    extractEncryptionMode: 'enabled',
    catalogingEnabled: true,
    catalogObfuscationEnabled: true,
    derivedPermissionsEnabled: false,
    requestAccessEnabled: false,
    runNowEnabled: true,
    numUsers: site.plannedUsers,
    storage: 0,
    userQuota: site.userQuota,
    tierCreatorCapacity: site.userQuota,
    tierExplorerCapacity: site.userQuota,
    tierViewerCapacity: site.userQuota,
    isDataAlertsEnabled: true,
    askDataMode: 'DisabledByDefault',
    useDefaultTimeZone: true,
    timeZone: 'UTC',
    // Newer attributes, as in the 3.x capture `site_update.xml`.
    materializedViewsEnabled: false,
    flowsEnabled: true,
    flowAutoSaveEnabled: true,
    webExtractionEnabled: true,
    metricsContentTypeEnabled: false,
    notifySiteAdminsOnThrottle: false,
    authoringEnabled: true,
    customSubscriptionEmailEnabled: false,
    customSubscriptionEmail: false,
    customSubscriptionFooterEnabled: false,
    customSubscriptionFooter: false,
    namedSharingEnabled: true,
    mobileBiometricsEnabled: false,
    sheetImageEnabled: true,
    userVisibilityMode: 'FULL',
    autoSuspendRefreshEnabled: true,
    autoSuspendRefreshInactivityWindow: 30,
  });
}

const SITE_FIELDS: FieldSpecs<Site> = {
  name: { type: 'string', get: (s) => s.name },
  contentUrl: { type: 'string', get: (s) => s.contentUrl },
  state: { type: 'string', get: (s) => s.state },
  createdAt: { type: 'date', get: (s) => s.createdAt },
};

/** Server-only methods need a server administrator. */
function requireServerAdmin(ctx: RequestContext): void {
  const session = ctx.session;
  const user = session && ctx.state.store.content(session.siteId).users.get(session.userId);
  if (user?.siteRole !== 'ServerAdministrator') {
    throw errors.forbidden('This method is available to server administrators only.');
  }
}

/** `/sites/{id}`, `/sites/{name}?key=name`, `/sites/{contentUrl}?key=contentUrl`. */
function findSite(ctx: RequestContext): Site {
  const key = ctx.query.get('key') ?? 'id';
  const value = ctx.params.siteId;
  const sites = ctx.state.store.sites;
  let site: Site | undefined;
  if (key === 'id') site = sites.get(value);
  else if (key === 'name')
    site = sites.all().find((s) => s.name.toLowerCase() === value.toLowerCase());
  else if (key === 'contentUrl') site = ctx.state.store.siteByContentUrl(value);
  else throw errors.badRequest(`The key '${key}' is not valid; use id, name or contentUrl.`);
  if (!site) throw notFound('site', value);
  // Non-admins may only read their own site.
  if (site.id !== ctx.session?.siteId) requireServerAdmin(ctx);
  return site;
}

function applySiteUpdate(site: Site, body: Record<string, unknown>): void {
  site.name = str(body, 'name') ?? site.name;
  site.contentUrl = str(body, 'contentUrl') ?? site.contentUrl;
  const adminMode = str(body, 'adminMode');
  if (adminMode === 'ContentOnly' || adminMode === 'ContentAndUsers') site.adminMode = adminMode;
  const state = str(body, 'state');
  if (state === 'Active' || state === 'Suspended') site.state = state;
  const quota = str(body, 'userQuota');
  if (quota !== undefined) site.userQuota = Number(quota);
  site.revisionHistoryEnabled = bool(body, 'revisionHistoryEnabled') ?? site.revisionHistoryEnabled;
  site.disableSubscriptions = bool(body, 'disableSubscriptions') ?? site.disableSubscriptions;
}

/** Identity providers a site can use (`site_auth_configurations.xml`, 3.24+). */
function authConfigurations(): Element[] {
  return [
    el('siteAuthConfiguration', { authSetting: 'ServerDefault', enabled: true }),
    el('siteAuthConfiguration', {
      authSetting: 'SAML',
      enabled: true,
      idpConfigurationId: SAML_IDP_ID,
      idpConfigurationName: 'Corporate SAML',
    }),
    el('siteAuthConfiguration', {
      authSetting: 'OpenID',
      enabled: false,
      idpConfigurationId: 'a1b2c3d4-0000-4000-8000-00000000c0de',
      idpConfigurationName: 'Salesforce',
      knownProviderAlias: 'Salesforce',
    }),
  ];
}

export const siteRoutes: Route[] = [
  {
    method: 'GET',
    path: '/sites/:siteId/site-auth-configurations',
    auth: 'site',
    minVersion: '3.24',
    handler: () => ok([list('siteAuthConfigurations', authConfigurations())]),
  },
  {
    method: 'GET',
    path: '/sites',
    auth: 'token',
    handler: (ctx) => {
      requireServerAdmin(ctx);
      const sites = ctx.state.store.sites;
      return paginatedList(
        ctx.query,
        { items: sites.all(), cache: { collection: sites, key: 'sites' } },
        SITE_FIELDS,
        'sites',
        (s) => siteElement(s),
      );
    },
  },
  {
    method: 'GET',
    path: '/sites/:siteId',
    auth: 'token',
    handler: (ctx) => ok([siteElement(findSite(ctx))]),
  },
  {
    method: 'POST',
    path: '/sites',
    auth: 'token',
    handler: (ctx) => {
      requireServerAdmin(ctx);
      const body = required(ctx.body, 'site');
      const name = str(body, 'name');
      const contentUrl = str(body, 'contentUrl');
      if (!name || contentUrl === undefined) {
        throw errors.malformedBody("A site needs 'name' and 'contentUrl'.");
      }
      if (ctx.state.store.siteByContentUrl(contentUrl)) {
        throw errors.conflict(
          '409001',
          'Conflict',
          `A site with contentUrl '${contentUrl}' already exists.`,
        );
      }
      const site: Site = {
        id: randomUUID(),
        name,
        contentUrl,
        adminMode: 'ContentAndUsers',
        state: 'Active',
        storageQuota: 102400,
        userQuota: 100,
        revisionHistoryEnabled: true,
        revisionLimit: 25,
        subscribeOthersEnabled: true,
        disableSubscriptions: false,
        createdAt: nowIso(),
        plannedUsers: 1,
      };
      applySiteUpdate(site, body);
      ctx.state.store.addSite(site, {
        users: 1,
        projects: 1,
        groups: 1,
        workbooks: 0,
        datasources: 0,
      });
      return ok([siteElement(site)], 201);
    },
  },
  {
    method: 'PUT',
    path: '/sites/:siteId',
    auth: 'site',
    handler: (ctx) => {
      requireServerAdmin(ctx);
      const site = findSite(ctx);
      applySiteUpdate(site, required(ctx.body, 'site'));
      ctx.state.store.sites.touch();
      return ok([siteElement(site)]);
    },
  },
  {
    method: 'DELETE',
    path: '/sites/:siteId',
    auth: 'token',
    handler: (ctx) => {
      requireServerAdmin(ctx);
      const site = findSite(ctx);
      ctx.state.store.removeSite(site.id);
      return NO_CONTENT;
    },
  },
];
