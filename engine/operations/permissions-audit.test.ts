import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../sandbox';
import type { OperationSnapshot } from '../../shared/operations';
import {
  diffAudits,
  effectivePermissions,
  type PermissionsAudit,
} from '../../shared/siteops/permissions';
import { engineFor, type EngineFixture } from '../test-support';
import { readPermissions } from './permissions-audit';
import { SiteCalls } from './site-calls';

let sandbox: RunningSandbox;
let fixture: EngineFixture;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, seed: 19 });
  fixture = engineFor(sandbox);
  await fixture.engine.signIn('sandbox');
});
afterAll(async () => {
  await fixture.engine.dispose();
  await sandbox.stop();
});

async function calls(): Promise<SiteCalls> {
  return new SiteCalls(
    fixture.engine.executor,
    await fixture.engine.resolve('sandbox'),
    new AbortController().signal,
  );
}

async function audit(project?: string): Promise<OperationSnapshot & { outcome: PermissionsAudit }> {
  const started = await fixture.engine.startOperation('sandbox', {
    kind: 'permissionsAudit',
    ...(project ? { project } : {}),
  });
  return (await fixture.engine.operations.wait(started.operationId)) as OperationSnapshot & {
    outcome: PermissionsAudit;
  };
}

const line = (
  type: string,
  id: string,
  r: { granteeType: string; granteeId: string; capability: string; mode: string },
) => [type, id, r.granteeType, r.granteeId, r.capability, r.mode].join('|');

describe('the permissions audit', () => {
  it('equals, rule for rule, what per-item permission queries return for the whole site', async () => {
    const result = await audit();
    expect(result.state).toBe('succeeded');
    const a = result.outcome;
    const types = new Set(a.items.map((i) => i.type));
    expect([...types].sort()).toEqual(['datasource', 'flow', 'project', 'view', 'workbook']);
    const c = await calls();
    const expected: string[] = [];
    for (const item of a.items) {
      const { body } = await c.call('GET', `/${item.type}s/${item.id}/permissions`);
      for (const r of readPermissions(body)) expected.push(line(item.type, item.id, r));
      if (item.type === 'project')
        for (const t of ['workbooks', 'datasources', 'flows']) {
          const d = await c.call('GET', `/projects/${item.id}/default-permissions/${t}`);
          for (const r of readPermissions(d.body))
            expected.push(line(`project-default:${t}`, item.id, r));
        }
    }
    expect(a.rules.map((r) => line(r.itemType, r.itemId, r)).sort()).toEqual(expected.sort());
    expect(a.rules.length).toBeGreaterThan(100);
    // Names and paths filled in, and items in locked projects say so.
    expect(a.rules.every((r) => r.granteeName !== r.granteeId)).toBe(true);
    const locked = a.items.filter(
      (i) => i.type === 'project' && i.contentPermissions === 'LockedToProject',
    );
    expect(locked.length).toBeGreaterThan(0);
    expect(a.rules.some((r) => r.source === 'locked project')).toBe(true);
    expect(result.items?.length).toBe(
      a.items.length + 3 * a.items.filter((i) => i.type === 'project').length,
    );
  });

  it('audits one project subtree, and refuses a project that does not exist', async () => {
    const whole = (await audit()).outcome;
    const top = whole.items.find(
      (i) =>
        i.type === 'project' &&
        i.projectId === null &&
        whole.items.some((w) => w.type === 'workbook' && w.projectId === i.id),
    );
    expect(top).toBeDefined();
    const part = (await audit(top?.name)).outcome;
    expect(part.items.length).toBeLessThan(whole.items.length);
    expect(part.items.some((i) => i.id === top?.id)).toBe(true);
    for (const r of part.rules)
      expect(r.projectPath.startsWith(top?.name ?? '') || r.itemId === top?.id).toBe(true);
    const missing = await audit('No Such Project');
    expect(missing.state).toBe('failed');
    expect(missing.error?.code).toBe('audit.noProject');
  });

  it('diffs two snapshots: exactly the granted and the revoked rules', async () => {
    const before = (await audit()).outcome;
    const workbook = before.items.find(
      (i) =>
        i.type === 'workbook' &&
        before.rules.some((r) => r.itemId === i.id && r.granteeType === 'group'),
    );
    if (!workbook) throw new Error('no workbook with a group rule');
    const revoked = before.rules.find((r) => r.itemId === workbook.id && r.granteeType === 'group');
    if (!revoked) throw new Error('no rule');
    const group = before.groups.find((g) => g.id !== revoked.granteeId) ?? before.groups[0];
    const c = await calls();
    await c.call('PUT', `/workbooks/${workbook.id}/permissions`, {
      permissions: {
        granteeCapabilities: [
          {
            group: { id: group.id },
            capabilities: { capability: [{ name: 'ExportData', mode: 'Deny' }] },
          },
        ],
      },
    });
    await c.call(
      'DELETE',
      `/workbooks/${workbook.id}/permissions/groups/${revoked.granteeId}/${revoked.capability}/${revoked.mode}`,
    );
    const after = (await audit()).outcome;
    const diff = diffAudits(before, after);
    expect(diff.counts).toEqual({ added: 1, removed: 1, changed: 0 });
    const added = diff.changes.find((x) => x.change === 'added')?.rule;
    expect(added).toMatchObject({
      itemId: workbook.id,
      granteeId: group.id,
      capability: 'ExportData',
      mode: 'Deny',
    });
    const removed = diff.changes.find((x) => x.change === 'removed')?.rule;
    expect(removed).toMatchObject({
      itemId: workbook.id,
      granteeId: revoked.granteeId,
      capability: revoked.capability,
    });
    expect(diff.byItem).toHaveLength(1);
    expect(diffAudits(after, after).changes).toEqual([]);
  });

  it('explains a Deny in one group winning over an Allow in another, granted on the sandbox', async () => {
    const c = await calls();
    const before = (await audit()).outcome;
    const user = before.users.find(
      (u) => u.siteRole === 'Creator' && !before.items.some((i) => i.ownerId === u.id),
    );
    const workbook = before.items.find((i) => {
      if (i.type !== 'workbook') return false;
      const project = before.items.find((p) => p.id === i.projectId);
      return project?.contentPermissions === 'ManagedByOwner' && !project.projectId;
    });
    if (!user || !workbook) throw new Error('no user or workbook');
    const make = async (name: string) =>
      String(
        ((await c.call('POST', '/groups', { group: { name } })).body as { group: { id: string } })
          .group.id,
      );
    const allowGroup = await make('Audit Allow');
    const denyGroup = await make('Audit Deny');
    for (const g of [allowGroup, denyGroup])
      await c.call('POST', `/groups/${g}/users`, { user: { id: user.id } });
    const grant = (group: string, mode: string) =>
      c.call('PUT', `/workbooks/${workbook.id}/permissions`, {
        permissions: {
          granteeCapabilities: [
            { group: { id: group }, capabilities: { capability: [{ name: 'ExportXml', mode }] } },
          ],
        },
      });
    await grant(allowGroup, 'Allow');
    await grant(denyGroup, 'Deny');
    const a = (await audit()).outcome;
    const xml = effectivePermissions(a, user.id, 'workbook', workbook.id).capabilities.find(
      (x) => x.capability === 'ExportXml',
    );
    expect(xml?.allowed).toBe(false);
    expect(xml?.steps.at(-1)).toMatchObject({ rule: 'Group rules', outcome: 'denied' });
    expect(xml?.steps.at(-1)?.detail).toContain('Audit Deny');
    // A user rule decides over both groups.
    await c.call('PUT', `/workbooks/${workbook.id}/permissions`, {
      permissions: {
        granteeCapabilities: [
          {
            user: { id: user.id },
            capabilities: { capability: [{ name: 'ExportXml', mode: 'Allow' }] },
          },
        ],
      },
    });
    const b = (await audit()).outcome;
    const again = effectivePermissions(b, user.id, 'workbook', workbook.id).capabilities.find(
      (x) => x.capability === 'ExportXml',
    );
    expect(again?.allowed).toBe(true);
    expect(again?.steps.at(-1)?.rule).toBe('User rule');
  });
});
