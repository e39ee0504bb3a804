import { DAY_MS, isoSeconds, THREE_YEARS_MS } from './dates';
import type { Connection, Datasource, Group, Project, User, View, Workbook } from './model';
import {
  DB_TYPES,
  DEPARTMENTS,
  FIRST_NAMES,
  GROUP_NAMES,
  LAST_NAMES,
  QUALIFIERS,
  SHEET_NAMES,
  SUBPROJECTS,
  TAGS,
  TOPICS,
} from './names';
import { Random } from './random';
import { emptySiteContent, type SiteContent } from './site-content';

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

const PUBLISHER_ROLES = new Set(['Creator', 'ExplorerCanPublish', 'SiteAdministratorCreator']);

function pickRole(rng: Random): string {
  let r = rng.next();
  for (const [role, p] of ROLES) {
    if ((r -= p) < 0) return role;
  }
  return 'Viewer';
}

/** A date in the last three years, skewed towards recent activity. */
function pastDate(rng: Random, anchor: number, skew = 1): number {
  return anchor - Math.floor(Math.pow(rng.next(), skew) * THREE_YEARS_MS) - rng.int(0, DAY_MS);
}

function tags(rng: Random): string[] {
  const count = rng.chance(0.6) ? rng.int(1, 3) : 0;
  const out = new Set<string>();
  for (let i = 0; i < count; i++) out.add(rng.pick(TAGS));
  return [...out];
}

function urlName(name: string): string {
  return name.replace(/[^A-Za-z0-9]/g, '');
}

function generateUsers(rng: Random, plan: SitePlan, anchor: number, content: SiteContent): void {
  const taken = new Map<string, number>();
  const admin: User = {
    id: rng.luid(),
    name: 'admin',
    fullName: 'Sandbox Administrator',
    email: 'admin@example.com',
    siteRole: 'ServerAdministrator',
    authSetting: 'ServerDefault',
    lastLogin: isoSeconds(anchor - DAY_MS),
    language: 'en',
    locale: 'en_US',
    domainName: 'local',
    externalAuthUserId: '',
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
    users.push({
      id: rng.luid(),
      name,
      fullName: `${first} ${last}`,
      email: `${name}@example.com`,
      siteRole: pickRole(rng),
      authSetting: rng.chance(0.1) ? 'SAML' : 'ServerDefault',
      lastLogin,
      language: rng.chance(0.85) ? 'en' : rng.pick(['de', 'fr', 'ja', 'es']),
      locale: rng.chance(0.7) ? 'en_US' : undefined,
      domainName: 'local',
      externalAuthUserId: '',
    });
  }
  for (const user of users) {
    content.users.add(user);
    content.usersByName.set(user.name.toLowerCase(), user);
  }
}

function generateProjects(
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

function connectionFor(rng: Random, datasourceId: string, datasourceName: string): Connection {
  const [type, serverAddress, serverPort] = rng.pick(DB_TYPES);
  return {
    id: rng.luid(),
    type,
    serverAddress,
    serverPort,
    userName: serverAddress ? rng.pick(['svc_tableau', 'analytics_ro', 'report_user']) : '',
    embedPassword: rng.chance(0.6),
    queryTaggingEnabled: false,
    authenticationType: serverAddress ? 'username-password' : 'none',
    datasourceId,
    datasourceName,
  };
}

function generateContent(
  rng: Random,
  plan: SitePlan,
  anchor: number,
  owners: User[],
  content: SiteContent,
): void {
  const projects = content.projects.all();
  const contentUrls = new Set<string>();
  const uniqueUrl = (name: string) => {
    let url = urlName(name) || 'Untitled';
    for (let k = 1; contentUrls.has(url); k++) url = `${urlName(name)}_${k}`;
    contentUrls.add(url);
    return url;
  };
  for (let i = 0; i < plan.datasources; i++) {
    const name = `${rng.pick(TOPICS)} ${rng.pick(['Extract', 'Live', 'Data', 'Model', 'Mart'])}`;
    const created = pastDate(rng, anchor);
    const id = rng.luid();
    const hasExtracts = rng.chance(0.5);
    const certified = rng.chance(0.2);
    content.datasources.add({
      id,
      name: i < 30 ? name : `${name} ${i}`,
      description: rng.chance(0.4) ? `Governed ${name.toLowerCase()} source.` : '',
      contentUrl: uniqueUrl(name),
      type: '',
      size: rng.int(1, 4000),
      createdAt: isoSeconds(created),
      updatedAt: isoSeconds(created + rng.int(0, anchor - created)),
      projectId: rng.pick(projects).id,
      ownerId: rng.pick(owners).id,
      tags: tags(rng),
      hasExtracts,
      isCertified: certified,
      certificationNote: certified ? 'Reviewed by the data stewards.' : undefined,
      encryptExtracts: false,
      useRemoteQueryAgent: false,
      connections: [],
    } satisfies Datasource);
  }
  for (const ds of content.datasources.all()) {
    const conn = connectionFor(rng, ds.id, ds.name);
    ds.type = conn.type;
    ds.connections.push(conn);
  }
  const datasources = content.datasources.all();
  for (let i = 0; i < plan.workbooks; i++) {
    const base = `${rng.pick(TOPICS)} ${rng.pick(QUALIFIERS)}`;
    const name = i < 60 ? base : `${base} ${i}`;
    const id = rng.luid();
    const project = rng.pick(projects);
    const owner = rng.pick(owners);
    // About a fifth of the workbooks are stale: last touched more than 90 days ago.
    const stale = rng.chance(0.2);
    const created = stale ? anchor - rng.int(120, 1000) * DAY_MS : pastDate(rng, anchor);
    const updated = stale
      ? created + rng.int(0, 20) * DAY_MS
      : Math.max(created, anchor - rng.int(0, 80) * DAY_MS);
    const contentUrl = uniqueUrl(name);
    const sheetCount = rng.int(1, 6) + (rng.chance(0.25) ? 1 : 0);
    const workbook: Workbook = {
      id,
      name,
      description: rng.chance(0.3) ? `Tracks ${base.toLowerCase()}.` : '',
      contentUrl,
      showTabs: rng.chance(0.6),
      size: rng.int(1, 120),
      createdAt: isoSeconds(created),
      updatedAt: isoSeconds(Math.min(updated, anchor)),
      projectId: project.id,
      ownerId: owner.id,
      tags: tags(rng),
      sheetCount,
      hasExtracts: rng.chance(0.4),
      encryptExtracts: false,
      viewIds: [],
      connections: [],
    };
    for (let c = rng.int(1, 2); c > 0; c--) {
      const ds = rng.pick(datasources);
      workbook.connections.push(connectionFor(rng, ds.id, ds.name));
    }
    const sheetNames = new Set<string>();
    for (let s = 0; s < sheetCount; s++) {
      let sheet: string = rng.pick(SHEET_NAMES);
      for (let k = 2; sheetNames.has(sheet); k++) sheet = `${rng.pick(SHEET_NAMES)} ${k}`;
      sheetNames.add(sheet);
      const viewUrlName = urlName(sheet);
      const view: View = {
        id: rng.luid(),
        name: sheet,
        contentUrl: `${contentUrl}/sheets/${viewUrlName}`,
        viewUrlName,
        sheetType: s === 0 && sheetCount > 2 ? 'dashboard' : rng.chance(0.05) ? 'story' : 'view',
        createdAt: workbook.createdAt,
        updatedAt: workbook.updatedAt,
        workbookId: id,
        ownerId: owner.id,
        projectId: project.id,
        tags: rng.chance(0.2) ? tags(rng) : [],
        totalViewCount: stale ? rng.int(0, 3) : Math.floor(Math.pow(rng.next(), 3) * 5000),
        favoritesTotal: rng.int(0, 5),
      };
      workbook.viewIds.push(view.id);
      content.views.add(view);
    }
    content.workbooks.add(workbook);
  }
}

function generateGroups(rng: Random, plan: SitePlan, content: SiteContent): void {
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
    const size = Math.min(users.length, rng.int(3, Math.max(4, Math.min(400, Math.floor(users.length / 12)))));
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

/** Builds one site's content from its own seed, so sites can be generated lazily. */
export function generateSite(plan: SitePlan, seed: number, anchor: number): SiteContent {
  const rng = new Random(seed);
  const content = emptySiteContent();
  generateUsers(rng, plan, anchor, content);
  const owners = content.users.all().filter((u) => PUBLISHER_ROLES.has(u.siteRole));
  if (owners.length === 0) owners.push(content.users.all()[0]);
  generateProjects(rng, plan, anchor, owners, content);
  generateGroups(rng, plan, content);
  generateContent(rng, plan, anchor, owners, content);
  generateJobHistory(rng, anchor, content);
  const admin = content.users.all()[0];
  const favorites = [
    content.workbooks.all()[0],
    content.views.all()[0],
    content.datasources.all()[0],
    content.projects.all()[1],
  ];
  const kinds = ['workbook', 'view', 'datasource', 'project'] as const;
  content.favorites.set(
    admin.id,
    favorites.flatMap((item, i) => (item ? [{ label: item.name, kind: kinds[i], id: item.id }] : [])),
  );
  return content;
}

/** A few finished refresh jobs, so Query Jobs has history (about one in ten failed). */
function generateJobHistory(rng: Random, anchor: number, content: SiteContent): void {
  const extracts = [
    ...content.workbooks.all().filter((w) => w.hasExtracts).slice(0, 15).map((w) => ['workbook', w] as const),
    ...content.datasources.all().filter((d) => d.hasExtracts).slice(0, 15).map((d) => ['datasource', d] as const),
  ];
  for (const [kind, item] of extracts) {
    const createdAt = anchor - rng.int(1, 60) * DAY_MS + rng.int(0, DAY_MS);
    const startedAt = createdAt + rng.int(1, 30) * 1000;
    content.jobs.add({
      id: rng.luid(),
      type: 'RefreshExtract',
      target: { kind, id: item.id, name: item.name },
      createdAt,
      startedAt,
      finishesAt: startedAt + rng.int(20, 900) * 1000,
      failed: rng.chance(0.1),
      priority: 50,
    });
  }
}
