import type { Page } from '@playwright/test';
import { expect, signInToSandbox, test } from './fixtures';
import { openPreset, storedRequests } from './workbench';

/** Shows a saved request's row actions (they appear on hover) and clicks one. */
async function rowAction(page: Page, action: string, name: string): Promise<void> {
  await page.getByRole('button', { name: `Open ${name}`, exact: true }).hover();
  await page.getByRole('button', { name: `${action} ${name}`, exact: true }).click();
}

/** The requests listed under one collection, by its name. */
const collection = (page: Page, name: string) =>
  page
    .getByRole('list', { name: 'Collections' })
    .getByRole('listitem')
    .filter({ has: page.getByText(`▣ ${name}`, { exact: true }) });

test('a saved request can be renamed, duplicated, moved to another collection and found by search, and all of it survives a reload', async ({
  page,
  trestle,
}) => {
  await page.goto(trestle.url);
  await signInToSandbox(page);
  await openPreset(page, 'Query Projects');
  await page.keyboard.press('ControlOrMeta+s');
  const save = page.getByRole('dialog', { name: 'Save request' });
  await save.getByLabel('Request name').fill('Projects');
  await save.getByLabel('Save in').selectOption({ label: 'New collection…' });
  await save.getByLabel('Collection name').fill('Admin checks');
  await save.getByRole('button', { name: 'Save' }).click();

  await page.getByRole('tab', { name: 'Collections' }).click();
  await page.getByRole('button', { name: 'New collection' }).click();
  const created = page.getByRole('dialog', { name: 'New collection' });
  await created.getByLabel('Collection name').fill('Audits');
  await created.getByRole('button', { name: 'OK' }).click();
  await expect(collection(page, 'Audits')).toContainText('Empty');

  await rowAction(page, 'Rename', 'Projects');
  const rename = page.getByRole('dialog', { name: 'Rename Projects' });
  await rename.getByLabel('Name').fill('All projects');
  await rename.getByRole('button', { name: 'OK' }).click();
  await expect(page.getByRole('button', { name: 'Open All projects', exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Open Projects', exact: true })).toHaveCount(0);
  // The open tab edits that saved request: it takes the new name.
  await expect(page.getByRole('tab', { name: /All projects/ })).toBeVisible();

  await rowAction(page, 'Duplicate', 'All projects');
  const copy = page.getByRole('button', { name: 'Open All projects copy', exact: true });
  await expect(copy).toBeVisible();
  await expect(
    collection(page, 'Admin checks').getByRole('button', { name: /^Open / }),
  ).toHaveCount(2);

  await rowAction(page, 'Move', 'All projects copy');
  const move = page.getByRole('dialog', { name: 'Move All projects copy' });
  await move.getByLabel('Move to').selectOption({ label: 'Audits' });
  await move.getByRole('button', { name: 'Move' }).click();
  await expect(collection(page, 'Audits').getByRole('button', { name: /^Open / })).toHaveText([
    /All projects copy/,
  ]);
  await expect(collection(page, 'Admin checks').getByRole('button', { name: /^Open / })).toHaveText(
    [/All projects$/],
  );

  // Search matches words of the name, the path or the folder, and shows where each hit lives.
  await page.getByLabel('Search collections').fill('copy');
  await expect(page.getByRole('button', { name: /^Open / })).toHaveCount(1);
  await expect(copy).toContainText('Audits');
  await page.getByLabel('Search collections').fill('audits projects');
  await expect(page.getByRole('button', { name: /^Open / })).toHaveText([/All projects copy/]);
  await page.getByLabel('Search collections').fill('no such request');
  await expect(page.getByText('Nothing saved matches “no such request”.')).toBeVisible();

  // Every change is written to the host; wait for the last one before reloading.
  await expect
    .poll(() => storedRequests(trestle))
    .toEqual(['Admin checks: All projects', 'Audits: All projects copy']);
  await page.reload();
  await page.getByRole('tab', { name: 'Collections' }).click();
  await expect(collection(page, 'Audits').getByRole('button', { name: /^Open / })).toHaveText([
    /All projects copy/,
  ]);
  await expect(collection(page, 'Admin checks').getByRole('button', { name: /^Open / })).toHaveText(
    [/All projects$/],
  );
  await page.getByLabel('Search collections').fill('copy');
  await page.getByRole('button', { name: 'Open All projects copy', exact: true }).click();
  await expect(page.getByRole('tab', { name: /All projects copy/ })).toBeVisible();
  await expect(page.getByLabel('Path', { exact: true })).toHaveValue(
    '/api/{api-version}/sites/{site-id}/projects',
  );
});
