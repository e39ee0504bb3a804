import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, signInToSandbox, test } from './fixtures';
import { columnTexts, openPreset, send, status, table } from './workbench';

const historyEntries = (page: Page) =>
  page.getByRole('list', { name: 'History' }).getByRole('button');

test('a history entry reopens after a reload, signed out, with the same 100 rows marked as from history', async ({
  page,
  trestle,
}) => {
  await page.goto(trestle.url);
  await signInToSandbox(page);
  await openPreset(page, 'Get Users on Site');
  await send(page);
  await expect(status(page)).toHaveText(/^200/);
  await expect(page.getByLabel('Item count')).toHaveText('100 items');
  await expect(page.getByLabel('From history')).toHaveCount(0);
  const liveNames = await columnTexts(page, 'name', 10);

  // No session and a fresh page: what shows next can only come from history.
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Sign in to Sandbox' })).toBeVisible();
  await page.reload();
  await page.getByRole('tab', { name: 'History' }).click();
  await expect(historyEntries(page)).toHaveCount(1);
  await historyEntries(page).first().click();

  const mark = page.getByLabel('From history');
  await expect(mark).toHaveText(/^from history, \S/);
  await expect(status(page)).toHaveText(/^200/);
  await expect(page.getByLabel('Item count')).toHaveText('100 items');
  await expect(table(page)).toHaveAttribute('aria-rowcount', '101');
  await expect(page.getByLabel('Page position')).toHaveText('page 1 of 25 · items 1–100 of 2,500');
  expect(await columnTexts(page, 'name', 10)).toEqual(liveNames);
  await table(page).evaluate((el) => (el.scrollTop = el.scrollHeight));
  await expect(table(page).locator('[role="row"][aria-rowindex="101"]')).toContainText('100');
  await page.screenshot({ path: path.join(test.info().outputDir, 'from-history.png') });
  await page.getByRole('tab', { name: 'Raw' }).click();
  await expect(page.getByLabel('Raw body')).toContainText('"users"');

  // A fresh answer is not from history.
  await signInToSandbox(page);
  await send(page);
  await expect(mark).toHaveCount(0);
  await expect(status(page)).toHaveText(/^200/);
});

test('a history entry whose body was over 256 KB says it was not kept', async ({
  page,
  trestle,
}) => {
  await page.goto(trestle.url);
  await signInToSandbox(page);
  await openPreset(page, 'Server Info');
  await page.getByLabel('Path', { exact: true }).fill('/api/-/sandbox/big-json?mb=1');
  await send(page);
  await expect(status(page)).toHaveText(/^200/);

  await page.getByRole('tab', { name: 'History' }).click();
  await historyEntries(page).first().click();
  const response = page.getByRole('region', { name: 'Response' });
  await expect(response.getByRole('status')).toContainText(
    'The response body was over 256 KB and was not kept — send the request again.',
  );
  await expect(response.getByLabel('From history')).toBeVisible();
  await expect(status(page)).toHaveCount(0);
  await page.screenshot({ path: path.join(test.info().outputDir, 'not-kept.png') });
  await expect(page.getByLabel('Path', { exact: true })).toHaveValue(
    '/api/-/sandbox/big-json?mb=1',
  );
});
