import fs from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import type { Page } from '@playwright/test';
import { expect, signInToSandbox, test } from './fixtures';
import { openPreset, sandboxSignIn, send, status, table } from './workbench';

const CSV = [
  'name,siteRole,email,fullName,password',
  'bulk-e2e-1,Explorer,bulk1@example.com,Bulk One,Secret-pass-1',
  'bulk-e2e-2,Viewer,bulk2@example.com,Bulk Two,Secret-pass-2',
  'bulk-e2e-3,Creator,bulk3@example.com,Bulk Three,Secret-pass-3',
  'bulk-e2e-4,Wizard,bulk4@example.com,Bulk Four,Secret-pass-4',
].join('\n');

/** A screenshot in the light theme and one in the dark (the app follows the OS by default). */
async function shots(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(test.info().outputDir, `${name}.png`) });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: path.join(test.info().outputDir, `${name}-dark.png`) });
  await page.emulateMedia({ colorScheme: 'light' });
}

/** How many users on the sandbox site have one of these names, through its REST API. */
async function usersNamed(
  trestle: Parameters<typeof sandboxSignIn>[0],
  names: string[],
): Promise<number> {
  const { token, siteId } = await sandboxSignIn(trestle);
  const res = await fetch(
    `${trestle.sandbox.url}/api/3.29/sites/${siteId}/users?filter=name:in:[${names.join(',')}]`,
    { headers: { 'x-tableau-auth': token, accept: 'application/json' } },
  );
  const body = (await res.json()) as { pagination: { totalAvailable: string } };
  return Number(body.pagination.totalAvailable);
}

test.describe('Bulk work: users from CSV and for each row', () => {
  test('users from CSV: unknown columns, dry-run table, run, results CSV, undo', async ({
    page,
    trestle,
  }) => {
    await page.goto(trestle.url);
    await signInToSandbox(page);
    await page.getByRole('button', { name: 'Users from CSV…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Users from CSV' });

    // A file-level error names its line; an unknown column must be agreed to.
    await dialog.getByLabel('Users CSV').fill('name,siteRole\n"bulk-e2e-1,Viewer\n');
    await expect(dialog.getByRole('alert')).toContainText('Line 2: a quoted value is not closed');
    await dialog.getByLabel('Users CSV').fill(CSV.replace('fullName', 'fullName,shoeSize'));
    await expect(dialog.getByLabel('Unknown columns')).toContainText('shoeSize');
    await expect(dialog.getByRole('button', { name: 'Dry run' })).toBeDisabled();
    await dialog.getByLabel('Users CSV').fill(CSV);
    await expect(dialog.getByLabel('File summary')).toContainText(
      'Headed file · 4 users · 1 with problems',
    );

    await dialog.getByRole('button', { name: 'Dry run' }).click();
    await expect(dialog.getByLabel('Counts')).toContainText(
      'Dry run — nothing was sent. 3 to create · 0 to update · 0 unchanged · 1 invalid',
    );
    const plan = dialog.getByRole('grid', { name: 'Dry-run plan' });
    await expect(plan.getByRole('row', { name: /bulk-e2e-4/ })).toContainText('invalid');
    await expect(plan.getByRole('row', { name: /bulk-e2e-1/ })).toContainText('create');
    expect(await usersNamed(trestle, ['bulk-e2e-1', 'bulk-e2e-2', 'bulk-e2e-3'])).toBe(0);
    await shots(page, 'bulk-dry-run');

    await dialog.getByRole('button', { name: 'Run import…' }).click();
    const confirm = page.getByRole('dialog', { name: 'Import users into Sandbox?' });
    await expect(confirm).toContainText('3 to create');
    await confirm.getByRole('button', { name: 'Run import' }).click();
    await expect(dialog.getByLabel('Counts')).toContainText('3 done · 0 failed', {
      timeout: 30_000,
    });
    const results = dialog.getByRole('grid', { name: 'Results' });
    await expect(results.getByRole('row', { name: /bulk-e2e-2/ })).toContainText('done');
    expect(await usersNamed(trestle, ['bulk-e2e-1', 'bulk-e2e-2', 'bulk-e2e-3'])).toBe(3);
    await shots(page, 'bulk-results');

    const downloadPromise = page.waitForEvent('download');
    await dialog.getByRole('button', { name: 'Export results CSV' }).click();
    const file = path.join(test.info().outputDir, 'results.csv');
    await (await downloadPromise).saveAs(file);
    const rows = Papa.parse<Record<string, string>>(fs.readFileSync(file, 'utf8'), {
      header: true,
      skipEmptyLines: true,
    }).data;
    expect(rows.map((r) => `${r.name} ${r.action} ${r.state}`)).toEqual([
      'bulk-e2e-1 create done',
      'bulk-e2e-2 create done',
      'bulk-e2e-3 create done',
      'bulk-e2e-4 invalid skipped',
    ]);

    await dialog.getByRole('button', { name: 'Undo this import…' }).click();
    await expect(dialog.getByLabel('Counts')).toContainText('3 changes to revert');
    expect(await usersNamed(trestle, ['bulk-e2e-1', 'bulk-e2e-2', 'bulk-e2e-3'])).toBe(3);
    await dialog.getByRole('button', { name: 'Run undo…' }).click();
    await page
      .getByRole('dialog', { name: 'Undo the import on Sandbox?' })
      .getByRole('button', { name: 'Run undo' })
      .click();
    await expect(dialog.getByLabel('Counts')).toContainText('3 done · 0 failed', {
      timeout: 30_000,
    });
    expect(await usersNamed(trestle, ['bulk-e2e-1', 'bulk-e2e-2', 'bulk-e2e-3'])).toBe(0);
  });

  test('users from CSV opens from the Add User to Site preset, where one user is sent at a time', async ({
    page,
    trestle,
  }) => {
    await page.goto(trestle.url);
    await signInToSandbox(page);
    await openPreset(page, 'Add User to Site');
    await page.getByRole('button', { name: 'Many users? Users from CSV…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Users from CSV' });
    await expect(dialog).toContainText('a dry run compares it with Default on Sandbox');
    await dialog.getByLabel('Users CSV').fill('name,siteRole,password\npreset-e2e-1,Viewer,pw\n');
    await expect(dialog.getByLabel('File summary')).toContainText('Headed file · 1 users');
    await page.screenshot({ path: path.join(test.info().outputDir, 'bulk-from-preset.png') });
  });

  test('for each row: select users in the table → Remove User from Site → preview → run', async ({
    page,
    trestle,
  }) => {
    const { token, siteId } = await sandboxSignIn(trestle);
    const names = ['each-e2e-1', 'each-e2e-2', 'each-e2e-3'];
    for (const name of names) {
      const res = await fetch(`${trestle.sandbox.url}/api/3.29/sites/${siteId}/users`, {
        method: 'POST',
        headers: {
          'x-tableau-auth': token,
          'content-type': 'application/json',
          accept: 'application/json',
        },
        body: JSON.stringify({ user: { name, siteRole: 'Viewer' } }),
      });
      expect(res.status).toBe(201);
    }

    await page.goto(trestle.url);
    await signInToSandbox(page);
    await openPreset(page, 'Get Users on Site');
    await page.getByRole('button', { name: 'Add filter' }).click();
    await page.getByLabel('Filter 1 field').fill('name');
    await page.getByLabel('Filter 1 operator').selectOption('in');
    await page.getByLabel('Filter 1 value').fill(names.join(','));
    await expect(page.getByLabel('Query parameter filter value')).toHaveValue(
      `name:in:[${names.join(',')}]`,
    );
    await send(page);
    await expect(status(page)).toHaveText(/^200/);
    await expect(page.getByLabel('Item count')).toHaveText('3 items');

    await table(page).getByLabel('Select row 1').check();
    await table(page).getByLabel('Select row 3').check();
    await page.getByRole('button', { name: 'For each of 2 selected…' }).click();
    const dialog = page.getByRole('dialog', { name: 'For each row' });
    await expect(dialog.getByLabel('Rows')).toContainText('2 selected rows');
    await dialog.getByLabel('Find a request').fill('Remove User from Site');
    await dialog.getByRole('button', { name: 'DELETE Remove User from Site' }).click();
    await expect(dialog.getByLabel('{user-id} from')).toHaveValue('column:id');

    const preview = dialog.getByLabel('Requests to send');
    await expect(preview.getByRole('listitem')).toHaveCount(2);
    await expect(preview.getByRole('listitem').first()).toContainText(
      new RegExp(
        `DELETE http://127\\.0\\.0\\.1:\\d+/api/[\\d.]+/sites/${siteId}/users/[0-9a-f-]{36}`,
      ),
    );
    const picked = await preview.getByRole('listitem').allInnerTexts();
    expect(picked.join('\n')).toMatch(/each-e2e-\d/);
    await shots(page, 'for-each-preview');

    await dialog.getByRole('button', { name: 'Send 2 DELETE requests…' }).click();
    const confirm = page.getByRole('dialog', { name: '2 × DELETE on Sandbox?' });
    await expect(confirm).toContainText('A DELETE cannot be undone.');
    await confirm.getByRole('button', { name: 'Send 2 DELETE' }).click();
    await expect(dialog.getByLabel('For each row result')).toContainText(
      '2 passed · 0 failed · 0 skipped',
      { timeout: 30_000 },
    );
    await expect(dialog.getByLabel('Results').getByRole('listitem')).toHaveCount(2);
    await expect(dialog.getByLabel('Results')).toContainText('→ 204');
    await shots(page, 'for-each-results');
    expect(await usersNamed(trestle, names)).toBe(1);
    await dialog.getByRole('button', { name: 'Close' }).click();

    // A body field from a constant: the one user left becomes Unlicensed.
    await table(page).getByLabel('Select row 1').uncheck();
    await table(page).getByLabel('Select row 3').uncheck();
    await table(page).getByLabel('Select row 2').check();
    await page.getByRole('button', { name: 'For each of 1 selected…' }).click();
    await dialog.getByLabel('Find a request').fill('Update User');
    await dialog.getByRole('button', { name: 'PUT Update User', exact: true }).click();
    await dialog.getByLabel('user.siteRole from').selectOption('constant');
    await dialog.getByLabel('user.siteRole constant').fill('Unlicensed');
    const item = dialog.getByLabel('Requests to send').getByRole('listitem');
    await expect(item).toHaveCount(1);
    await expect(item).toContainText('each-e2e-2');
    await expect(item.locator('pre')).toHaveText(/"siteRole": "Unlicensed"/);
    await expect(item.locator('pre')).not.toContainText('Jane Smith');
    await dialog.getByRole('button', { name: 'Send 1 PUT requests' }).click();
    await expect(dialog.getByLabel('For each row result')).toContainText('1 passed · 0 failed', {
      timeout: 30_000,
    });
    const res = await fetch(
      `${trestle.sandbox.url}/api/3.29/sites/${siteId}/users?filter=name:eq:each-e2e-2`,
      { headers: { 'x-tableau-auth': token, accept: 'application/json' } },
    );
    const body = (await res.json()) as { users: { user: { siteRole: string }[] } };
    expect(body.users.user[0].siteRole).toBe('Unlicensed');
    await dialog.getByRole('button', { name: 'Close' }).click();

    // A wrong mapping fails per row with Tableau's error, and can be retried.
    await page.getByRole('button', { name: 'For each of 1 selected…' }).click();
    await dialog.getByLabel('Find a request').fill('Query User On Site');
    await dialog.getByRole('button', { name: 'GET Query User On Site', exact: true }).click();
    await dialog.getByLabel('{user-id} from').selectOption('column:name');
    await dialog.getByRole('button', { name: 'Send 1 GET requests' }).click();
    await expect(dialog.getByLabel('For each row result')).toContainText('0 passed · 1 failed', {
      timeout: 30_000,
    });
    await expect(dialog.getByLabel('Results')).toContainText('→ 404');
    await expect(dialog.getByLabel('Results')).toContainText('each-e2e-2');
    await expect(dialog.getByRole('button', { name: /^Retry failed/ })).toBeVisible();
  });
});
