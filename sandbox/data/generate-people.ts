import { createHash } from 'node:crypto';
import { DAY_MS, isoSeconds, THREE_YEARS_MS } from './dates';
import type { Group, Project, User } from './model';
import { DEPARTMENTS, FIRST_NAMES, GROUP_NAMES, LAST_NAMES, SUBPROJECTS, TAGS } from './names';
import { Random } from './random';
import type { SiteContent } from './site-content';

/** Content counts for one site; the small default site has 2,500 users and ~350 workbooks. */
export interface SitePlan {
  users: number;
  projects: number;
  groups: number;
  workbooks: number;
  datasources: number;
}

export const DEFAULT_PROJECT_DESCRIPTION =
  'The default project that was automatically created by Tableau.';

const ROLES: Array<[string, number]> = [
  ['Viewer', 0.5],
  ['Explorer', 0.25],
  ['ExplorerCanPublish', 0.08],
  ['Creator', 0.1],
  ['SiteAdministratorExplorer', 0.02],
  ['SiteAdministratorCreator', 0.02],
  ['Unlicensed', 0.03],
];

export const PUBLISHER_ROLES = new Set([
  'Creator',
  'ExplorerCanPublish',
  'SiteAdministratorCreator',
]);

function pickRole(rng: Random): string {
  let r = rng.next();
  for (const [role, p] of ROLES) {
    if ((r -= p) < 0) return role;
  }
  return 'Viewer';
}

/** A date in the last three years, skewed towards recent activity. */
export function pastDate(rng: Random, anchor: number, skew = 1): number {
  return anchor - Math.floor(Math.pow(rng.next(), skew) * THREE_YEARS_MS) - rng.int(0, DAY_MS);
}

export function tags(rng: Random): string[] {
  const count = rng.chance(0.6) ? rng.int(1, 3) : 0;
  const out = new Set<string>();
  for (let i = 0; i < count; i++) out.add(rng.pick(TAGS));
  return [...out];
}

export function urlName(name: string): string {
  return name.replace(/[^A-Za-z0-9]/g, '');
}

export function generateUsers(
  rng: Random,
  plan: SitePlan,
  anchor: number,
  content: SiteContent,
): void {
  const taken = new Map<string, number>();
  const adminId = rng.luid();
  const admin: User = {
    id: adminId,
    name: 'admin',
    fullName: 'Sandbox Administrator',
    email: 'admin@example.com',
    siteRole: 'ServerAdministrator',
    authSetting: 'ServerDefault',
    lastLogin: isoSeconds(anchor - DAY_MS),
    language: 'en',
    locale: 'en_US',
    domainName: 'local',
    externalAuthUserId: externalAuthUserId(adminId),
  };
  const users: User[] = [admin];
  for (let i = 1; i < plan.users; i++) {
    const first = rng.pick(FIRST_NAMES);
    const last = rng.pick(LAST_NAMES);
    const base = `${first}.${last}`.toLowerCase();
    const n = taken.get(base) ?? 0;
    taken.set(base, n + 1);
    const name = n === 0 ? base : `${base}${n + 1}`;
    // About 15% of users never signed in (no lastLogin attribute, as on a real server).
    const lastLogin = rng.chance(0.15) ? undefined : isoSeconds(pastDate(rng, anchor, 3));
    const id = rng.luid();
    users.push({
      id,
      name,
      fullName: `${first} ${last}`,
      email: `${name}@example.com`,
      siteRole: pickRole(rng),
      authSetting: rng.chance(0.1) ? 'SAML' : 'ServerDefault',
      lastLogin,
      language: rng.chance(0.85) ? 'en' : rng.pick(['de', 'fr', 'ja', 'es']),
      locale: rng.chance(0.7) ? 'en_US' : undefined,
      domainName: 'local',
      externalAuthUserId: externalAuthUserId(id),
    });
  }
  for (const user of users) {
    content.users.add(user);
    content.usersByName.set(user.name.toLowerCase(), user);
  }
}

export function generateProjects(
  rng: Random,
  plan: SitePlan,
  anchor: number,
  owners: User[],
  content: SiteContent,
): void {
  const admin = content.users.all()[0];
  const created = isoSeconds(anchor - THREE_YEARS_MS);
  const namesUnder = new Map<string, Set<string>>();
  const add = (name: string, parentProjectId: string | undefined, ownerId: string) => {
    const siblings = namesUnder.get(parentProjectId ?? '') ?? new Set<string>();
    namesUnder.set(parentProjectId ?? '', siblings);
    let unique = name;
    for (let k = 2; siblings.has(unique); k++) unique = `${name} ${k}`;
    siblings.add(unique);
    const createdAt = pastDate(rng, anchor);
    const project: Project = {
      id: rng.luid(),
      name: unique,
      description: rng.chance(0.5) ? `${unique} content.` : '',
      contentPermissions: rng.chance(0.8) ? 'ManagedByOwner' : 'LockedToProject',
      parentProjectId,
      ownerId,
      createdAt: isoSeconds(createdAt),
      updatedAt: isoSeconds(createdAt + rng.int(0, Math.max(0, anchor - createdAt))),
    };
    content.projects.add(project);
    return project;
  };
  const defaultProject = add('Default', undefined, admin.id);
  defaultProject.description = DEFAULT_PROJECT_DESCRIPTION;
  defaultProject.createdAt = defaultProject.updatedAt = created;
  const topCount = Math.max(1, Math.ceil((plan.projects - 1) * 0.35));
  const tops: Project[] = [];
  for (let i = 0; i < topCount && content.projects.size < plan.projects; i++) {
    tops.push(add(DEPARTMENTS[i % DEPARTMENTS.length], undefined, rng.pick(owners).id));
  }
  const nested: Project[] = [...tops];
  while (content.projects.size < plan.projects) {
    const parent = rng.pick(nested);
    nested.push(add(rng.pick(SUBPROJECTS), parent.id, rng.pick(owners).id));
  }
}

export function generateGroups(rng: Random, plan: SitePlan, content: SiteContent): void {
  const users = content.users.all();
  // Every Tableau site has the local "All Users" group holding everyone.
  content.groups.add({
    id: rng.luid(),
    name: 'All Users',
    domainName: 'local',
    minimumSiteRole: undefined,
    memberIds: new Set(users.map((u) => u.id)),
  });
  for (let i = 1; i < plan.groups; i++) {
    const base = GROUP_NAMES[(i - 1) % GROUP_NAMES.length];
    const name = i <= GROUP_NAMES.length ? base : `${base} ${Math.ceil(i / GROUP_NAMES.length)}`;
    // Teams of a few to a few hundred people; sized from the site but capped to stay lean.
    const size = Math.min(
      users.length,
      rng.int(3, Math.max(4, Math.min(400, Math.floor(users.length / 12)))),
    );
    const members = new Set<string>();
    for (let k = 0; k < size; k++) members.add(rng.pick(users).id);
    const group: Group = {
      id: rng.luid(),
      name,
      domainName: 'local',
      minimumSiteRole: rng.chance(0.2) ? 'Viewer' : undefined,
      memberIds: members,
    };
    content.groups.add(group);
  }
}

/**
 * The identity provider's id for a user, a 64-digit hex digest as in `user_get_all_fields.xml`;
 * derived from the LUID so the seeded data stays the same without another random draw.
 */
function externalAuthUserId(luid: string): string {
  return createHash('sha256').update(`idp:${luid}`).digest('hex');
}
