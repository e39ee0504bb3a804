import fs from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import type { Page } from '@playwright/test';
import { NO_QUICK_FILTERS, viewRules } from '../shared/siteops/audit-view';
import {
  diffLine,
  effectivePermissions,
  readSnapshot,
  type PermissionsAudit,
} from '../shared/siteops/permissions';
import { expect, signInToSandbox, test } from './fixtures';
import { sandboxSignIn } from './workbench';

/** A screenshot in the light theme and one in the dark. */
async function shots(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(test.info().outputDir, `${name}.png`) });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: path.join(test.info().outputDir, `${name}-dark.png`) });
  await page.emulateMedia({ colorScheme: 'light' });
}

/** Clicks a button that saves a file and returns the file's path and text. */
async function download(page: Page, click: () => Promise<void>, name: string) {
  const downloadPromise = page.waitForEvent('download');
  await click();
  const saved = await downloadPromise;
  const file = path.join(test.info().outputDir, name);
  await saved.saveAs(file);
  return { file, suggested: saved.suggestedFilename(), text: fs.readFileSync(file, 'utf8') };
}

const count = (n: number) => new Intl.NumberFormat('en-US').format(n);

/**
 * A user and a workbook whose effective Read comes from a group rule alone: a Viewer in the
 * group, not the owner, with no user rule on it, the workbook's project not locked.
 */
function groupDecidedCase(audit: PermissionsAudit) {
  const projects = new Map(audit.items.filter((i) => i.type === 'project').map((p) => [p.id, p]));
  for (const rule of audit.rules) {
    if (rule.itemType !== 'workbook' || rule.source !== 'item' || rule.granteeType !== 'group')
      continue;
    if (rule.capability !== 'Read' || rule.mode !== 'Allow') continue;
    const workbook = audit.items.find((i) => i.type === 'workbook' && i.id === rule.itemId);
    const project = workbook?.projectId ? projects.get(workbook.projectId) : undefined;
    if (!workbook || !project || project.contentPermissions !== 'ManagedByOwner') continue;
    const members = audit.groups.find((g) => g.id === rule.granteeId)?.userIds ?? [];
    const user = audit.users.find(
      (u) =>
        members.includes(u.id) &&
        u.siteRole === 'Viewer' &&
        u.id !== workbook.ownerId &&
        !audit.rules.some((r) => r.itemId === workbook.id && r.granteeId === u.id),
    );
    if (!user) continue;
    const read = effectivePermissions(audit, user.id, 'workbook', workbook.id).capabilities.find(
      (c) => c.capability === 'Read',
    );
    if (read?.steps.at(-1)?.rule === 'Group rules') return { user, workbook, read };
  }
  throw new Error('the sandbox has no workbook whose Read a group rule decides');
}

test.describe('Permissions audit', () => {
  test('audit the site, filter, explain effective permissions, snapshot, grant, compare', async ({
    page,
    trestle,
  }) => {
    await page.goto(trestle.url);
    await signInToSandbox(page);
    await page
      .getByRole('group', { name: 'Site tools' })
      .getByRole('button', { name: 'Permissions' })
      .click();
    const view = page.getByRole('region', { name: 'Permissions audit' });
    await expect(view.getByLabel('Audit scope')).toContainText('project Finance and below');

    // The whole Default site, as an operation; the table then holds every rule.
    await view.getByRole('button', { name: 'Run audit' }).click();
    const ruleCount = view.getByLabel('Rule count');
    await expect(ruleCount).toHaveText(/^([\d,]+) of \1 rules$/, { timeout: 60_000 });
    await expect(view.getByLabel('Audit result')).toContainText(/[\d,]+ rules on [\d,]+ items/);

    // The snapshot is the audit: everything the table shows comes from it.
    const snapshot = await download(
      page,
      () => view.getByRole('button', { name: 'Save snapshot' }).click(),
      'before.json',
    );
    expect(snapshot.suggested).toMatch(
      /^trestle-permissions-audit-\d{4}-\d\d-\d\dT\d\d-\d\d\.json$/,
    );
    const before = readSnapshot(snapshot.text);
    expect(before.rules.length).toBeGreaterThan(1000);
    await expect(ruleCount).toHaveText(
      `${count(before.rules.length)} of ${count(before.rules.length)} rules`,
    );
    const grid = view.getByRole('grid', { name: 'Permission rules' });
    await expect(grid.getByRole('row').nth(1)).toContainText(before.rules[0].itemName);
    await shots(page, 'audit-table');

    // Filter to one project's rules, then to one group's Read: the count follows.
    const filter = view.getByLabel('Filter rules');
    await filter.fill('Finance');
    const finance = viewRules(before.rules, 'Finance', NO_QUICK_FILTERS, null);
    await expect(ruleCount).toHaveText(
      `${count(finance.length)} of ${count(before.rules.length)} rules`,
    );
    expect(finance.length).toBeLessThan(before.rules.length);
    await view.getByLabel('Capability filter').selectOption('Read');
    await view.getByLabel('Grantee kind filter').selectOption('group');
    const financeWrite = viewRules(
      before.rules,
      'Finance',
      { ...NO_QUICK_FILTERS, capability: 'Read', granteeType: 'group' },
      null,
    );
    expect(financeWrite.length).toBeGreaterThan(0);
    expect(financeWrite.length).toBeLessThan(finance.length);
    await expect(ruleCount).toHaveText(
      `${count(financeWrite.length)} of ${count(before.rules.length)} rules`,
    );
    const firstRow = grid.getByRole('row').nth(1);
    await expect(firstRow).toContainText('group All Users');
    await expect(firstRow).toContainText('Read');
    await expect(firstRow).toContainText('Finance');
    await shots(page, 'audit-filtered');

    // Export what is shown: exactly the filtered rules.
    const shownCsv = await download(
      page,
      () => view.getByRole('button', { name: 'CSV', exact: true }).click(),
      'shown.csv',
    );
    const rows = Papa.parse<Record<string, string>>(shownCsv.text, {
      header: true,
      skipEmptyLines: true,
    }).data;
    expect(rows).toHaveLength(financeWrite.length);
    expect(new Set(rows.map((r) => `${r.granteeName} ${r.capability}`))).toEqual(
      new Set(['All Users Read']),
    );

    // Clear the filters; sort by grantee, then the other way round.
    await view.getByRole('button', { name: 'Clear filters' }).click();
    await expect(filter).toHaveValue('');
    await expect(ruleCount).toHaveText(
      `${count(before.rules.length)} of ${count(before.rules.length)} rules`,
    );
    const granteeHeader = grid.getByRole('columnheader', { name: /^Grantee/ });
    await granteeHeader.getByRole('button').click();
    await expect(granteeHeader).toHaveAttribute('aria-sort', 'ascending');
    const up = viewRules(before.rules, '', NO_QUICK_FILTERS, {
      column: 'granteeName',
      descending: false,
    });
    await expect(firstRow).toContainText(`${up[0].granteeType} ${up[0].granteeName}`);
    await granteeHeader.getByRole('button').click();
    await expect(granteeHeader).toHaveAttribute('aria-sort', 'descending');
    await expect(firstRow).toContainText(`${up.at(-1)?.granteeType} ${up.at(-1)?.granteeName}`);
    await granteeHeader.getByRole('button').click();
    await expect(granteeHeader).toHaveAttribute('aria-sort', 'none');

    // Effective permissions: a row's item, a user picked from the site's users.
    const chosen = groupDecidedCase(before);
    await filter.fill(`${chosen.workbook.name} Read`);
    await view.getByLabel('Type filter').selectOption('workbook');
    const escaped = chosen.workbook.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const row = grid.getByRole('row', { name: new RegExp(`^${escaped}\\b`) }).first();
    await row.click();
    await view
      .getByRole('button', { name: `Effective permissions on workbook “${chosen.workbook.name}”…` })
      .click();
    const effective = view.getByRole('tabpanel', { name: 'Effective permissions' });
    await expect(effective.getByLabel('Item', { exact: true })).toHaveValue(
      `workbook:${chosen.workbook.id}`,
    );
    await expect(effective.getByLabel('Search items')).toHaveValue(
      new RegExp(`^workbook .* / ${escaped}$`),
    );
    await effective.getByLabel('Search users').fill(chosen.user.name);
    await effective.getByLabel('User', { exact: true }).selectOption(chosen.user.id);
    const result = effective.getByLabel('Effective permissions result');
    await expect(result.getByLabel('Effective permissions of')).toContainText(
      `${chosen.user.name} (Viewer) on workbook`,
    );
    const readRow = result.getByRole('row', { name: 'Read allowed' });
    await expect(readRow).toContainText('Site role — no effect: Read is within Viewer.');
    await expect(readRow).toContainText(
      `Group rules — allowed: ${chosen.read.steps.at(-1)?.detail}`,
    );
    // A Viewer cannot Write, whatever the rules say: the site-role ceiling decides.
    await expect(result.getByRole('row', { name: 'Write denied' })).toContainText(
      'Site role — denied: Viewer cannot have Write, whatever the rules say.',
    );
    await expect(result.getByRole('link', { name: /permission_effective\.htm/ })).toHaveAttribute(
      'href',
      'https://help.tableau.com/current/server/en-us/permission_effective.htm',
    );
    await shots(page, 'audit-effective');

    // An item in a locked project, picked from the item list: the project's defaults decide.
    const lockedProject = before.items.find(
      (p) =>
        p.type === 'project' &&
        p.contentPermissions === 'LockedToProject' &&
        before.items.some((w) => w.type === 'workbook' && w.projectId === p.id),
    );
    const lockedWorkbook = before.items.find(
      (w) => w.type === 'workbook' && w.projectId === lockedProject?.id,
    );
    if (!lockedProject || !lockedWorkbook) throw new Error('no workbook in a locked project');
    await effective.getByLabel('Search items').fill(lockedWorkbook.name);
    await effective
      .getByLabel('Item', { exact: true })
      .selectOption(`workbook:${lockedWorkbook.id}`);
    await expect(result.getByLabel('Effective permissions of')).toContainText(
      `/ ${lockedWorkbook.name}`,
    );
    await expect(result.getByRole('row', { name: /^Read (allowed|denied)$/ })).toContainText(
      `Locked project — no effect: “${lockedProject.name}” locks content permissions: the default workbooks permissions of the locked project “${lockedProject.name}” apply, not the item's own.`,
    );

    // The owner of an item may do anything on it (within the site role).
    const owned = before.items
      .filter((w) => w.type === 'workbook' && w.ownerId)
      .map((w) => ({ workbook: w, owner: before.users.find((u) => u.id === w.ownerId) }))
      .find((o) => o.owner && /^(Creator|Explorer)$/.test(o.owner.siteRole));
    if (!owned?.owner) throw new Error('no workbook owned by a Creator or Explorer');
    await effective.getByLabel('Search users').fill(owned.owner.name);
    await effective.getByLabel('User', { exact: true }).selectOption(owned.owner.id);
    await effective.getByLabel('Search items').fill(owned.workbook.name);
    await effective
      .getByLabel('Item', { exact: true })
      .selectOption(`workbook:${owned.workbook.id}`);
    await expect(result.getByRole('row', { name: 'Read allowed' })).toContainText(
      `Owner — allowed: ${owned.owner.name} owns this workbook.`,
    );

    // Grant one rule on the sandbox with a plain REST call, audit again, compare.
    const { token, siteId } = await sandboxSignIn(trestle);
    const interns = before.groups.find((g) => g.name === 'Interns');
    if (!interns) throw new Error('no Interns group');
    const granted = await fetch(
      `${trestle.sandbox.url}/api/3.29/sites/${siteId}/workbooks/${chosen.workbook.id}/permissions`,
      {
        method: 'PUT',
        headers: {
          'x-tableau-auth': token,
          'content-type': 'application/json',
          accept: 'application/json',
        },
        body: JSON.stringify({
          permissions: {
            granteeCapabilities: [
              {
                group: { id: interns.id },
                capabilities: { capability: [{ name: 'ExportXml', mode: 'Allow' }] },
              },
            ],
          },
        }),
      },
    );
    expect(granted.status).toBe(200);
    await view.getByRole('button', { name: 'Run the audit again' }).click();
    await expect(view.getByLabel('Audit result')).toContainText(
      `${count(before.rules.length + 1)} rules`,
      { timeout: 60_000 },
    );

    await view.getByRole('tab', { name: 'Compare snapshots' }).click();
    const compare = view.getByRole('tabpanel', { name: 'Compare snapshots' });
    // A file that is not a snapshot: a clear error naming the file and the problem.
    const wrong = path.join(test.info().outputDir, 'not-a-snapshot.json');
    fs.writeFileSync(wrong, JSON.stringify({ users: [] }));
    await compare.getByLabel('Before snapshot file').setInputFiles(wrong);
    await expect(compare.getByRole('alert')).toHaveText(
      'not-a-snapshot.json is not a permissions audit snapshot Trestle saved (it has no "format": "trestle-permissions-audit/1").',
    );
    await compare.getByLabel('Before snapshot file').setInputFiles(snapshot.file);
    await expect(compare.getByRole('alert')).toHaveCount(0);
    await expect(compare.getByLabel('Changes counts')).toHaveText(
      '1 added · 0 removed · 0 changed',
    );
    const changes = compare.getByRole('list', { name: 'Changes' }).getByRole('listitem');
    await expect(changes).toHaveCount(2);
    await expect(changes.nth(0)).toContainText('group Interns');
    const added = {
      change: 'added' as const,
      rule: {
        ...before.rules[0],
        itemType: 'workbook',
        itemName: chosen.workbook.name,
        granteeType: 'group' as const,
        granteeName: 'Interns',
        capability: 'ExportXml',
        mode: 'Allow' as const,
      },
    };
    await expect(changes.nth(1)).toContainText(diffLine(added));
    await compare.getByRole('tab', { name: 'By item' }).click();
    await expect(changes.nth(0)).toContainText(`workbook`);
    await expect(changes.nth(0)).toContainText(chosen.workbook.name);
    await shots(page, 'audit-compare');

    const diffCsv = await download(
      page,
      () => compare.getByRole('button', { name: 'Export changes CSV' }).click(),
      'diff.csv',
    );
    const diffRows = Papa.parse<Record<string, string>>(diffCsv.text, {
      header: true,
      skipEmptyLines: true,
    }).data;
    expect(diffRows).toEqual([
      expect.objectContaining({
        change: 'added',
        itemId: chosen.workbook.id,
        granteeId: interns.id,
        capability: 'ExportXml',
        mode: 'Allow',
        source: 'item',
      }),
    ]);

    // Two snapshot files: the one saved before against a snapshot of now.
    const now = await download(
      page,
      () => view.getByRole('button', { name: 'Save snapshot' }).click(),
      'after.json',
    );
    await compare.getByLabel('Another snapshot file').check();
    await compare.getByLabel('After snapshot file').setInputFiles(snapshot.file);
    await expect(compare.getByLabel('Changes counts')).toHaveText(
      '0 added · 0 removed · 0 changed',
    );
    await expect(compare).toContainText('No changes: the two audits have the same rules.');
    await compare.getByLabel('After snapshot file').setInputFiles(now.file);
    await expect(compare.getByLabel('Changes counts')).toHaveText(
      '1 added · 0 removed · 0 changed',
    );
    await expect(compare).toContainText(`From before.json`);
    await expect(compare).toContainText(`to after.json`);
  });
  test('audit one project subtree, picked from the site’s projects', async ({ page, trestle }) => {
    await page.goto(trestle.url);
    await signInToSandbox(page);
    await page
      .getByRole('group', { name: 'Site tools' })
      .getByRole('button', { name: 'Permissions' })
      .click();
    const view = page.getByRole('region', { name: 'Permissions audit' });
    await view.getByLabel('Audit scope').selectOption('Finance');
    await view.getByRole('button', { name: 'Run audit' }).click();
    await expect(view.getByLabel('Audit summary')).toContainText('Project Finance and below', {
      timeout: 60_000,
    });
    const snapshot = await download(
      page,
      () => view.getByRole('button', { name: 'Save snapshot' }).click(),
      'finance.json',
    );
    expect(snapshot.suggested).toMatch(/^trestle-permissions-audit-Finance-/);
    const audit = readSnapshot(snapshot.text);
    expect(audit.project).toBe('Finance');
    expect(audit.rules.length).toBeGreaterThan(0);
    for (const r of audit.rules)
      expect(
        r.projectPath === 'Finance' ||
          r.projectPath.startsWith('Finance / ') ||
          r.itemName === 'Finance',
      ).toBe(true);
    await expect(view.getByLabel('Rule count')).toHaveText(
      `${count(audit.rules.length)} of ${count(audit.rules.length)} rules`,
    );

    // Back to the requests and here again: the audit is still on screen.
    await view.getByRole('button', { name: 'Back to requests' }).click();
    await expect(view).toHaveCount(0);
    await page
      .getByRole('group', { name: 'Site tools' })
      .getByRole('button', { name: 'Permissions' })
      .click();
    await expect(view.getByLabel('Rule count')).toHaveText(
      `${count(audit.rules.length)} of ${count(audit.rules.length)} rules`,
    );
    await expect(view.getByLabel('Audit summary')).toContainText('Project Finance and below');
  });

  test.describe('on a slow server', () => {
    test.use({ sandboxOptions: { faults: { latencyMs: 50 } } });

    test('cancel an audit: progress while it runs, then what was read, marked partial', async ({
      page,
      trestle,
    }) => {
      await page.goto(trestle.url);
      await signInToSandbox(page);
      await page
        .getByRole('group', { name: 'Site tools' })
        .getByRole('button', { name: 'Permissions' })
        .click();
      const view = page.getByRole('region', { name: 'Permissions audit' });
      await view.getByRole('button', { name: 'Run audit' }).click();
      const bar = view.getByLabel('Audit', { exact: true });
      await expect(bar.getByLabel('Audit progress')).toBeVisible();
      await expect(bar).toContainText(/Read \d+ of \d+ permission lists/, { timeout: 60_000 });
      await expect(view.getByRole('button', { name: 'Run audit' })).toBeDisabled();
      await shots(page, 'audit-running');
      await view.getByRole('button', { name: 'Cancel audit' }).click();
      const result = view.getByLabel('Audit result');
      await expect(result).toContainText(
        /^Cancelled after [\d,]+ of [\d,]+ permission lists: [\d,]+ rules on [\d,]+ items/,
      );
      const [, done, total, rules] =
        /after ([\d,]+) of ([\d,]+) permission lists: ([\d,]+) rules/.exec(
          (await result.textContent()) ?? '',
        ) ?? [];
      const number = (text: string) => Number(text.replace(/,/g, ''));
      expect(number(done)).toBeLessThan(number(total));
      await expect(view.getByLabel('Audit summary')).toContainText(
        'cancelled: only part of the site',
      );
      // The table holds what was read before the cancel.
      await expect(view.getByLabel('Rule count')).toHaveText(`${rules} of ${rules} rules`);
      await expect(view.getByRole('button', { name: 'Run the audit again' })).toBeEnabled();
    });
    test('a workbook deleted during the audit: the rest stands, its lists are named as not read', async ({
      page,
      trestle,
    }) => {
      const { token, siteId } = await sandboxSignIn(trestle);
      const api = (p: string, method = 'GET') =>
        fetch(`${trestle.sandbox.url}/api/3.29/sites/${siteId}${p}`, {
          method,
          headers: { 'x-tableau-auth': token, accept: 'application/json' },
        });
      const first = (await (await api('/workbooks?pageSize=1')).json()) as {
        pagination: { totalAvailable: string };
      };
      const last = (await (
        await api(`/workbooks?pageSize=1&pageNumber=${first.pagination.totalAvailable}`)
      ).json()) as { workbooks: { workbook: { id: string; name: string }[] } };
      const workbook = last.workbooks.workbook[0];
      const views = (await (await api(`/workbooks/${workbook.id}/views`)).json()) as {
        views: { view: { name: string }[] };
      };
      expect(views.views.view.length).toBeGreaterThan(0);

      await page.goto(trestle.url);
      await signInToSandbox(page);
      await page
        .getByRole('group', { name: 'Site tools' })
        .getByRole('button', { name: 'Permissions' })
        .click();
      const view = page.getByRole('region', { name: 'Permissions audit' });
      await view.getByRole('button', { name: 'Run audit' }).click();
      // Views are read last: once the first permission lists are in, delete the workbook.
      await expect(view.getByLabel('Audit', { exact: true })).toContainText(
        /Read \d+ of \d+ permission lists/,
        { timeout: 60_000 },
      );
      expect((await api(`/workbooks/${workbook.id}`, 'DELETE')).status).toBe(204);

      await expect(view.getByLabel('Audit result')).toContainText(/[\d,]+ rules on/, {
        timeout: 60_000,
      });
      await expect(view.getByLabel('Audit summary')).toContainText(
        /[\d,]+ permission lists could not be read/,
      );
      const notDone = view.getByRole('table', { name: 'Audit items not done' });
      await view.getByText(/not done — what and why/).click();
      await expect(notDone).toContainText(`view “${views.views.view[0].name}”`);
      await expect(notDone).toContainText('404');
      await expect(view.getByRole('button', { name: /^Retry failed/ })).toBeVisible();
      await expect(view.getByLabel('Rule count')).toHaveText(/^([\d,]+) of \1 rules$/);
      await shots(page, 'audit-partial');
    });
  });
});
