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

/** A 2,500-user fetch-all as the table shows it: sorted, quick-filtered, name frozen. */
async function tableView(page: Page): Promise<void> {
  await signInToSandbox(page);
  await openPreset(page, 'Get Users on Site');
  await send(page);
  await expect(status(page)).toHaveText(/^200/);
  await page.getByRole('button', { name: 'Fetch all' }).click();
  await expect(page.getByLabel('Fetch-all result')).toContainText('All 2,500 of 2,500 items');
  const name = page.getByTestId('response-table').getByRole('columnheader', { name: /^name/ });
  await name.getByRole('button').click();
  await page.getByLabel('Filter the table').fill('siteRole:viewer');
  await expect(page.getByLabel('Filter matches')).toHaveText(/of 2,500 match/);
  await page.getByLabel('Freeze name').check();
  await page.getByTestId('response-table').evaluate((el) => (el.scrollLeft = 180));
}

/** Pictures to look at, not for the README: every new screen at the smaller size too. */
const review = (name: string) => path.join(repoRoot, 'test-results', 'review', name);

for (const scheme of ['light', 'dark'] as const) {
  test.describe(`${scheme} theme`, () => {
    test.use({ colorScheme: scheme });

    test(`the table as shown: sort, quick filter, frozen name, export menu (${scheme})`, async ({
      page,
      trestle,
    }) => {
      await page.goto(trestle.url);
      await tableView(page);
      await page.getByRole('button', { name: 'More export choices' }).click();
      await expect(page.getByRole('menu', { name: 'Export choices' })).toBeVisible();
      await page.screenshot({ path: out(`table-view-${scheme}.png`) });
    });

    test(`review at 1280×720: table, tabs, dialogs (${scheme})`, async ({ page, trestle }) => {
      await page.setViewportSize({ width: 1280, height: 720 });
      await page.goto(trestle.url);
      await page.screenshot({ path: review(`welcome-1280-${scheme}.png`) });
      await page.getByRole('button', { name: 'Getting started' }).click();
      await page.screenshot({ path: review(`getting-started-1280-${scheme}.png`) });
      await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
      await tableView(page);
      await page.screenshot({ path: review(`table-view-1280-${scheme}.png`) });
      await page
        .getByTestId('response-table')
        .locator('[role="row"][aria-rowindex="2"] [role="gridcell"]')
        .first()
        .click();
      await page.getByRole('region', { name: 'Endpoint presets' }).hover();
      await page.getByLabel('Search the catalog').fill('Query Projects');
      await page
        .getByRole('region', { name: 'Endpoint presets' })
        .getByRole('button', { name: /Query Projects/ })
        .first()
        .click();
      await page.screenshot({ path: review(`preview-tab-1280-${scheme}.png`) });
      await page.keyboard.press('ControlOrMeta+/');
      await page.screenshot({ path: review(`shortcuts-1280-${scheme}.png`) });
      await page.keyboard.press('Escape');
      await page.getByRole('button', { name: 'Switch site' }).click();
      await expect(page.getByRole('button', { name: /marketing/ })).toBeVisible();
      await page.screenshot({ path: review(`switch-site-1280-${scheme}.png`) });
      await page.keyboard.press('Escape');
      await page.setViewportSize({ width: 1440, height: 900 });
      await page.getByLabel('Search the catalog').fill('');
      await page.screenshot({ path: review(`catalog-1440-${scheme}.png`) });
    });

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
