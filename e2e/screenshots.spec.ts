import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, repoRoot, signInToSandbox, test } from './fixtures';
import { openPreset, send, status } from './workbench';

const out = (name: string) => path.join(repoRoot, 'e2e', 'readme-screenshots', name);

async function usersWorkbench(page: Page): Promise<void> {
  await signInToSandbox(page);
  await openPreset(page, 'Get Users on Site');
  await page.getByRole('button', { name: 'Add filter' }).click();
  await page.getByLabel('Filter 1 field').fill('siteRole');
  await page.getByLabel('Filter 1 value').fill('Explorer');
  await page.getByRole('button', { name: 'Add sort' }).click();
  await page.getByLabel('Sort 1 field').fill('name');
  await send(page);
  await expect(status(page)).toHaveText(/^200/);
  await page.getByRole('button', { name: 'Next page' }).click();
  await expect(page.getByLabel('Page position')).toContainText('page 2');
  await page
    .getByTestId('response-table')
    .locator('[role="row"][aria-rowindex="4"] [role="gridcell"]')
    .nth(2)
    .click();
}

for (const scheme of ['light', 'dark'] as const) {
  test.describe(`${scheme} theme`, () => {
    test.use({ colorScheme: scheme });

    test(`workbench with the users table and pagination bar (${scheme})`, async ({
      page,
      trestle,
    }) => {
      await page.goto(trestle.url);
      await usersWorkbench(page);
      await page.getByRole('button', { name: 'Fetch all' }).hover();
      await page.screenshot({ path: out(`workbench-${scheme}.png`) });
    });

    test(`a Tableau error panel (${scheme})`, async ({ page, trestle }) => {
      await page.goto(trestle.url);
      await signInToSandbox(page);
      await openPreset(page, 'Query Workbook');
      await page
        .getByLabel('Path parameter workbook-id')
        .fill('4f1c1bd2-0000-4000-8000-000000000000');
      await send(page);
      await expect(page.getByRole('alert', { name: 'Tableau error' })).toBeVisible();
      await page.getByRole('tab', { name: 'Pretty' }).click();
      await page.screenshot({ path: out(`tableau-error-${scheme}.png`) });
    });

    test(`collections and the body editor with its schema (${scheme})`, async ({
      page,
      trestle,
    }) => {
      await page.goto(trestle.url);
      await signInToSandbox(page);
      for (const [preset, name, collection] of [
        ['Get Users on Site', 'Every user', 'Audit'],
        ['Query Workbooks for Site', 'Workbooks by owner', null],
        ['Add User to Site', 'Add a Creator', 'Onboarding'],
      ] as const) {
        await openPreset(page, preset);
        await page.keyboard.press('ControlOrMeta+s');
        const dialog = page.getByRole('dialog', { name: 'Save request' });
        await dialog.getByLabel('Request name').fill(name);
        if (collection) {
          await dialog.getByLabel('Save in').selectOption({ label: 'New collection…' });
          await dialog.getByLabel('Collection name').fill(collection);
        }
        await dialog.getByRole('button', { name: 'Save' }).click();
      }
      await page.getByRole('tab', { name: 'Collections' }).click();
      await page.getByRole('tab', { name: /^Body/ }).click();
      const editor = page.getByTestId('body-editor');
      await editor.getByText('Viewer').dblclick();
      await page.keyboard.insertText('Creator');
      await send(page);
      await expect(status(page)).toHaveText(/^20\d/);
      while ((await page.getByRole('button', { name: 'Dismiss' }).count()) > 0) {
        await page.getByRole('button', { name: 'Dismiss' }).first().click();
      }
      await page.screenshot({ path: out(`collections-${scheme}.png`) });
    });
  });
}
