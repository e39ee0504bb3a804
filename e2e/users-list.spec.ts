import fs from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { expect, signInToSandbox, test } from './fixtures';
import { columnTexts, openPreset, send, status, table } from './workbench';

test.describe('Get Users on Site: table, paging, fetch all, export', () => {
  // A little latency so fetch-all's progress is on screen long enough to see.
  test.use({ sandboxOptions: { faults: { latencyMs: 250 } } });

  test('the table shows 100 rows, pages forward, changes page size, fetches all 2,500 and exports CSV', async ({
    page,
    trestle,
  }) => {
    await page.goto(trestle.url);
    await signInToSandbox(page);
    await openPreset(page, 'Get Users on Site');
    await send(page);
    await expect(status(page)).toHaveText(/^200/);

    await expect(page.getByLabel('Item count')).toHaveText('100 items');
    await expect(table(page)).toHaveAttribute('aria-rowcount', '101');
    await expect(page.getByLabel('Page position')).toHaveText(
      'page 1 of 25 · items 1–100 of 2,500',
    );
    await table(page).evaluate((el) => (el.scrollTop = el.scrollHeight));
    await expect(table(page).locator('[role="row"][aria-rowindex="101"]')).toContainText('100');

    await page.getByRole('button', { name: 'Next page' }).click();
    await expect(page.getByLabel('Page position')).toHaveText(
      'page 2 of 25 · items 101–200 of 2,500',
    );
    await expect(page.getByLabel('Page number')).toHaveValue('2');

    await page.getByLabel('Items per page').selectOption('1000');
    await expect(page.getByLabel('Page position')).toHaveText(
      'page 1 of 3 · items 1–1,000 of 2,500',
    );
    await expect(page.getByLabel('Item count')).toHaveText('1,000 items');

    await page.getByRole('button', { name: 'Fetch all' }).click();
    await expect(page.getByLabel('Fetch-all progress')).toBeVisible();
    await expect(page.getByLabel('Fetch-all result')).toContainText('All 2,500 of 2,500 items', {
      timeout: 30_000,
    });
    await expect(page.getByLabel('Item count')).toHaveText('2,500 items');
    expect(trestle.events.join('')).toContain('operation:progress');
    await page.screenshot({ path: path.join(test.info().outputDir, 'fetch-all.png') });

    const downloadPromise = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export CSV' }).click();
    const download = await downloadPromise;
    const file = path.join(test.info().outputDir, 'users.csv');
    await download.saveAs(file);
    const parsed = Papa.parse<Record<string, string>>(fs.readFileSync(file, 'utf8'), {
      header: true,
      skipEmptyLines: true,
    });
    expect(parsed.data).toHaveLength(2500);
    expect(parsed.meta.fields).toEqual(expect.arrayContaining(['id', 'name', 'siteRole']));
    expect(new Set(parsed.data.map((row) => row.id)).size).toBe(2500);
  });

  test('the filter builder writes siteRole:eq:Creator and narrows the list', async ({
    page,
    trestle,
  }) => {
    await page.goto(trestle.url);
    await signInToSandbox(page);
    await openPreset(page, 'Get Users on Site');
    await page.getByRole('button', { name: 'Add filter' }).click();
    await page.getByLabel('Filter 1 field').fill('siteRole');
    await page.getByLabel('Filter 1 operator').selectOption('eq');
    await page.getByLabel('Filter 1 value').fill('Creator');
    await expect(page.getByLabel('Query parameter filter value')).toHaveValue(
      'siteRole:eq:Creator',
    );
    await send(page);
    await expect(status(page)).toHaveText(/^200/);
    await expect(page.getByLabel('Page position')).not.toContainText('of 2,500');
    const total = Number(
      (await page.getByLabel('Page position').innerText())
        .match(/of ([\d,]+)$/)?.[1]
        .replace(/,/g, ''),
    );
    expect(total).toBeGreaterThan(0);
    expect(total).toBeLessThan(2500);
    const roles = await columnTexts(page, 'siteRole', Math.min(10, total));
    expect(new Set(roles)).toEqual(new Set(['Creator']));
  });
});
