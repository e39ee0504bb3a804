import type { UserRow, UsersFile } from './users-csv';

/**
 * A users file against a live site (the dry run of issue 14): per row, create / update (which
 * fields change) / unchanged / invalid, group memberships to add and remove, groups to create,
 * and — only when asked — the site's users that the file does not name. Pure: the engine
 * fetches the site and applies the plan.
 */

export interface SiteUser {
  id: string;
  name: string;
  siteRole: string;
  authSetting: string | null;
  fullName: string | null;
  email: string | null;
}

export interface SiteState {
  users: SiteUser[];
  groups: { id: string; name: string }[];
  /** Members of each group the file mentions, by group id. */
  members: Record<string, string[]>;
}

export type UserField = 'siteRole' | 'authSetting' | 'fullName' | 'email';
export const USER_FIELDS: UserField[] = ['siteRole', 'authSetting', 'fullName', 'email'];

export interface FieldChange {
  field: UserField | 'password';
  /** Null for a password (never shown) and for fields a new user does not have yet. */
  from: string | null;
  to: string | null;
}

export interface PlanRow {
  line: number;
  name: string;
  action: 'create' | 'update' | 'unchanged' | 'invalid';
  /** The site's user id for an update or unchanged row. */
  userId: string | null;
  changes: FieldChange[];
  groupsAdd: string[];
  groupsRemove: string[];
  problems: string[];
  warnings: string[];
}

export interface MissingUser {
  id: string;
  name: string;
  siteRole: string;
  action: 'remove' | 'unlicense';
}

export interface UsersPlan {
  rows: PlanRow[];
  groupsToCreate: string[];
  missing: MissingUser[];
  counts: { create: number; update: number; unchanged: number; invalid: number; missing: number };
}

export interface PlanOptions {
  /**
   * `local`: Tableau Server with its own identity store, where a new user needs a password to
   * sign in; `external`: AD, SAML, OpenID or Tableau Cloud, where passwords are not set here.
   */
  auth: 'local' | 'external';
  /** What to do with the site's users the file does not name; `keep` unless asked. */
  missing: 'keep' | 'remove' | 'unlicense';
  /** The signed-in user: never removed, unlicensed or demoted by a file. */
  selfId?: string;
}

const lower = (s: string) => s.toLowerCase();
const ALL_USERS = 'all users';

export function planUsers(file: UsersFile, site: SiteState, options: PlanOptions): UsersPlan {
  const byName = new Map(site.users.map((u) => [lower(u.name), u]));
  const groupsByName = new Map(site.groups.map((g) => [lower(g.name), g]));
  const mentioned = new Set<string>();
  for (const row of file.rows) for (const g of row.groups ?? []) mentioned.add(lower(g));
  const groupsToCreate = [
    ...new Set(file.rows.flatMap((r) => (r.problems.length ? [] : (r.groups ?? [])))),
  ]
    .filter((g) => !groupsByName.has(lower(g)))
    .filter((g, i, all) => all.findIndex((x) => lower(x) === lower(g)) === i);

  const rows = file.rows.map((row) => planRow(row, byName, groupsByName, mentioned, site, options));
  const named = new Set(file.rows.map((r) => lower(r.name)));
  const missing: MissingUser[] =
    options.missing === 'keep'
      ? []
      : site.users
          .filter((u) => !named.has(lower(u.name)) && u.id !== options.selfId)
          // Server and site administrators are never removed by a file; Unlicensed stays so.
          .filter((u) => !/Administrator/.test(u.siteRole))
          .filter((u) => options.missing === 'remove' || u.siteRole !== 'Unlicensed')
          .map((u) => ({
            id: u.id,
            name: u.name,
            siteRole: u.siteRole,
            action: options.missing as 'remove' | 'unlicense',
          }));
  const count = (a: PlanRow['action']) => rows.filter((r) => r.action === a).length;
  return {
    rows,
    groupsToCreate,
    missing,
    counts: {
      create: count('create'),
      update: count('update'),
      unchanged: count('unchanged'),
      invalid: count('invalid'),
      missing: missing.length,
    },
  };
}

function planRow(
  row: UserRow,
  byName: Map<string, SiteUser>,
  groupsByName: Map<string, { id: string; name: string }>,
  mentioned: Set<string>,
  site: SiteState,
  options: PlanOptions,
): PlanRow {
  const existing = byName.get(lower(row.name)) ?? null;
  const problems = [...row.problems];
  const warnings = [...row.warnings];
  const base: PlanRow = {
    line: row.line,
    name: row.name,
    action: 'invalid',
    userId: existing?.id ?? null,
    changes: [],
    groupsAdd: [],
    groupsRemove: [],
    problems,
    warnings,
  };
  if (!existing && !row.siteRole) problems.push('A new user needs a site role.');
  if (row.password && options.auth === 'external')
    warnings.push('The site signs in through an identity provider: the password is ignored.');
  if (
    !existing &&
    !row.password &&
    options.auth === 'local' &&
    (row.authSetting ?? 'ServerDefault') === 'ServerDefault'
  )
    problems.push('A new user on a site with local authentication needs a password.');
  if (
    existing &&
    existing.id === options.selfId &&
    row.siteRole &&
    row.siteRole !== existing.siteRole
  )
    problems.push('This is you: a file does not change the signed-in user’s own site role.');
  if (problems.length > 0) return base;

  const changes: FieldChange[] = [];
  for (const field of USER_FIELDS) {
    const wanted = row[field];
    if (wanted === null) continue;
    const current = existing ? (existing[field] ?? null) : null;
    if (!existing || (current ?? '') !== wanted) changes.push({ field, from: current, to: wanted });
  }
  // A password is set for a new user only: an existing one's cannot be compared, and setting it
  // on every import would change what the user knows without anyone asking.
  if (row.password && options.auth === 'local') {
    if (!existing) changes.push({ field: 'password', from: null, to: null });
    else warnings.push('An existing user’s password is left as it is.');
  }

  const groupsAdd: string[] = [];
  const groupsRemove: string[] = [];
  if (row.groups) {
    // Every user is in All Users, and nobody leaves it (Tableau keeps it so by itself).
    if (row.groups.some((g) => lower(g) === ALL_USERS))
      warnings.push('Everyone is in “All Users”: that column value changes nothing.');
    const wanted = new Set(row.groups.map(lower));
    for (const name of row.groups.filter((g) => lower(g) !== ALL_USERS)) {
      const group = groupsByName.get(lower(name));
      const isMember =
        existing && group ? (site.members[group.id] ?? []).includes(existing.id) : false;
      if (!isMember) groupsAdd.push(group?.name ?? name);
    }
    if (existing) {
      for (const name of mentioned) {
        if (name === ALL_USERS) continue;
        const group = groupsByName.get(name);
        if (group && !wanted.has(name) && (site.members[group.id] ?? []).includes(existing.id))
          groupsRemove.push(group.name);
      }
    }
  }
  const action = !existing
    ? 'create'
    : changes.length + groupsAdd.length + groupsRemove.length > 0
      ? 'update'
      : 'unchanged';
  return { ...base, action, changes, groupsAdd, groupsRemove };
}

/** "Explorer → Creator, email, +Finance, −Sales": a plan row's change in a few words. */
export function describeChanges(
  row: Pick<PlanRow, 'changes' | 'groupsAdd' | 'groupsRemove' | 'action'>,
): string {
  const parts = row.changes.map((c) =>
    c.field === 'password'
      ? 'password set'
      : row.action === 'create'
        ? `${c.field} ${c.to}`
        : `${c.field} ${c.from ?? '—'} → ${c.to}`,
  );
  parts.push(...row.groupsAdd.map((g) => `+${g}`), ...row.groupsRemove.map((g) => `−${g}`));
  return parts.join(', ');
}
