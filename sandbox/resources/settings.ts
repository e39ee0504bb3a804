/**
 * Server and site settings documents: Tableau extensions (3.21; `extensions_server_settings_*.xml`,
 * `extensions_site_settings.xml`), mobile security settings (3.19), a user's notification
 * preferences (3.15) and the MCP site settings (3.29 `mcpSiteSettings`). Each is stored as
 * last written; server-level ones need a server administrator.
 */
import { errors } from '../errors';
import { el, list, textEl, type Element } from '../format/element';
import { siteScope } from '../http/authenticate';
import { bool, child, many, required, str, type Body } from '../http/request-body';
import { ok, type RequestContext, type Route } from '../http/route';
import { requireServerAdmin } from './server-admin';

interface ExtensionsServer {
  extensionsGloballyEnabled: boolean;
  blockList: string[];
}
interface SafeListEntry {
  url: string;
  fullDataAllowed: boolean;
  promptNeeded: boolean;
}
interface ExtensionsSite {
  extensionsEnabled: boolean;
  useDefaultSetting: boolean;
  allowTrusted: boolean;
  includeSandboxed: boolean;
  includeTableauBuilt: boolean;
  includePartnerBuilt: boolean;
  safeList: SafeListEntry[];
}
interface MobilePolicy {
  enabled: boolean;
  severity: string;
  valueList: string[];
}
/** A mobile security policy (XSD mobileSecuritySettingsPolicyType): iOS and Android configs. */
interface MobileSetting {
  name: string;
  enabled: boolean;
  iosConfig: MobilePolicy;
  androidConfig: MobilePolicy;
}

/** One document set per sandbox server (keyed by its state) and per site (by its content). */
interface ServerDocs {
  extensions: ExtensionsServer;
  mobile: MobileSetting[];
}
interface SiteDocs {
  extensions: ExtensionsSite;
  mobile: MobileSetting[];
  /** userId → `${notificationType}:${channel}` → enabled. */
  notifications: Map<string, Map<string, boolean>>;
}
const serverDocs = new WeakMap<object, ServerDocs>();
const siteDocs = new WeakMap<object, SiteDocs>();

const policy = (enabled: boolean, value: string): MobilePolicy => ({
  enabled,
  severity: 'warn',
  valueList: [value],
});
const MOBILE_DEFAULTS: MobileSetting[] = [
  {
    name: 'mobile.security.jailbroken.devices',
    enabled: true,
    iosConfig: policy(true, 'true'),
    androidConfig: policy(true, 'true'),
  },
  {
    name: 'mobile.security.biometrics',
    enabled: false,
    iosConfig: policy(false, 'false'),
    androidConfig: policy(false, 'false'),
  },
];
const copyDefaults = () => MOBILE_DEFAULTS.map((s) => structuredClone(s));
const NOTIFICATION_TYPES = [
  'comments',
  'dataAlerts',
  'extractRefreshFailures',
  'sharing',
  'subscriptions',
];
const CHANNELS = ['email', 'inApp'];

function serverOf(ctx: RequestContext): ServerDocs {
  let docs = serverDocs.get(ctx.state);
  if (!docs) {
    docs = {
      extensions: { extensionsGloballyEnabled: true, blockList: [] },
      mobile: copyDefaults(),
    };
    serverDocs.set(ctx.state, docs);
  }
  return docs;
}

function siteOf(ctx: RequestContext): SiteDocs {
  const { content } = siteScope(ctx);
  let docs = siteDocs.get(content);
  if (!docs) {
    docs = {
      extensions: {
        extensionsEnabled: true,
        useDefaultSetting: true,
        allowTrusted: false,
        includeSandboxed: true,
        includeTableauBuilt: true,
        includePartnerBuilt: true,
        safeList: [],
      },
      mobile: copyDefaults(),
      notifications: new Map(),
    };
    siteDocs.set(content, docs);
  }
  return docs;
}

const bools = <T extends object>(doc: T, body: Body, keys: Array<keyof T & string>) => {
  for (const key of keys) {
    const value = bool(body, key);
    if (value !== undefined) (doc as Record<string, unknown>)[key] = value;
  }
};

/** Text children, in XSD order: `<extensionsGloballyEnabled>true</…>` etc. */
const textChildren = (pairs: Array<[string, string | boolean]>): Element[] =>
  pairs.map(([name, value]) => textEl(name, String(value)));

function serverElement(doc: ExtensionsServer): Element {
  return el('extensionsServerSettings', {}, [
    ...textChildren([['extensionsGloballyEnabled', doc.extensionsGloballyEnabled]]),
    // Repeated elements: arrays in JSON even with one entry (XSD maxOccurs unbounded).
    ...doc.blockList.map((url) => ({ ...textEl('blockList', url), repeated: true })),
  ]);
}

function siteElement(doc: ExtensionsSite): Element {
  return el('extensionsSiteSettings', {}, [
    ...textChildren([
      ['extensionsEnabled', doc.extensionsEnabled],
      ['useDefaultSetting', doc.useDefaultSetting],
      ['allowTrusted', doc.allowTrusted],
      ['includeSandboxed', doc.includeSandboxed],
      ['includeTableauBuilt', doc.includeTableauBuilt],
      ['includePartnerBuilt', doc.includePartnerBuilt],
    ]),
    ...doc.safeList.map((entry) => ({
      ...el(
        'safeList',
        {},
        textChildren([
          ['url', entry.url],
          ['fullDataAllowed', entry.fullDataAllowed],
          ['promptNeeded', entry.promptNeeded],
        ]),
      ),
      repeated: true,
    })),
  ]);
}

/** A repeated text field: XML gives a string or an array, JSON an array. */
function strings(body: Body, key: string): string[] | undefined {
  const value = body[key];
  if (value === undefined) return undefined;
  const items = Array.isArray(value) ? value : [value];
  return items
    .map((v) => (typeof v === 'string' ? v : (str(v as Body, 'url') ?? '')))
    .filter(Boolean);
}

function policyElement(name: string, p: MobilePolicy): Element {
  return el(
    name,
    { enabled: p.enabled, severity: p.severity },
    p.valueList.map((v) => textEl('valueList', v)),
  );
}

function mobileElement(settings: MobileSetting[]): Element {
  return list(
    'mobileSecuritySettingsList',
    settings.map((s) =>
      el('mobileSecuritySettings', { enabled: s.enabled, name: s.name }, [
        policyElement('iosConfig', s.iosConfig),
        policyElement('androidConfig', s.androidConfig),
      ]),
    ),
  );
}

function readPolicy(body: Body | undefined, current: MobilePolicy): MobilePolicy {
  if (!body) return current;
  return {
    enabled: bool(body, 'enabled') ?? current.enabled,
    severity: str(body, 'severity') ?? current.severity,
    valueList: strings(body, 'valueList') ?? current.valueList,
  };
}

function updateMobile(current: MobileSetting[], body: Body): MobileSetting[] {
  const entries = many(child(body, 'mobileSecuritySettingsList'), 'mobileSecuritySettings');
  if (entries.length === 0) {
    throw errors.malformedBody('The request needs <mobileSecuritySettingsList> entries.');
  }
  for (const entry of entries) {
    const name = str(entry, 'name');
    if (!name) throw errors.malformedBody('Each mobile security setting needs a name.');
    const existing = current.find((s) => s.name === name) ?? {
      name,
      enabled: true,
      iosConfig: policy(true, ''),
      androidConfig: policy(true, ''),
    };
    existing.enabled = bool(entry, 'enabled') ?? existing.enabled;
    existing.iosConfig = readPolicy(child(entry, 'iosConfig'), existing.iosConfig);
    existing.androidConfig = readPolicy(child(entry, 'androidConfig'), existing.androidConfig);
    if (!current.includes(existing)) current.push(existing);
  }
  return current;
}

function notificationElement(prefs: Map<string, boolean>): Element {
  const entries: Element[] = [];
  for (const notificationType of NOTIFICATION_TYPES) {
    for (const channel of CHANNELS) {
      entries.push(
        el('userNotificationsPreference', {
          channel,
          disabledByOverride: false,
          enabled: prefs.get(`${notificationType}:${channel}`) ?? true,
          notificationType,
        }),
      );
    }
  }
  return list('userNotificationsPreferences', entries);
}

export const settingsRoutes: Route[] = [
  {
    method: 'GET',
    path: '/settings/extensions',
    auth: 'token',
    minVersion: '3.21',
    handler: (ctx) => {
      requireServerAdmin(ctx);
      return ok([serverElement(serverOf(ctx).extensions)]);
    },
  },
  {
    method: 'PUT',
    path: '/settings/extensions',
    auth: 'token',
    minVersion: '3.21',
    handler: (ctx) => {
      requireServerAdmin(ctx);
      const doc = serverOf(ctx).extensions;
      const body = required(ctx.body, 'extensionsServerSettings');
      bools(doc, body, ['extensionsGloballyEnabled']);
      doc.blockList = strings(body, 'blockList') ?? doc.blockList;
      return ok([serverElement(doc)]);
    },
  },
  {
    method: 'GET',
    path: '/sites/:siteId/settings/extensions',
    auth: 'site',
    minVersion: '3.21',
    handler: (ctx) => ok([siteElement(siteOf(ctx).extensions)]),
  },
  {
    method: 'PUT',
    path: '/sites/:siteId/settings/extensions',
    auth: 'site',
    minVersion: '3.21',
    handler: (ctx) => {
      const doc = siteOf(ctx).extensions;
      const body = required(ctx.body, 'extensionsSiteSettings');
      bools(doc, body, [
        'extensionsEnabled',
        'useDefaultSetting',
        'allowTrusted',
        'includeSandboxed',
        'includeTableauBuilt',
        'includePartnerBuilt',
      ]);
      if (body.safeList !== undefined) {
        doc.safeList = many(body, 'safeList').map((entry) => ({
          url: str(entry, 'url') ?? '',
          fullDataAllowed: bool(entry, 'fullDataAllowed') ?? false,
          promptNeeded: bool(entry, 'promptNeeded') ?? true,
        }));
      }
      return ok([siteElement(doc)]);
    },
  },
  {
    method: 'GET',
    path: '/settings/mobilesecuritysettings',
    auth: 'token',
    minVersion: '3.19',
    handler: (ctx) => {
      requireServerAdmin(ctx);
      return ok([mobileElement(serverOf(ctx).mobile)]);
    },
  },
  {
    method: 'PUT',
    path: '/settings/mobilesecuritysettings',
    auth: 'token',
    minVersion: '3.19',
    handler: (ctx) => {
      requireServerAdmin(ctx);
      return ok([mobileElement(updateMobile(serverOf(ctx).mobile, ctx.body))]);
    },
  },
  {
    method: 'GET',
    path: '/sites/:siteId/settings/mobilesecuritysettings',
    auth: 'site',
    minVersion: '3.19',
    handler: (ctx) => ok([mobileElement(siteOf(ctx).mobile)]),
  },
  {
    method: 'PUT',
    path: '/sites/:siteId/settings/mobilesecuritysettings',
    auth: 'site',
    minVersion: '3.19',
    handler: (ctx) => ok([mobileElement(updateMobile(siteOf(ctx).mobile, ctx.body))]),
  },
  {
    method: 'GET',
    path: '/sites/:siteId/settings/notifications',
    auth: 'site',
    minVersion: '3.15',
    handler: (ctx) => {
      const { user } = siteScope(ctx);
      return ok([notificationElement(siteOf(ctx).notifications.get(user.id) ?? new Map())]);
    },
  },
  {
    method: 'PATCH',
    path: '/sites/:siteId/settings/notifications',
    auth: 'site',
    minVersion: '3.15',
    handler: (ctx) => {
      const { user } = siteScope(ctx);
      const { notifications } = siteOf(ctx);
      const prefs = notifications.get(user.id) ?? new Map<string, boolean>();
      const entries = many(
        child(ctx.body, 'userNotificationsPreferences'),
        'userNotificationsPreference',
      );
      if (entries.length === 0) {
        throw errors.malformedBody('The request needs <userNotificationsPreferences> entries.');
      }
      const statuses: Element[] = [];
      for (const entry of entries) {
        const type = str(entry, 'notificationType') ?? '';
        const channel = str(entry, 'channel') ?? '';
        if (!NOTIFICATION_TYPES.includes(type) || !CHANNELS.includes(channel)) {
          throw errors.badRequest(`Unknown notification preference '${type}' on '${channel}'.`);
        }
        const enabled = bool(entry, 'enabled') ?? true;
        prefs.set(`${type}:${channel}`, enabled);
        statuses.push({
          ...el('notificationUpdateStatus', {}, [
            textEl('status', 'Success'),
            el('userNotificationsPreference', {
              channel,
              disabledByOverride: false,
              enabled,
              notificationType: type,
            }),
          ]),
          repeated: true,
        });
      }
      notifications.set(user.id, prefs);
      // notificationsPreferenceUpdateStatusList: one status per preference sent (as PSTableauREST reads it).
      return ok([el('notificationUpdateResult', {}, statuses)]);
    },
  },
  {
    method: 'GET',
    path: '/sites/:siteId/settings/mcp',
    auth: 'site',
    minVersion: '3.29',
    handler: () =>
      ok([
        el('mcpSiteSettings', {}, [
          {
            ...el('settings', {}, [textEl('key', 'enabled'), textEl('value', 'true')]),
            repeated: true,
          },
        ]),
      ]),
  },
];
