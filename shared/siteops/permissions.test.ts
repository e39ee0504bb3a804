import { describe, expect, it } from 'vitest';
import {
  auditCsv,
  effectivePermissions,
  filterRules,
  readSnapshot,
  type AuditRule,
  type PermissionsAudit,
} from './permissions';

/** A small site: Top (managed) > Sub; Locked (locked) with its default workbook rules. */
function site(extra: Partial<AuditRule>[] = [], role = 'Creator'): PermissionsAudit {
  const rule = (r: Partial<AuditRule>): AuditRule => ({
    itemType: 'workbook',
    itemId: 'wb',
    itemName: 'Sales',
    projectPath: 'Top',
    granteeType: 'group',
    granteeId: 'g1',
    granteeName: 'Analysts',
    capability: 'Read',
    mode: 'Allow',
    source: 'item',
    ...r,
  });
  return {
    kind: 'permissionsAudit',
    format: 'trestle-permissions-audit/1',
    at: '2026-01-01T00:00:00Z',
    server: 'https://tableau.example.com',
    siteId: 's',
    project: null,
    items: [
      {
        type: 'project',
        id: 'top',
        name: 'Top',
        projectId: null,
        ownerId: 'admin',
        contentPermissions: 'ManagedByOwner',
        workbookId: null,
      },
      {
        type: 'project',
        id: 'locked',
        name: 'Locked',
        projectId: null,
        ownerId: 'admin',
        contentPermissions: 'LockedToProject',
        workbookId: null,
      },
      {
        type: 'workbook',
        id: 'wb',
        name: 'Sales',
        projectId: 'top',
        ownerId: 'owner',
        contentPermissions: null,
        workbookId: null,
      },
      {
        type: 'workbook',
        id: 'lwb',
        name: 'Locked one',
        projectId: 'locked',
        ownerId: 'owner',
        contentPermissions: null,
        workbookId: null,
      },
    ],
    users: [
      { id: 'u', name: 'ana', siteRole: role },
      { id: 'owner', name: 'olga', siteRole: 'Creator' },
      { id: 'admin', name: 'root', siteRole: 'SiteAdministratorCreator' },
      { id: 'viewer', name: 'vic', siteRole: 'Viewer' },
      { id: 'off', name: 'otto', siteRole: 'Unlicensed' },
    ],
    groups: [
      { id: 'g1', name: 'Analysts', userIds: ['u', 'viewer', 'off'] },
      { id: 'g2', name: 'Contractors', userIds: ['u'] },
    ],
    rules: [
      rule({ capability: 'Read' }),
      rule({ capability: 'Write' }),
      rule({ itemType: 'workbook', itemId: 'lwb', capability: 'Read', mode: 'Allow' }),
      rule({
        itemType: 'project-default:workbooks',
        itemId: 'locked',
        capability: 'Read',
        mode: 'Deny',
        source: 'project default',
      }),
      ...extra.map(rule),
    ],
    failed: [],
  };
}

const cap = (a: PermissionsAudit, user: string, item: string, capability: string) => {
  const type = item === 'top' || item === 'locked' ? 'project' : 'workbook';
  const c = effectivePermissions(a, user, type, item).capabilities.find(
    (x) => x.capability === capability,
  );
  if (!c) throw new Error(`no ${capability}`);
  return { allowed: c.allowed, last: c.steps.at(-1) };
};

describe('effective permissions, by Tableau’s evaluation order', () => {
  it('1. the site role is a ceiling: a Viewer allowed Write by a group still cannot; Unlicensed has nothing', () => {
    expect(cap(site(), 'viewer', 'wb', 'Write')).toMatchObject({
      allowed: false,
      last: { rule: 'Site role' },
    });
    expect(cap(site(), 'viewer', 'wb', 'Read').allowed).toBe(true);
    expect(cap(site(), 'off', 'wb', 'Read')).toMatchObject({
      allowed: false,
      last: { rule: 'Site role' },
    });
  });
  it('2. administrators have every capability', () => {
    expect(cap(site(), 'admin', 'wb', 'Delete')).toMatchObject({
      allowed: true,
      last: { rule: 'Administrator' },
    });
  });
  it('3. the owner and project leaders have every capability on the content', () => {
    expect(cap(site(), 'owner', 'wb', 'Delete')).toMatchObject({
      allowed: true,
      last: { rule: 'Owner' },
    });
    const lead = site([
      {
        itemType: 'project',
        itemId: 'top',
        itemName: 'Top',
        capability: 'ProjectLeader',
        granteeType: 'user',
        granteeId: 'u',
      },
    ]);
    expect(cap(lead, 'u', 'wb', 'Delete')).toMatchObject({
      allowed: true,
      last: { rule: 'Project leader' },
    });
  });
  it('4. a locked project’s default permissions apply, not the item’s own rules', () => {
    const r = cap(site(), 'u', 'lwb', 'Read');
    expect(r).toMatchObject({ allowed: false, last: { rule: 'Group rules', outcome: 'denied' } });
    const steps = effectivePermissions(site(), 'u', 'workbook', 'lwb').capabilities.find(
      (c) => c.capability === 'Read',
    )?.steps;
    expect(steps?.some((s) => s.rule === 'Locked project')).toBe(true);
  });
  it('5. a user rule decides over group rules', () => {
    const a = site([{ granteeType: 'user', granteeId: 'u', capability: 'Write', mode: 'Deny' }]);
    expect(cap(a, 'u', 'wb', 'Write')).toMatchObject({
      allowed: false,
      last: { rule: 'User rule' },
    });
    const b = site([
      { granteeId: 'g2', granteeName: 'Contractors', capability: 'Read', mode: 'Deny' },
      { granteeType: 'user', granteeId: 'u', capability: 'Read', mode: 'Allow' },
    ]);
    expect(cap(b, 'u', 'wb', 'Read')).toMatchObject({ allowed: true, last: { rule: 'User rule' } });
  });
  it('6. among groups, a Deny wins over an Allow', () => {
    const a = site([
      { granteeId: 'g2', granteeName: 'Contractors', capability: 'Read', mode: 'Deny' },
    ]);
    const r = cap(a, 'u', 'wb', 'Read');
    expect(r).toMatchObject({ allowed: false, last: { rule: 'Group rules', outcome: 'denied' } });
    expect(r.last?.detail).toContain('Contractors');
  });
  it('7. what nothing allows is denied', () => {
    expect(cap(site(), 'u', 'wb', 'Delete')).toMatchObject({
      allowed: false,
      last: { rule: 'Unspecified' },
    });
  });
});

describe('audit files', () => {
  it('writes CSV with formulas defused, filters by words, and reads back only its own snapshots', () => {
    const a = site([{ itemName: '=HYPERLINK("x")', capability: 'Filter' }]);
    const csv = auditCsv(a.rules);
    expect(csv.split('\r\n')[0]).toBe(
      'itemType,itemId,itemName,projectPath,granteeType,granteeId,granteeName,capability,mode,source',
    );
    expect(csv).toContain(`"'=HYPERLINK(""x"")"`);
    expect(filterRules(a.rules, 'locked deny')).toHaveLength(1);
    expect(readSnapshot(JSON.stringify(a)).rules).toHaveLength(a.rules.length);
    expect(() => readSnapshot('{"rules": []}')).toThrow(/not a permissions audit/);
    expect(() => readSnapshot('nope')).toThrow(/not JSON/);
  });
});
