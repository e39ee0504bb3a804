import { describe, expect, it } from 'vitest';
import {
  comparabilityWarning,
  diffCsv,
  diffJson,
  diffRows,
  itemLabels,
  itemTypeLabel,
  NO_QUICK_FILTERS,
  quickFilterOptions,
  readSnapshotFile,
  ruleItem,
  snapshotFileName,
  viewRules,
} from './audit-view';
import { diffAudits, type AuditRule, type PermissionsAudit } from './permissions';

const rule = (over: Partial<AuditRule>): AuditRule => ({
  itemType: 'workbook',
  itemId: 'wb-1',
  itemName: 'Revenue',
  projectPath: 'Finance',
  granteeType: 'group',
  granteeId: 'g-fin',
  granteeName: 'Finance Team',
  capability: 'Read',
  mode: 'Allow',
  source: 'item',
  ...over,
});

const RULES: AuditRule[] = [
  rule({}),
  rule({ capability: 'ExportData', mode: 'Deny' }),
  rule({ granteeType: 'user', granteeId: 'u-ana', granteeName: 'ana', capability: 'Write' }),
  rule({
    itemType: 'datasource',
    itemId: 'ds-1',
    itemName: 'Orders',
    projectPath: 'Sales',
    granteeId: 'g-all',
    granteeName: 'All Users',
    capability: 'Connect',
    source: 'locked project',
  }),
  rule({
    itemType: 'project-default:workbooks',
    itemId: 'p-fin',
    itemName: 'Finance',
    projectPath: '',
    granteeId: 'g-all',
    granteeName: 'All Users',
    source: 'project default',
  }),
];

const audit = (rules: AuditRule[], over: Partial<PermissionsAudit> = {}): PermissionsAudit => ({
  kind: 'permissionsAudit',
  format: 'trestle-permissions-audit/1',
  at: '2026-12-02T08:30:15.000Z',
  server: 'http://127.0.0.1:9000',
  siteId: 'site-1',
  project: null,
  rules,
  items: [
    {
      type: 'project',
      id: 'p-fin',
      name: 'Finance',
      projectId: null,
      ownerId: null,
      contentPermissions: 'ManagedByOwner',
      workbookId: null,
    },
    {
      type: 'project',
      id: 'p-q',
      name: 'Quarterly',
      projectId: 'p-fin',
      ownerId: null,
      contentPermissions: 'ManagedByOwner',
      workbookId: null,
    },
    {
      type: 'workbook',
      id: 'wb-1',
      name: 'Revenue',
      projectId: 'p-q',
      ownerId: 'u-ana',
      contentPermissions: null,
      workbookId: null,
    },
  ],
  users: [{ id: 'u-ana', name: 'ana', siteRole: 'Creator' }],
  groups: [{ id: 'g-fin', name: 'Finance Team', userIds: ['u-ana'] }],
  failed: [],
  ...over,
});

describe('the rules shown in the audit table', () => {
  it('narrows by the filter box and the quick filters together, and counts what is left', () => {
    expect(viewRules(RULES, '', NO_QUICK_FILTERS, null)).toHaveLength(5);
    expect(viewRules(RULES, 'finance', NO_QUICK_FILTERS, null)).toHaveLength(4);
    const groupsOnly = { ...NO_QUICK_FILTERS, granteeType: 'group' as const };
    expect(viewRules(RULES, 'finance', groupsOnly, null)).toHaveLength(3);
    const denies = { ...NO_QUICK_FILTERS, mode: 'Deny' as const };
    expect(viewRules(RULES, '', denies, null).map((r) => r.capability)).toEqual(['ExportData']);
    const locked = { ...NO_QUICK_FILTERS, source: 'locked project' as const };
    expect(viewRules(RULES, '', locked, null).map((r) => r.itemName)).toEqual(['Orders']);
    expect(viewRules(RULES, 'no such thing', NO_QUICK_FILTERS, null)).toEqual([]);
  });

  it('sorts by a column either way, ties keeping the audit order, without touching the audit', () => {
    const before = RULES.map((r) => r.capability);
    const up = viewRules(RULES, '', NO_QUICK_FILTERS, { column: 'granteeName', descending: false });
    expect(up.map((r) => r.granteeName)).toEqual([
      'All Users',
      'All Users',
      'ana',
      'Finance Team',
      'Finance Team',
    ]);
    expect(up.slice(3).map((r) => r.capability)).toEqual(['Read', 'ExportData']);
    const down = viewRules(RULES, '', NO_QUICK_FILTERS, { column: 'capability', descending: true });
    expect(down[0].capability).toBe('Write');
    expect(RULES.map((r) => r.capability)).toEqual(before);
  });

  it('offers each quick filter the values the audit has, most common first, with counts', () => {
    const options = quickFilterOptions(RULES);
    expect(options.granteeType).toEqual([
      { value: 'group', count: 4 },
      { value: 'user', count: 1 },
    ]);
    expect(options.mode).toEqual([
      { value: 'Allow', count: 4 },
      { value: 'Deny', count: 1 },
    ]);
    expect(options.itemType.map((o) => o.value)).toEqual([
      'workbook',
      'datasource',
      'project-default:workbooks',
    ]);
  });

  it('names item types and items in the user’s words', () => {
    expect(itemTypeLabel('project-default:flows')).toBe('project default (flows)');
    expect(itemTypeLabel('view')).toBe('view');
    expect(ruleItem(RULES[4])).toEqual({ type: 'project', id: 'p-fin' });
    expect(ruleItem(RULES[0])).toEqual({ type: 'workbook', id: 'wb-1' });
    const a = audit(RULES);
    const labels = itemLabels(a);
    expect(labels.get('workbook:wb-1')).toBe('workbook Finance / Quarterly / Revenue');
    expect(labels.get('project:p-fin')).toBe('project Finance');
    expect(labels.get('project:p-q')).toBe('project Finance / Quarterly');
  });
});

describe('snapshot files', () => {
  it('reads back a saved audit, named for when and what it covered', () => {
    const a = audit(RULES, { project: 'Finance / Quarterly' });
    expect(readSnapshotFile('a.json', JSON.stringify(a))).toEqual(a);
    expect(snapshotFileName(a)).toBe(
      'trestle-permissions-audit-Finance_Quarterly-2026-12-02T08-30.json',
    );
    expect(snapshotFileName(audit(RULES))).toBe('trestle-permissions-audit-2026-12-02T08-30.json');
  });

  it('refuses what is not a snapshot, naming the file and the problem', () => {
    expect(() => readSnapshotFile('notes.txt', 'hello')).toThrow('notes.txt is not JSON.');
    expect(() => readSnapshotFile('empty.json', '  ')).toThrow('empty.json is empty.');
    expect(() => readSnapshotFile('users.json', '{"users":[]}')).toThrow(
      'users.json is not a permissions audit snapshot Trestle saved (it has no "format": "trestle-permissions-audit/1").',
    );
    const broken = audit(RULES);
    (broken.rules[1] as { mode: string }).mode = 'Maybe';
    expect(() => readSnapshotFile('edited.json', JSON.stringify(broken))).toThrow(
      /^edited\.json is not a permissions audit snapshot Trestle saved \(rules\.1\.mode: /,
    );
  });

  it('warns when two audits are of different sites or project scopes', () => {
    const a = audit(RULES);
    expect(comparabilityWarning(a, audit([]))).toBeNull();
    expect(comparabilityWarning(a, audit([], { siteId: 'other' }))).toMatch(/different sites/);
    expect(comparabilityWarning(a, audit([], { project: 'Finance' }))).toMatch(
      /the whole site and Finance/,
    );
  });
});

describe('the grouped diff', () => {
  const before = audit(RULES);
  const after = audit([
    RULES[0],
    { ...RULES[1], mode: 'Allow' },
    RULES[3],
    RULES[4],
    rule({ granteeType: 'user', granteeId: 'u-bo', granteeName: 'bo', capability: 'Read' }),
    rule({ capability: 'Filter' }),
  ]);
  const diff = diffAudits(before, after);

  it('lists each grantee with its counts, then its changes: added, changed, removed', () => {
    const rows = diffRows(diff, 'grantee');
    expect(
      rows.map((r) =>
        r.kind === 'group'
          ? `# ${r.label} ${r.counts.added}/${r.counts.changed}/${r.counts.removed}`
          : `${r.change.change} ${r.change.rule.capability}`,
      ),
    ).toEqual([
      '# group Finance Team 1/1/0',
      'added Filter',
      'changed ExportData',
      '# user ana 0/0/1',
      'removed Write',
      '# user bo 1/0/0',
      'added Read',
    ]);
  });

  it('lists by item too: one group for the workbook with all four changes', () => {
    const rows = diffRows(diff, 'item');
    expect(rows.filter((r) => r.kind === 'group')).toEqual([
      {
        kind: 'group',
        label: 'workbook Finance / Revenue',
        counts: { added: 2, removed: 1, changed: 1 },
      },
    ]);
    expect(rows).toHaveLength(5);
  });

  it('exports the changes as CSV and JSON', () => {
    const csv = diffCsv(diff).split('\r\n');
    expect(csv[0]).toBe(
      'change,modeBefore,itemType,itemId,itemName,projectPath,granteeType,granteeId,granteeName,capability,mode,source',
    );
    expect(csv).toContain(
      'changed,Deny,workbook,wb-1,Revenue,Finance,group,g-fin,Finance Team,ExportData,Allow,item',
    );
    expect(csv.filter((l) => l.startsWith('added,'))).toHaveLength(2);
    expect(csv.at(-1)).toBe('');
    const json = JSON.parse(diffJson(diff, before, after)) as {
      format: string;
      counts: unknown;
      byGrantee: unknown[];
    };
    expect(json.format).toBe('trestle-permissions-diff/1');
    expect(json.counts).toEqual({ added: 2, removed: 1, changed: 1 });
    expect(json.byGrantee).toHaveLength(3);
  });
});
