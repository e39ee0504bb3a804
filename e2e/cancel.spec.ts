import { expect, signInToSandbox, test } from './fixtures';
import { openPreset, send, status } from './workbench';

// Every sandbox answer takes 3 s: long enough to cancel by hand.
test.use({ sandboxOptions: { faults: { latencyMs: 3000 } } });

test('Cancel during Send stops the request and shows no response', async ({ page, trestle }) => {
  await page.goto(trestle.url);
  await signInToSandbox(page);
  await openPreset(page, 'Query Projects');
  await send(page);
  const cancel = page.getByRole('button', { name: 'Cancel', exact: true });
  await expect(cancel).toBeVisible();
  await cancel.click();
  // The engine reports the request cancelled (not answered): no status, no body, Send is back.
  await expect(page.getByRole('status').filter({ hasText: 'Cancelled' })).toBeVisible();
  await expect(status(page)).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Send', exact: true })).toBeEnabled();
});

test('Cancel during Fetch all keeps the pages already fetched and says so', async ({
  page,
  trestle,
}) => {
  test.setTimeout(120_000);
  await page.goto(trestle.url);
  await signInToSandbox(page);
  await openPreset(page, 'Get Users on Site');
  await send(page);
  await expect(status(page)).toHaveText(/^200/);
  // A chosen page size of 250: 10 pages, 4 at a time, 3 s each (left at Tableau's default,
  // fetch-all would ask for 1000 a page and be done in one round). Cancel once pages are in.
  await page.getByLabel('Items per page').selectOption('250');
  await expect(page.getByLabel('Page position')).toHaveText('page 1 of 10 · items 1–250 of 2,500');
  await page.getByRole('button', { name: 'Fetch all' }).click();
  await expect(page.getByText(/[1-9]\d* of 10 pages/)).toBeVisible();
  await page.getByRole('button', { name: 'Cancel fetch-all' }).click();

  const result = page.getByLabel('Fetch-all result');
  await expect(result).toContainText(/^Cancelled: kept [\d,]+ of 2,500 items/);
  const kept = Number((await result.innerText()).match(/kept ([\d,]+)/)?.[1].replace(/,/g, ''));
  expect(kept).toBeGreaterThan(0);
  expect(kept).toBeLessThan(2500);
  expect(kept % 250).toBe(0);
  await expect(page.getByLabel('Item count')).toHaveText(`${kept.toLocaleString('en')} items`);
  await expect(page.getByRole('button', { name: 'Cancel fetch-all' })).toHaveCount(0);
});
