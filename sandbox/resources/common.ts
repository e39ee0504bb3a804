import type { Collection } from '../data/collection';
import { isoSeconds } from '../data/dates';
import type { User } from '../data/model';
import type { SiteContent } from '../data/site-content';
import { errors, NOT_FOUND_CODES } from '../errors';
import { el, list, type Element } from '../format/element';
import type { FieldMode } from '../query/fields';

export type Kind = keyof typeof NOT_FOUND_CODES;

const KIND_LABEL: Record<Kind, string> = {
  project: 'Project',
  user: 'User',
  group: 'Group',
  workbook: 'Workbook',
  view: 'View',
  datasource: 'Datasource',
  job: 'Job',
  schedule: 'Schedule',
  task: 'Task',
  site: 'Site',
  tag: 'Tag',
  favorite: 'Favorite',
  permission: 'Permission',
  connection: 'Connection',
  groupSet: 'Group set',
  customView: 'Custom view',
  flow: 'Flow',
  flowRun: 'Flow run',
  linkedTask: 'Linked task',
  revision: 'Revision',
  session: 'Session',
  domain: 'Domain',
  subscription: 'Subscription',
  webhook: 'Webhook',
  dataAlert: 'Data-driven alert',
  virtualConnection: 'Virtual connection',
  database: 'Database',
  table: 'Table',
  column: 'Column',
  qualityIndicator: 'Data quality indicator',
};

/** The item or Tableau's not-found error for that resource family. */
export function requireItem<T extends { id: string }>(
  collection: Collection<T>,
  id: string,
  kind: Kind,
): T {
  const item = collection.get(id);
  if (!item) throw errors.notFound(NOT_FOUND_CODES[kind], KIND_LABEL[kind], id);
  return item;
}

export function notFound(kind: Kind, id: string) {
  return errors.notFound(NOT_FOUND_CODES[kind], KIND_LABEL[kind], id);
}

export function nowIso(): string {
  return isoSeconds(Date.now());
}

/** `<owner id/>` by default; `_all_` adds the owner's profile, as in `*_get_all_fields.xml`. */
export function ownerElement(content: SiteContent, ownerId: string, mode: FieldMode): Element {
  if (mode === 'default') return el('owner', { id: ownerId });
  const owner: User | undefined = content.users.get(ownerId);
  return el('owner', {
    email: owner?.email,
    fullName: owner?.fullName,
    id: ownerId,
    lastLogin: owner?.lastLogin,
    name: owner?.name,
    siteRole: owner?.siteRole,
  });
}

export function tagsElement(tags: readonly string[]): Element {
  return list(
    'tags',
    tags.map((label) => el('tag', { label })),
  );
}

export function projectRef(content: SiteContent, projectId: string, mode: FieldMode): Element {
  const project = content.projects.get(projectId);
  return el('project', {
    id: projectId,
    name: project?.name,
    description: mode === 'all' ? (project?.description ?? '') : undefined,
  });
}

export const SITE_ROLES = new Set([
  'Creator',
  'Explorer',
  'ExplorerCanPublish',
  'Guest',
  'ServerAdministrator',
  'SiteAdministratorCreator',
  'SiteAdministratorExplorer',
  'SupportUser',
  'Unlicensed',
  'Viewer',
  // Retired roles older servers still accept on input (mapped by Tableau to new roles).
  'Interactor',
  'Publisher',
  'ReadOnly',
]);

const LEGACY_ROLES: Record<string, string> = {
  Interactor: 'Explorer',
  Publisher: 'ExplorerCanPublish',
  ReadOnly: 'Viewer',
};

export function checkSiteRole(role: string): string {
  if (!SITE_ROLES.has(role)) throw errors.invalidSiteRole(role);
  return LEGACY_ROLES[role] ?? role;
}

export const AUTH_SETTINGS = new Set(['ServerDefault', 'SAML', 'OpenID']);

/** The SAML identity provider's configuration id (3.24+ `idpConfigurationId`). */
export const SAML_IDP_ID = '5f2a3c1e-7d4b-4e8a-9c6f-1b2d3e4f5a6b';
