import path from 'node:path';
import { expect, signInToSandbox, test } from './fixtures';
import { columnTexts, openPreset, send, status, table } from './workbench';

test.use({ sandboxOptions: { scale: 'large' } });

test('a fetch-all of 100,000 users opens in the Table view and scrolls', async ({
  page,
  trestle,
}) => {
  test.setTimeout(180_000);
  await page.goto(trestle.url);
  await signInToSandbox(page);
  await openPreset(page, 'Get Users on Site');
  await send(page);
  await expect(status(page)).toHaveText(/^200/);
  await expect(page.getByLabel('Page position')).toContainText('of 100,000');
  await page.getByRole('button', { name: 'Fetch all' }).click();
  await expect(page.getByLabel('Fetch-all result')).toContainText('All 100,000 of 100,000 items', {
    timeout: 150_000,
  });
  await expect(page.getByLabel('Item count')).toHaveText('100,000 items');
  await expect(page.getByRole('tab', { name: 'Table' })).toHaveAttribute('aria-selected', 'true');

  // Jump to the middle, then the end: rows arrive from slices, and only a screenful is in the DOM.
  await table(page).evaluate((el) => (el.scrollTop = el.scrollHeight / 2));
  await expect(table(page).locator('[role="row"][aria-rowindex="50002"]')).toContainText('@', {
    timeout: 10_000,
  });
  await table(page).evaluate((el) => (el.scrollTop = el.scrollHeight));
  await expect(table(page).locator('[role="row"][aria-rowindex="100001"]')).toContainText('@', {
    timeout: 10_000,
  });
  expect(await table(page).getByRole('row').count()).toBeLessThan(120);
  await page.screenshot({ path: path.join(test.info().outputDir, 'large-fetch-all.png') });

  // Sorting 100,000 items happens in main; the table asks for sorted windows.
  const nameHeader = table(page).getByRole('columnheader', { name: /^name( [▲▼])?$/ });
  await nameHeader.getByRole('button').click();
  await nameHeader.getByRole('button').click();
  await expect(nameHeader).toHaveAttribute('aria-sort', 'descending');
  await table(page).evaluate((el) => (el.scrollTop = 0));
  await expect.poll(async () => (await columnTexts(page, 'name', 5)).every((n) => n)).toBe(true);
  const names = await columnTexts(page, 'name', 5);
  const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'accent' });
  expect([...names].sort((a, b) => collator.compare(b, a))).toEqual(names);
  expect(names[0].localeCompare('y')).toBeGreaterThan(0);
  await table(page).evaluate((el) => (el.scrollTop = el.scrollHeight));
  await expect(table(page).locator('[role="row"][aria-rowindex="100001"]')).toContainText('@');
  expect(await table(page).getByRole('row').count()).toBeLessThan(120);
});
