import { randomUUID } from 'node:crypto';
import type { Site } from '../data/model';
import { errors } from '../errors';
import { el, list, type AttrValue, type Element } from '../format/element';
import { bool, required, str } from '../http/request-body';
import { NO_CONTENT, ok, type RequestContext, type Route } from '../http/route';
import type { FieldSpecs } from '../query/filter-sort';
import { paginatedList } from '../query/list-query';
import { notFound, nowIso, SAML_IDP_ID } from './common';
import { SITE_SETTING_TYPES } from './site-settings';

/**
 * Settings a site answers with beyond its model fields, and their defaults, in the order of
 * the captures (`site_get*.xml`, `site_update.xml`). Update Site may change any of them.
 */
const SETTING_DEFAULTS: Record<string, AttrValue> = {
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
};
const LATER_DEFAULTS: Record<string, AttrValue> = {
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
};

/** A site with the attributes Tableau Server returns (fixtures `site_get*.xml`). */
export function siteElement(site: Site, full = true): Element {
  if (!full) return el('site', { id: site.id, name: site.name, contentUrl: site.contentUrl });
  const settings = site.settings ?? {};
  const pick = (defaults: Record<string, AttrValue>) =>
    Object.fromEntries(Object.entries(defaults).map(([k, v]) => [k, settings[k] ?? v]));
  const shown = { ...SETTING_DEFAULTS, ...LATER_DEFAULTS };
  // Settings set through Update Site that the defaults above do not list (tagLimit, pulseEnabled…).
  const others = Object.fromEntries(Object.entries(settings).filter(([k]) => !(k in shown)));
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
    ...pick(SETTING_DEFAULTS),
    numUsers: site.plannedUsers,
    storage: 0,
    userQuota: site.userQuota,
    tierCreatorCapacity: settings.tierCreatorCapacity ?? site.userQuota,
    tierExplorerCapacity: settings.tierExplorerCapacity ?? site.userQuota,
    tierViewerCapacity: settings.tierViewerCapacity ?? site.userQuota,
    ...pick(LATER_DEFAULTS),
    ...others,
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

/** Update Site's model fields; every other setting of the XSD's siteType goes to `settings`. */
function applySiteUpdate(site: Site, body: Record<string, unknown>): void {
  site.name = str(body, 'name') ?? site.name;
  site.contentUrl = str(body, 'contentUrl') ?? site.contentUrl;
  const adminMode = str(body, 'adminMode');
  if (adminMode !== undefined) {
    if (adminMode !== 'ContentOnly' && adminMode !== 'ContentAndUsers') {
      throw errors.badRequest(`The adminMode '${adminMode}' is not valid.`);
    }
    site.adminMode = adminMode;
  }
  const state = str(body, 'state');
  if (state !== undefined) {
    if (state !== 'Active' && state !== 'Suspended') {
      throw errors.badRequest(`The state '${state}' is not valid.`);
    }
    site.state = state;
  }
  const userQuota = integerSetting(body, 'userQuota', 0);
  if (userQuota !== undefined) site.userQuota = userQuota;
  const storageQuota = integerSetting(body, 'storageQuota', 0);
  if (storageQuota !== undefined) site.storageQuota = storageQuota;
  // revisionLimitType: -1 (unlimited) or 2..10000.
  const revisionLimit = integerSetting(body, 'revisionLimit', -1);
  if (revisionLimit !== undefined) {
    if (revisionLimit !== -1 && (revisionLimit < 2 || revisionLimit > 10000)) {
      throw errors.badRequest('revisionLimit must be -1 (unlimited) or between 2 and 10000.');
    }
    site.revisionLimit = revisionLimit;
  }
  site.revisionHistoryEnabled = bool(body, 'revisionHistoryEnabled') ?? site.revisionHistoryEnabled;
  site.disableSubscriptions = bool(body, 'disableSubscriptions') ?? site.disableSubscriptions;
  site.subscribeOthersEnabled = bool(body, 'subscribeOthersEnabled') ?? site.subscribeOthersEnabled;
  const settings = (site.settings ??= {});
  for (const [name, kind] of Object.entries(SITE_SETTING_TYPES)) {
    if (body[name] === undefined) continue;
    if (kind === 'boolean') settings[name] = bool(body, name);
    else if (kind === 'integer') settings[name] = integerSetting(body, name, -1);
    else settings[name] = str(body, name);
  }
}

function integerSetting(body: Record<string, unknown>, name: string, min: number) {
  const text = str(body, name);
  if (text === undefined || text === '') return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min) {
    throw errors.badRequest(`The value '${text}' of '${name}' is not a valid number.`);
  }
  return value;
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
