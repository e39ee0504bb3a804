import fs from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import type { Page } from '@playwright/test';
import { expect, signInToSandbox, test } from './fixtures';
import { openPreset, sandboxSignIn } from './workbench';

/** A screenshot in the light theme and one in the dark. */
async function shots(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(test.info().outputDir, `${name}.png`) });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: path.join(test.info().outputDir, `${name}-dark.png`) });
  await page.emulateMedia({ colorScheme: 'light' });
}

/** Writes `text` to a file in the test's output folder and returns its path. */
function csvFile(name: string, text: string | Buffer): string {
  const file = path.join(test.info().outputDir, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

interface Workbook {
  id: string;
  name: string;
  tags?: { tag?: { label: string }[] };
}

async function sandboxGet<T>(trestle: Parameters<typeof sandboxSignIn>[0], rest: string) {
  const { token, siteId } = await sandboxSignIn(trestle);
  const res = await fetch(`${trestle.sandbox.url}/api/3.29/sites/${siteId}${rest}`, {
    headers: { 'x-tableau-auth': token, accept: 'application/json' },
  });
  expect(res.ok).toBe(true);
  return { body: (await res.json()) as T, siteId };
}

test.describe('For each row of a CSV file', () => {
  test('is offered where a row maps onto the request, not for a publish or a GraphQL query', async ({
    page,
    trestle,
  }) => {
    await page.goto(trestle.url);
    await signInToSandbox(page);
    const button = page.getByRole('button', { name: 'For each row of a CSV…' });
    await openPreset(page, 'Add Tags to Workbook');
    await expect(button).toBeVisible();
    await openPreset(page, 'Publish Workbook');
    await expect(page.getByRole('radio', { name: 'Multipart' })).toBeChecked();
    await expect(button).toHaveCount(0);
    await openPreset(page, 'Metadata API GraphQL Query');
    await expect(page.getByRole('radio', { name: 'GraphQL' })).toBeChecked();
    await expect(button).toHaveCount(0);
  });

  test('tags workbooks listed in a CSV: map, preview every request, run, results, tags on the sandbox', async ({
    page,
    trestle,
  }) => {
    const { body } = await sandboxGet<{ workbooks: { workbook: Workbook[] } }>(
      trestle,
      '/workbooks?pageSize=5',
    );
    const picked = body.workbooks.workbook.slice(0, 3);
    expect(picked).toHaveLength(3);
    // Three workbooks to tag, and a row whose workbook id is empty: skipped and named.
    const file = csvFile(
      'workbooks.csv',
      [
        'workbookId,name,tag',
        ...picked.map((wb, i) => `${wb.id},"${wb.name}",csv-tag-${i + 1}`),
        ',Nameless,csv-tag-x',
      ].join('\n') + '\n',
    );

    await page.goto(trestle.url);
    await signInToSandbox(page);
    await openPreset(page, 'Add Tags to Workbook');
    await page.getByRole('button', { name: 'For each row of a CSV…' }).click();
    const dialog = page.getByRole('dialog', { name: 'For each row' });
    await expect(dialog.getByText('Add Tags to Workbook', { exact: true })).toBeVisible();
    await dialog.getByLabel('Choose a CSV file').setInputFiles(file);
    await expect(dialog.getByLabel('File summary')).toHaveText(
      'workbooks.csv: 4 rows · columns workbookId, name, tag',
    );

    await dialog.getByLabel('{workbook-id} from').selectOption('column:workbookId');
    await dialog.getByLabel('tags.tag.0.label from').selectOption('column:tag');
    await expect(dialog.getByLabel('Preview summary')).toHaveText(
      '3 requests to send · 1 rows skipped',
    );
    await expect(dialog.getByLabel('Skipped rows')).toContainText(
      'row 4 (line 5) · Nameless — empty workbookId (for {workbook-id})',
    );
    const items = dialog.getByLabel('Requests to send').getByRole('listitem');
    await expect(items).toHaveCount(3);
    for (const [i, wb] of picked.entries()) {
      const item = items.nth(i);
      await expect(item).toContainText(
        new RegExp(
          `PUT http://127\\.0\\.0\\.1:\\d+/api/[\\d.]+/sites/[0-9a-f-]+/workbooks/${wb.id}/tags`,
        ),
      );
      await expect(item).toContainText(`row ${i + 1} (line ${i + 2}) · ${wb.name}`);
      await expect(item.locator('pre')).toHaveText(new RegExp(`"label": "csv-tag-${i + 1}"`));
    }
    await shots(page, 'foreach-csv-preview');

    await dialog.getByRole('button', { name: 'Send 3 PUT requests' }).click();
    await expect(dialog.getByLabel('For each row result')).toContainText(
      '3 passed · 0 failed · 0 skipped',
      { timeout: 30_000 },
    );
    const results = dialog.getByLabel('Results').getByRole('listitem');
    await expect(results).toHaveCount(3);
    await expect(results.first()).toContainText(`row 1 (line 2) · ${picked[0].name}`);
    await expect(results.first()).toContainText('→ 200');
    await shots(page, 'foreach-csv-results');

    const downloadPromise = page.waitForEvent('download');
    await dialog.getByRole('button', { name: 'Export results CSV' }).click();
    const saved = path.join(test.info().outputDir, 'results.csv');
    await (await downloadPromise).saveAs(saved);
    const exported = Papa.parse<Record<string, string>>(fs.readFileSync(saved, 'utf8'), {
      header: true,
      skipEmptyLines: true,
    }).data;
    expect(exported.map((r) => `${r.row} ${r.status} ${r.state}`)).toEqual(
      picked.map((wb, i) => `row ${i + 1} (line ${i + 2}) · ${wb.name} 200 passed`),
    );

    for (const [i, wb] of picked.entries()) {
      const { body: now } = await sandboxGet<{ workbook: Workbook }>(
        trestle,
        `/workbooks/${wb.id}`,
      );
      expect((now.workbook.tags?.tag ?? []).map((t) => t.label)).toContain(`csv-tag-${i + 1}`);
    }
  });

  test('a bad file names its lines and sends nothing; a good one replaces it', async ({
    page,
    trestle,
  }) => {
    await page.goto(trestle.url);
    await signInToSandbox(page);
    await openPreset(page, 'Add Tags to Workbook');
    await page.getByRole('button', { name: 'For each row of a CSV…' }).click();
    const dialog = page.getByRole('dialog', { name: 'For each row' });

    await dialog
      .getByLabel('Choose a CSV file')
      .setInputFiles(csvFile('ragged.csv', 'workbookId,tag\nw-1,blue\nw-2\nw-3,"red\n'));
    const alert = dialog.getByRole('group', { name: 'CSV file' }).getByRole('alert');
    await expect(alert).toContainText('ragged.csv cannot be used (2 problems)');
    await expect(alert).toContainText('Line 3: 1 value for 2 columns (workbookId, tag).');
    await expect(alert).toContainText('Line 4: a quoted value is not closed');
    await expect(dialog.getByLabel('Requests to send')).toHaveCount(0);
    await expect(dialog.getByRole('button', { name: /^Send/ })).toBeDisabled();
    await shots(page, 'foreach-csv-bad-file');

    await dialog
      .getByLabel('Choose a CSV file')
      .setInputFiles(csvFile('latin1.csv', Buffer.from('workbookId,tag\nw-1,caf\xe9\n', 'latin1')));
    await expect(alert).toContainText('Line 2: latin1.csv is not UTF-8 text');

    await dialog.getByLabel('Choose a CSV file').setInputFiles(csvFile('empty.csv', ''));
    await expect(alert).toContainText('empty.csv is empty.');

    await dialog
      .getByLabel('Choose a CSV file')
      .setInputFiles(csvFile('good.csv', 'workbookId,tag\nw-1,blue\n'));
    await expect(alert).toHaveCount(0);
    await expect(dialog.getByLabel('File summary')).toContainText('good.csv: 1 rows');
  });

  test('a 100,000-row file is read in slices and its preview scrolls to the last request', async ({
    page,
    trestle,
  }) => {
    const rows = Array.from(
      { length: 100_000 },
      (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')},tag-${i}`,
    );
    const file = csvFile('big.csv', ['workbookId,tag', ...rows].join('\n') + '\n');
    await page.goto(trestle.url);
    await signInToSandbox(page);
    await openPreset(page, 'Update Workbook Now');
    await page.getByRole('button', { name: 'For each row of a CSV…' }).click();
    const dialog = page.getByRole('dialog', { name: 'For each row' });
    await dialog.getByLabel('Choose a CSV file').setInputFiles(file);
    await expect(dialog.getByLabel('File summary')).toContainText('big.csv: 100,000 rows', {
      timeout: 30_000,
    });
    await dialog.getByLabel('{workbook-id} from').selectOption('column:workbookId');
    await expect(dialog.getByLabel('Preview summary')).toHaveText('100,000 requests to send');
    const list = dialog.getByLabel('Requests to send');
    // Only the requests in view are drawn…
    expect(await list.getByRole('listitem').count()).toBeLessThan(60);
    // …and the last one is there when scrolled to.
    await dialog.locator('.each-preview').evaluate((el) => (el.scrollTop = el.scrollHeight));
    await expect(list.getByRole('listitem').last()).toContainText(
      'workbooks/00000000-0000-4000-8000-000000099999/refresh',
    );
    await expect(list.getByRole('listitem').last()).toContainText('row 100000 (line 100001)');
    await shots(page, 'foreach-csv-large');
  });
});
