import {
  filterRules,
  permissionsAuditOutcomeSchema,
  readSnapshot,
  type AuditDiff,
  type AuditItem,
  type AuditRule,
  type PermissionsAudit,
  type RuleChange,
} from './permissions';

/**
 * What the permissions audit view (issue 19) shows of an audit: the rules through the filter
 * box and the quick filters, in the order asked for; the diff of two snapshots as grouped
 * rows; and the exports of both. Pure, so the view stays a thin layer and this is tested alone.
 */

/** The quick filters above the table; an empty string is "any". */
export interface AuditQuickFilters {
  itemType: string;
  granteeType: '' | AuditRule['granteeType'];
  capability: string;
  mode: '' | AuditRule['mode'];
  source: '' | AuditRule['source'];
}

export const NO_QUICK_FILTERS: AuditQuickFilters = {
  itemType: '',
  granteeType: '',
  capability: '',
  mode: '',
  source: '',
};

/** The table's sortable columns (an audit's own order — item by item — when none). */
export const AUDIT_SORT_COLUMNS = [
  'itemName',
  'itemType',
  'projectPath',
  'granteeName',
  'capability',
  'mode',
  'source',
] as const;
export type AuditSortColumn = (typeof AUDIT_SORT_COLUMNS)[number];
export interface AuditSort {
  column: AuditSortColumn;
  descending: boolean;
}

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

/** The rules shown: the filter box's words (see `filterRules`), the quick filters, the sort. */
export function viewRules(
  rules: readonly AuditRule[],
  query: string,
  quick: AuditQuickFilters,
  sort: AuditSort | null,
): AuditRule[] {
  const keys = Object.keys(quick) as (keyof AuditQuickFilters)[];
  const active = keys.filter((k) => quick[k] !== '');
  const shown = filterRules(rules, query).filter((r) => active.every((k) => r[k] === quick[k]));
  if (!sort) return shown;
  const { column, descending } = sort;
  // Array.prototype.sort is stable: ties keep the audit's item-by-item order.
  return shown.sort((a, b) => {
    const order = collator.compare(a[column], b[column]);
    return descending ? -order : order;
  });
}

/** Each quick filter's values in the audit, with how many rules have them, most first. */
export function quickFilterOptions(
  rules: readonly AuditRule[],
): Record<keyof AuditQuickFilters, { value: string; count: number }[]> {
  const count = (key: keyof AuditQuickFilters) => {
    const seen = new Map<string, number>();
    for (const r of rules) seen.set(r[key], (seen.get(r[key]) ?? 0) + 1);
    return [...seen.entries()]
      .map(([value, n]) => ({ value, count: n }))
      .sort((a, b) => b.count - a.count || collator.compare(a.value, b.value));
  };
  return {
    itemType: count('itemType'),
    granteeType: count('granteeType'),
    capability: count('capability'),
    mode: count('mode'),
    source: count('source'),
  };
}

/** `project-default:workbooks` → "project default (workbooks)"; other types as they are. */
export function itemTypeLabel(itemType: string): string {
  const match = /^project-default:(\w+)$/.exec(itemType);
  return match ? `project default (${match[1]})` : itemType;
}

/** The item a rule is about, for the effective-permissions picker: a default rule's project. */
export function ruleItem(rule: AuditRule): { type: AuditItem['type']; id: string } {
  const type = rule.itemType.startsWith('project-default:') ? 'project' : rule.itemType;
  return { type: type as AuditItem['type'], id: rule.itemId };
}

/** `workbook:ID` → "workbook Finance / Quarterly / Revenue": items as the pickers name them. */
export function itemLabels(audit: PermissionsAudit): Map<string, string> {
  const projects = new Map(audit.items.filter((i) => i.type === 'project').map((p) => [p.id, p]));
  const labels = new Map<string, string>();
  const pathOf = (projectId: string | null): string[] => {
    const names: string[] = [];
    let at = projectId ? projects.get(projectId) : undefined;
    while (at && names.length < 100) {
      names.unshift(at.name);
      at = at.projectId ? projects.get(at.projectId) : undefined;
    }
    return names;
  };
  for (const item of audit.items)
    labels.set(
      `${item.type}:${item.id}`,
      `${item.type} ${[...pathOf(item.projectId), item.name].join(' / ')}`,
    );
  return labels;
}

// ── Snapshots ──────────────────────────────────────────────────────────────────────────────

/**
 * A snapshot file read for comparing: `readSnapshot`'s check, with the file's name and, when
 * the JSON is of the wrong shape, the first place it goes wrong ("rules.3.mode: …").
 */
export function readSnapshotFile(fileName: string, text: string): PermissionsAudit {
  if (!text.trim()) throw new Error(`${fileName} is empty.`);
  try {
    return readSnapshot(text);
  } catch (error) {
    let where = '';
    try {
      const raw: unknown = JSON.parse(text);
      const format = (raw as { format?: unknown } | null)?.format;
      if (raw && typeof raw === 'object' && format !== 'trestle-permissions-audit/1')
        where = ` (it has no "format": "trestle-permissions-audit/1")`;
      else {
        const issue = permissionsAuditOutcomeSchema.safeParse(raw).error?.issues[0];
        if (issue) where = ` (${issue.path.join('.') || 'the top'}: ${issue.message})`;
      }
    } catch {
      // Not JSON at all: readSnapshot's message says so.
    }
    throw new Error(`${fileName} ${(error as Error).message}${where}.`, { cause: error });
  }
}

/** "trestle-permissions-audit-2026-12-02T08-30.json", or with the project audited. */
export function snapshotFileName(audit: PermissionsAudit): string {
  const when = audit.at.slice(0, 16).replace(/:/g, '-');
  const scope = audit.project ? `-${audit.project.replace(/[^\w-]+/g, '_').slice(0, 60)}` : '';
  return `trestle-permissions-audit${scope}-${when}.json`;
}

/** Why two snapshots may not compare like for like (another server, site or project), if so. */
export function comparabilityWarning(a: PermissionsAudit, b: PermissionsAudit): string | null {
  if (a.server !== b.server || a.siteId !== b.siteId)
    return `These audits are of different sites (${a.server} ${a.siteId} and ${b.server} ${b.siteId}): every rule differs.`;
  if ((a.project ?? null) !== (b.project ?? null))
    return `These audits cover different parts of the site (${a.project ?? 'the whole site'} and ${b.project ?? 'the whole site'}).`;
  return null;
}

// ── The diff, grouped ──────────────────────────────────────────────────────────────────────

export type DiffGrouping = 'grantee' | 'item';

/** One row of the grouped diff: a group's heading with its counts, or one change under it. */
export type DiffRow =
  | {
      kind: 'group';
      label: string;
      counts: AuditDiff['counts'];
    }
  | { kind: 'change'; group: string; change: RuleChange };

const CHANGE_ORDER = { added: 0, changed: 1, removed: 2 } as const;

function countsOf(changes: readonly RuleChange[]): AuditDiff['counts'] {
  const counts = { added: 0, removed: 0, changed: 0 };
  for (const c of changes) counts[c.change]++;
  return counts;
}

/** The diff as rows to show: each group (by grantee or by item), then its changes. */
export function diffRows(diff: AuditDiff, by: DiffGrouping): DiffRow[] {
  const groups =
    by === 'grantee'
      ? diff.byGrantee.map((g) => ({ label: g.grantee, changes: g.changes }))
      : diff.byItem.map((g) => ({ label: g.item, changes: g.changes }));
  const rows: DiffRow[] = [];
  for (const g of groups) {
    rows.push({ kind: 'group', label: g.label, counts: countsOf(g.changes) });
    const ordered = [...g.changes].sort(
      (x, y) =>
        CHANGE_ORDER[x.change] - CHANGE_ORDER[y.change] ||
        collator.compare(
          by === 'grantee' ? x.rule.itemName : x.rule.granteeName,
          by === 'grantee' ? y.rule.itemName : y.rule.granteeName,
        ) ||
        collator.compare(x.rule.capability, y.rule.capability),
    );
    for (const change of ordered) rows.push({ kind: 'change', group: g.label, change });
  }
  return rows;
}

/** "3 added · 1 removed · 0 changed". */
export function diffCountsText(counts: AuditDiff['counts']): string {
  return `${counts.added} added · ${counts.removed} removed · ${counts.changed} changed`;
}

function csvCell(value: string): string {
  // A leading = + - @ would run as a formula in a spreadsheet: quote it as text.
  const text = /^[=+\-@]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const DIFF_COLUMNS = [
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

/** The diff as CSV (RFC 4180, CRLF): the change, the mode before (for `changed`), the rule. */
export function diffCsv(diff: AuditDiff): string {
  const lines = [['change', 'modeBefore', ...DIFF_COLUMNS].join(',')];
  const ordered = [...diff.changes].sort(
    (x, y) =>
      CHANGE_ORDER[x.change] - CHANGE_ORDER[y.change] ||
      collator.compare(x.rule.itemName, y.rule.itemName) ||
      collator.compare(x.rule.granteeName, y.rule.granteeName) ||
      collator.compare(x.rule.capability, y.rule.capability),
  );
  for (const c of ordered)
    lines.push(
      [c.change, c.before ?? '', ...DIFF_COLUMNS.map((k) => c.rule[k])].map(csvCell).join(','),
    );
  return `${lines.join('\r\n')}\r\n`;
}

/** The diff as JSON: which audits, the counts, and the changes grouped both ways. */
export function diffJson(diff: AuditDiff, a: PermissionsAudit, b: PermissionsAudit): string {
  const about = (x: PermissionsAudit) => ({
    at: x.at,
    server: x.server,
    siteId: x.siteId,
    project: x.project,
  });
  return `${JSON.stringify(
    {
      format: 'trestle-permissions-diff/1',
      before: about(a),
      after: about(b),
      counts: diff.counts,
      byGrantee: diff.byGrantee,
      byItem: diff.byItem,
    },
    null,
    2,
  )}\n`;
}
