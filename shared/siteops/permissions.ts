import { z } from 'zod';

/**
 * The permissions audit (issue 19): every permission rule of a site (or a project subtree) in
 * one flat table, saved as a snapshot, compared with another, and effective permissions for one
 * user on one item explained rule by rule.
 */
export const AUDIT_ITEM_TYPES = ['project', 'workbook', 'datasource', 'flow', 'view'] as const;
export type AuditItemType = (typeof AUDIT_ITEM_TYPES)[number];
/** Project default permissions audited (templates for new content in the project). */
export const DEFAULT_TYPES = ['workbooks', 'datasources', 'flows'] as const;

export const permissionsAuditStartSchema = z.object({
  kind: z.literal('permissionsAudit'),
  /** A project's name (or path "A/B"): audit that project and everything under it; absent: the whole site. */
  project: z.string().min(1).max(1000).optional(),
  /** Permission queries at once. */
  concurrency: z.number().int().min(1).max(16).default(8),
});
export type PermissionsAuditStart = z.infer<typeof permissionsAuditStartSchema>;

export const auditRuleSchema = z.object({
  /** `project`, `workbook`…, or `project-default:workbooks` for a project's default permissions. */
  itemType: z.string(),
  itemId: z.string(),
  itemName: z.string(),
  /** Project path, e.g. "Finance / Quarterly". */
  projectPath: z.string(),
  granteeType: z.enum(['user', 'group']),
  granteeId: z.string(),
  granteeName: z.string(),
  capability: z.string(),
  mode: z.enum(['Allow', 'Deny']),
  /** `item`: set on the item; `locked project`: the item's project locks its permissions. */
  source: z.enum(['item', 'locked project', 'project default']),
});
export type AuditRule = z.infer<typeof auditRuleSchema>;

export const auditItemSchema = z.object({
  type: z.enum(AUDIT_ITEM_TYPES),
  id: z.string(),
  name: z.string(),
  /** The project the item is in (a project: its parent), null at the top. */
  projectId: z.string().nullable(),
  ownerId: z.string().nullable(),
  /** Projects only: LockedToProject, ManagedByOwner… */
  contentPermissions: z.string().nullable(),
  /** Views only: the workbook it belongs to. */
  workbookId: z.string().nullable(),
});
export type AuditItem = z.infer<typeof auditItemSchema>;

export const permissionsAuditOutcomeSchema = z.object({
  kind: z.literal('permissionsAudit'),
  /** Marks a saved snapshot file. */
  format: z.literal('trestle-permissions-audit/1'),
  at: z.string(),
  server: z.string(),
  siteId: z.string(),
  project: z.string().nullable(),
  rules: z.array(auditRuleSchema),
  items: z.array(auditItemSchema),
  users: z.array(z.object({ id: z.string(), name: z.string(), siteRole: z.string() })),
  groups: z.array(z.object({ id: z.string(), name: z.string(), userIds: z.array(z.string()) })),
  /** Items whose permissions could not be read (the rest of the audit stands). */
  failed: z.array(z.object({ itemType: z.string(), itemId: z.string(), message: z.string() })),
});
export type PermissionsAudit = z.infer<typeof permissionsAuditOutcomeSchema>;

const CSV_COLUMNS = [
  'itemType',
  'itemId',
  'itemName',
  'projectPath',
  'granteeType',
  'granteeId',
  'granteeName',
  'capability',
  'mode',
  'source',
] as const;

function csvCell(value: string): string {
  // A leading = + - @ would run as a formula in a spreadsheet: quote it as text.
  const text = /^[=+\-@]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The flat table as CSV (RFC 4180, CRLF). */
export function auditCsv(rules: readonly AuditRule[]): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const r of rules) lines.push(CSV_COLUMNS.map((c) => csvCell(r[c])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/** Rules matching a filter: every word must appear in some column (case-insensitive). */
export function filterRules(rules: readonly AuditRule[], query: string): AuditRule[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...rules];
  return rules.filter((r) => {
    const text = CSV_COLUMNS.map((c) => r[c])
      .join(' ')
      .toLowerCase();
    return words.every((w) => text.includes(w));
  });
}

/** Reads a saved snapshot; a clear error when the file is something else. */
export function readSnapshot(text: string): PermissionsAudit {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new Error('is not JSON');
  }
  const parsed = permissionsAuditOutcomeSchema.safeParse(raw);
  if (!parsed.success) throw new Error('is not a permissions audit snapshot Trestle saved');
  return parsed.data;
}

// ── Diff ───────────────────────────────────────────────────────────────────────────────────

export interface RuleChange {
  change: 'added' | 'removed' | 'changed';
  rule: AuditRule;
  /** For `changed`: the mode before. */
  before?: 'Allow' | 'Deny';
}

export interface AuditDiff {
  changes: RuleChange[];
  byGrantee: { grantee: string; changes: RuleChange[] }[];
  byItem: { item: string; changes: RuleChange[] }[];
  counts: { added: number; removed: number; changed: number };
}

const ruleKey = (r: AuditRule) =>
  [r.itemType, r.itemId, r.granteeType, r.granteeId, r.capability].join('|');

/** Rules added, removed and changed (Allow ↔ Deny) from `a` to `b`, grouped by grantee and by item. */
export function diffAudits(a: PermissionsAudit, b: PermissionsAudit): AuditDiff {
  const before = new Map(a.rules.map((r) => [ruleKey(r), r]));
  const after = new Map(b.rules.map((r) => [ruleKey(r), r]));
  const changes: RuleChange[] = [];
  for (const [key, rule] of after) {
    const old = before.get(key);
    if (!old) changes.push({ change: 'added', rule });
    else if (old.mode !== rule.mode) changes.push({ change: 'changed', rule, before: old.mode });
  }
  for (const [key, rule] of before) if (!after.has(key)) changes.push({ change: 'removed', rule });
  const group = (label: (r: AuditRule) => string) => {
    const map = new Map<string, RuleChange[]>();
    for (const c of changes) map.set(label(c.rule), [...(map.get(label(c.rule)) ?? []), c]);
    return [...map.entries()].sort(([x], [y]) => x.localeCompare(y));
  };
  return {
    changes,
    byGrantee: group((r) => `${r.granteeType} ${r.granteeName}`).map(([grantee, c]) => ({
      grantee,
      changes: c,
    })),
    byItem: group(
      (r) => `${r.itemType} ${r.projectPath ? `${r.projectPath} / ` : ''}${r.itemName}`,
    ).map(([item, c]) => ({ item, changes: c })),
    counts: {
      added: changes.filter((c) => c.change === 'added').length,
      removed: changes.filter((c) => c.change === 'removed').length,
      changed: changes.filter((c) => c.change === 'changed').length,
    },
  };
}

/** One line per change: `+ workbook Sales: group Finance Read Allow`. */
export function diffLine(c: RuleChange): string {
  const r = c.rule;
  const mark = c.change === 'added' ? '+' : c.change === 'removed' ? '-' : '~';
  const mode = c.change === 'changed' ? `${c.before} → ${r.mode}` : r.mode;
  return `${mark} ${r.itemType} “${r.itemName}”: ${r.granteeType} ${r.granteeName} ${r.capability} ${mode}`;
}

// ── Effective permissions ──────────────────────────────────────────────────────────────────

/**
 * Site-role ceilings: the most a site role can be allowed, whatever the rules say (Tableau's
 * "Effective permissions" page, condition 1, and the site-role capability table of "Set users'
 * site roles"). Administrators and Creators / Explorer (can publish) have no ceiling here.
 */
const VIEWER_CEILING = new Set([
  'Read',
  'Filter',
  'ViewComments',
  'AddComment',
  'ExportImage',
  'ExportData',
  'ShareView',
  'ViewUnderlyingData',
  'Connect',
]);
const EXPLORER_CEILING = new Set([
  ...VIEWER_CEILING,
  'WebAuthoring',
  'RunExplainData',
  'CreateRefreshMetrics',
  'VizqlDataApiAccess',
  'ExportXml',
  'Delete',
]);

export function siteRoleCeiling(siteRole: string): ReadonlySet<string> | 'all' | 'none' {
  if (siteRole === 'Unlicensed') return 'none';
  if (/Administrator|^Creator$|^ExplorerCanPublish$|Publisher/.test(siteRole)) return 'all';
  if (/^Explorer$|Interactor/.test(siteRole)) return EXPLORER_CEILING;
  return VIEWER_CEILING;
}

export interface EffectiveStep {
  rule: string;
  outcome: 'allowed' | 'denied' | 'no effect';
  detail: string;
}

export interface EffectiveCapability {
  capability: string;
  allowed: boolean;
  /** The evaluation, rule by rule, in Tableau's order; the last step decided. */
  steps: EffectiveStep[];
}

export const EFFECTIVE_PERMISSIONS_DOC =
  'https://help.tableau.com/current/server/en-us/permission_effective.htm';

/**
 * Effective permissions of `userId` on an item, computed from an audit by the rules of
 * Tableau's "Effective permissions" page (https://help.tableau.com/current/server/en-us/permission_effective.htm),
 * evaluated in its order:
 *  1. the capability must be within the user's site role (Unlicensed: nothing);
 *  2. administrators (site or server) are allowed everything;
 *  3. the content owner, and a project leader of the item's project (or a project above it),
 *     are allowed everything on it;
 *  4. when the project locks content permissions, the project's default permissions apply and
 *     rules on the item do not;
 *  5. a user rule decides over group rules: Deny denies, Allow allows;
 *  6. among the user's groups, any Deny denies; else any Allow allows;
 *  7. nothing allows it: denied (unspecified).
 * Views of a workbook are evaluated on the view's own rules (workbooks shown as tabs take the
 * workbook's, which the audit records as the view's rules when Tableau answers them so).
 */
export function effectivePermissions(
  audit: PermissionsAudit,
  userId: string,
  itemType: AuditItemType,
  itemId: string,
): {
  item: AuditItem;
  user: PermissionsAudit['users'][number];
  capabilities: EffectiveCapability[];
} {
  const user = audit.users.find((u) => u.id === userId);
  if (!user) throw new Error(`The user ${userId} is not in this audit.`);
  const item = audit.items.find((i) => i.type === itemType && i.id === itemId);
  if (!item) throw new Error(`The ${itemType} ${itemId} is not in this audit.`);
  const groups = audit.groups.filter((g) => g.userIds.includes(userId));
  const groupIds = new Set(groups.map((g) => g.id));
  const groupName = new Map(audit.groups.map((g) => [g.id, g.name]));
  const projects = new Map(audit.items.filter((i) => i.type === 'project').map((p) => [p.id, p]));

  // The item's project chain, nearest first; a locked project anywhere above governs.
  const chain: AuditItem[] = [];
  let at = itemType === 'project' ? item.projectId : item.projectId;
  if (itemType === 'view' && item.workbookId)
    at =
      audit.items.find((i) => i.type === 'workbook' && i.id === item.workbookId)?.projectId ?? at;
  while (at && projects.has(at) && chain.length < 100) {
    const p = projects.get(at) as AuditItem;
    chain.push(p);
    at = p.projectId;
  }
  const locking =
    itemType === 'project'
      ? undefined
      : chain.find((p, i) =>
          p.contentPermissions === 'LockedToProject'
            ? true
            : p.contentPermissions === 'LockedToProjectWithoutNested' && i === 0,
        );

  // The rules that apply: the locking project's defaults for this content type, else the item's own.
  const defaultType =
    itemType === 'workbook' || itemType === 'view'
      ? 'workbooks'
      : itemType === 'datasource'
        ? 'datasources'
        : itemType === 'flow'
          ? 'flows'
          : null;
  const applying = audit.rules.filter((r) =>
    locking && defaultType
      ? r.itemType === `project-default:${defaultType}` && r.itemId === locking.id
      : r.itemType === itemType && r.itemId === itemId,
  );
  const where = locking
    ? `the default ${defaultType} permissions of the locked project “${locking.name}”`
    : `the rules on this ${itemType}`;

  const capabilities = [...new Set(applying.map((r) => r.capability))];
  for (const c of ['Read', 'Write', 'ChangePermissions', 'Delete'])
    if (!capabilities.includes(c) && itemType !== 'project') capabilities.push(c);
  if (itemType === 'project')
    for (const c of ['Read', 'Write', 'ProjectLeader'])
      if (!capabilities.includes(c)) capabilities.push(c);

  const ceiling = siteRoleCeiling(user.siteRole);
  const leaderOf = chain.find((p) =>
    audit.rules.some(
      (r) =>
        r.itemType === 'project' &&
        r.itemId === p.id &&
        r.capability === 'ProjectLeader' &&
        r.mode === 'Allow' &&
        ((r.granteeType === 'user' && r.granteeId === userId) ||
          (r.granteeType === 'group' && groupIds.has(r.granteeId))),
    ),
  );

  const evaluate = (capability: string): EffectiveCapability => {
    const steps: EffectiveStep[] = [];
    const end = (allowed: boolean) => ({ capability, allowed, steps });
    if (ceiling === 'none' || (ceiling !== 'all' && !ceiling.has(capability))) {
      steps.push({
        rule: 'Site role',
        outcome: 'denied',
        detail: `${user.siteRole} cannot have ${capability}, whatever the rules say.`,
      });
      return end(false);
    }
    steps.push({
      rule: 'Site role',
      outcome: 'no effect',
      detail: `${capability} is within ${user.siteRole}.`,
    });
    if (/Administrator/.test(user.siteRole)) {
      steps.push({
        rule: 'Administrator',
        outcome: 'allowed',
        detail: `${user.siteRole}: administrators have every capability.`,
      });
      return end(true);
    }
    if (item.ownerId === userId) {
      steps.push({
        rule: 'Owner',
        outcome: 'allowed',
        detail: `${user.name} owns this ${itemType}.`,
      });
      return end(true);
    }
    if (leaderOf) {
      steps.push({
        rule: 'Project leader',
        outcome: 'allowed',
        detail: `${user.name} is a project leader of “${leaderOf.name}”.`,
      });
      return end(true);
    }
    if (locking)
      steps.push({
        rule: 'Locked project',
        outcome: 'no effect',
        detail: `“${locking.name}” locks content permissions: ${where} apply, not the item's own.`,
      });
    const mine = applying.filter((r) => r.capability === capability);
    const own = mine.find((r) => r.granteeType === 'user' && r.granteeId === userId);
    if (own) {
      steps.push({
        rule: 'User rule',
        outcome: own.mode === 'Allow' ? 'allowed' : 'denied',
        detail: `${where} ${own.mode === 'Allow' ? 'allow' : 'deny'} ${capability} to ${user.name} as a user; a user rule decides over group rules.`,
      });
      return end(own.mode === 'Allow');
    }
    const fromGroups = mine.filter((r) => r.granteeType === 'group' && groupIds.has(r.granteeId));
    const deny = fromGroups.find((r) => r.mode === 'Deny');
    if (deny) {
      steps.push({
        rule: 'Group rules',
        outcome: 'denied',
        detail: `The group “${groupName.get(deny.granteeId)}” is denied ${capability}; a Deny in any group wins over an Allow in another.`,
      });
      return end(false);
    }
    const allow = fromGroups.find((r) => r.mode === 'Allow');
    if (allow) {
      steps.push({
        rule: 'Group rules',
        outcome: 'allowed',
        detail: `The group “${groupName.get(allow.granteeId)}” is allowed ${capability}, and no rule denies it.`,
      });
      return end(true);
    }
    steps.push({
      rule: 'Unspecified',
      outcome: 'denied',
      detail: `Nothing in ${where} allows ${capability} to ${user.name} or their groups (${groups.map((g) => g.name).join(', ') || 'none'}).`,
    });
    return end(false);
  };
  return { item, user, capabilities: capabilities.sort().map(evaluate) };
}
