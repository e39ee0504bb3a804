import { expect, signInToSandbox, test } from './fixtures';
import { openPreset, send, status, table } from './workbench';

test('a page size above 1000 and an empty in:[] filter are told before sending', async ({
  page,
  trestle,
}) => {
  await page.goto(trestle.url);
  await signInToSandbox(page);
  await openPreset(page, 'Get Users on Site');
  await page.getByLabel('Page size').fill('5000');
  await send(page);
  const problems = page.getByRole('list', { name: 'Problems found before sending' });
  await expect(problems).toContainText('Page size 5000 is above Tableau’s maximum of 1000');
  await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();

  await page.getByLabel('Page size').fill('');
  await page.getByRole('button', { name: 'Add filter' }).click();
  await page.getByLabel('Filter 1 field').fill('siteRole');
  await page.getByLabel('Filter 1 operator').selectOption('in');
  await send(page);
  await expect(problems).toContainText('siteRole:in:[] lists no values');
  await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
  await expect(status(page)).toHaveCount(0);
});

test.describe('toasts', () => {
  test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

  test('stack at most three, merge a repeat into ×2, and a success leaves by itself', async ({
    page,
    trestle,
  }) => {
    await page.clock.install();
    await page.goto(trestle.url);
    await signInToSandbox(page);
    await openPreset(page, 'Get Users on Site');
    await send(page);
    await expect(status(page)).toHaveText(/^200/);
    const cell = (row: number) =>
      table(page)
        .locator(`[role="row"][aria-rowindex="${row + 1}"] [role="gridcell"]`)
        .first();
    await cell(1).click();
    await page.getByRole('button', { name: 'Copy cell' }).click();
    await page.getByRole('button', { name: 'Copy cell' }).click();
    const toasts = page.locator('.toast');
    await expect(toasts).toHaveCount(1);
    await expect(toasts.first()).toContainText('Copied id of row 1. ×2');
    for (const row of [2, 3, 4]) {
      await cell(row).click();
      await page.getByRole('button', { name: 'Copy cell' }).click();
    }
    await expect(toasts).toHaveCount(3);
    await expect(toasts.first()).toContainText('row 2');
    await expect(toasts.last()).toContainText('row 4');
    await page.clock.runFor(6_000);
    await expect(toasts).toHaveCount(0);
  });
});

test('the fetch-all line gives the operation’s own time and count, not the first page’s', async ({
  page,
  trestle,
}) => {
  await page.goto(trestle.url);
  await signInToSandbox(page);
  await openPreset(page, 'Get Users on Site');
  await send(page);
  await expect(status(page)).toHaveText(/^200/);
  await expect(page.getByLabel('Size', { exact: true })).toHaveText(/KB$/);
  await page.getByRole('button', { name: 'Fetch all' }).click();
  await expect(page.getByLabel('Fetch-all result')).toContainText('All 2,500 of 2,500 items');
  await expect(page.getByLabel('Time', { exact: true })).toHaveText(/ for 3 pages$/);
  await expect(page.getByLabel('Size', { exact: true })).toHaveText('2,500 items');
});

test('403022 about your own user says so instead of sending you to your site role', async ({
  page,
  trestle,
}) => {
  await page.goto(trestle.url);
  await signInToSandbox(page);
  await openPreset(page, 'Remove User from Site');
  await page.getByRole('button', { name: /^Me: fill \{user-id\}/ }).click();
  await send(page);
  await page.getByRole('dialog').getByRole('button', { name: 'Send DELETE' }).click();
  const panel = page.getByRole('alert', { name: 'Tableau error' });
  await expect(panel).toContainText('403022');
  await expect(panel).toContainText('You cannot remove yourself');
  await expect(panel).toContainText('your own user');
  await expect(panel).not.toContainText(/check your site role/i);
});

test('the web host serves Trestle’s icon as the page’s favicon', async ({ page, trestle }) => {
  await page.goto(trestle.url);
  const href = await page.locator('link[rel="icon"]').getAttribute('href');
  expect(href).toBe('./icon.svg');
  for (const path of ['/icon.svg', '/favicon.ico']) {
    const answer = await page.request.get(new URL(path, page.url()).toString());
    expect(answer.status(), path).toBe(200);
    expect(answer.headers()['content-type']).toBe('image/svg+xml');
    expect(await answer.text()).toContain('<title>Trestle</title>');
  }
});
