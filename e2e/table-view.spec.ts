import fs from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import type { Page } from '@playwright/test';
import { expect, signInToSandbox, test } from './fixtures';
import { columnTexts, openPreset, send, status, table } from './workbench';

const header = (page: Page, column: string) =>
  table(page).getByRole('columnheader', { name: new RegExp(`^${column}( [▲▼])?$`) });

async function fetchAllUsers(page: Page): Promise<void> {
  await signInToSandbox(page);
  await openPreset(page, 'Get Users on Site');
  await send(page);
  await expect(status(page)).toHaveText(/^200/);
  await page.getByRole('button', { name: 'Fetch all' }).click();
  await expect(page.getByLabel('Fetch-all result')).toContainText('All 2,500 of 2,500 items');
}

async function download(page: Page, click: () => Promise<void>, name: string) {
  const downloadPromise = page.waitForEvent('download');
  await click();
  const file = path.join(test.info().outputDir, name);
  await (await downloadPromise).saveAs(file);
  return fs.readFileSync(file, 'utf8');
}

/** Every row the table shows, read by scrolling it through (the view is small enough). */
async function shownColumn(page: Page, column: string, rows: number): Promise<string[]> {
  const texts: string[] = [];
  for (let start = 0; start < rows; start += 10) {
    await table(page).evaluate((el, top) => (el.scrollTop = top), start * 24);
    const row = table(page).locator(`[role="row"][aria-rowindex="${start + 2}"]`);
    await expect(row.getByRole('gridcell').first()).not.toHaveText('');
    texts.push(...(await columnTexts(page, column, Math.min(10, rows - start), start)));
  }
  return texts;
}

test('Export CSV takes the table as shown: its sort, filter and columns; the menu exports everything', async ({
  page,
  trestle,
}) => {
  await page.goto(trestle.url);
  await fetchAllUsers(page);
  const serverOrder = await columnTexts(page, 'id', 5);

  await header(page, 'name').getByRole('button').click();
  await header(page, 'name').getByRole('button').click();
  await expect(header(page, 'name')).toHaveAttribute('aria-sort', 'descending');
  await page.getByRole('button', { name: /^Columns/ }).click();
  await page.getByRole('group', { name: 'Columns' }).getByLabel('email').uncheck();
  await page.getByRole('button', { name: /^Columns/ }).click();
  await page.getByLabel('Filter the table').fill('siteRole:viewer');
  const matches = page.getByLabel('Filter matches');
  await expect(matches).toHaveText(/^[\d,]+ of 2,500 match/);
  const count = Number((await matches.innerText()).split(' ')[0].replace(/,/g, ''));
  expect(count).toBeGreaterThan(10);
  expect(count).toBeLessThan(2500);
  await expect
    .poll(async () => (await columnTexts(page, 'siteRole', 5)).join())
    .toMatch(/^(Viewer,){4}Viewer$/);

  const headers = (await table(page).getByRole('columnheader').allInnerTexts())
    .slice(1)
    .map((h) => h.replace(/[▲▼]/g, '').trim());
  expect(headers).not.toContain('email');
  const csv = await download(
    page,
    () => page.getByRole('button', { name: 'Export CSV' }).click(),
    'view.csv',
  );
  const parsed = Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: true });
  expect(parsed.meta.fields).toEqual(headers);
  expect(parsed.data).toHaveLength(count);
  expect(parsed.data.every((row) => row.siteRole === 'Viewer')).toBe(true);
  // Row for row what the table shows, in its order (the first 30 read off the screen).
  const shownNames = await shownColumn(page, 'name', 30);
  expect(parsed.data.slice(0, 30).map((row) => row.name)).toEqual(shownNames);

  await page.getByRole('button', { name: 'More export choices' }).click();
  const everything = await download(
    page,
    () => page.getByRole('menuitem', { name: /^Everything as CSV/ }).click(),
    'all.csv',
  );
  const all = Papa.parse<Record<string, string>>(everything, {
    header: true,
    skipEmptyLines: true,
  });
  expect(all.data).toHaveLength(2500);
  expect(all.meta.fields).toEqual(expect.arrayContaining(['id', 'name', 'email', 'siteRole']));
  expect(all.data.slice(0, 5).map((row) => row.id)).toEqual(serverOrder);
});

test('the quick filter finds words in visible columns, combines with the sort, and says when nothing matches', async ({
  page,
  trestle,
}) => {
  await page.goto(trestle.url);
  await fetchAllUsers(page);
  await header(page, 'name').getByRole('button').click();
  const filter = page.getByLabel('Filter the table');
  await page.keyboard.press('ControlOrMeta+f');
  await expect(filter).toBeFocused();
  await page.keyboard.type('chloe');
  await expect(page.getByLabel('Filter matches')).toHaveText(/^[\d,]+ of 2,500 match/);
  const names = await columnTexts(page, 'name', 5);
  expect(names.every((n) => n.includes('chloe'))).toBe(true);
  expect([...names].sort(new Intl.Collator('en', { numeric: true }).compare)).toEqual(names);
  await expect(page.getByLabel('Item count')).toHaveText('2,500 items');

  await filter.fill('no-such-user-anywhere');
  await expect(page.getByLabel('Filter matches')).toHaveText('0 of 2,500 match');
  await expect(page.getByText('No row matches “no-such-user-anywhere”')).toBeVisible();
  await filter.press('Escape');
  await expect(filter).toHaveValue('');
  await expect(page.getByLabel('Filter matches')).toHaveCount(0);
  await expect(table(page)).toHaveAttribute('aria-rowcount', '2501');
});

test('the name column stays in view when frozen; row numbers fit six digits; cut cells show their text on hover', async ({
  page,
  trestle,
}) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto(trestle.url);
  await fetchAllUsers(page);
  await page.getByLabel('Freeze name').check();
  // The frozen column comes first, after the row number.
  const headers = await table(page).getByRole('columnheader').allInnerTexts();
  expect(headers[1].trim()).toBe('name');
  await table(page).evaluate((el) => (el.scrollLeft = el.scrollWidth));
  const box = await table(page).boundingBox();
  const nameBox = await header(page, 'name').boundingBox();
  expect(nameBox && box && nameBox.x - box.x).toBeLessThan(100);
  expect(nameBox && box && nameBox.x - box.x).toBeGreaterThan(50);

  const number = table(page).locator('[role="rowheader"]').first();
  // The row's number beside its tick box: written as 100000, it still fits.
  const fits = await number.evaluate((el) => {
    const text = Array.from(el.childNodes).find((n) => n.nodeType === 3 && n.textContent?.trim());
    if (!text) return false;
    text.textContent = '100000';
    return el.scrollWidth <= el.clientWidth;
  });
  expect(fits).toBe(true);

  await table(page).evaluate((el) => (el.scrollLeft = 0));
  const titled = table(page).locator('[role="gridcell"][title]').first();
  await expect(titled).toBeVisible();
  const full = await titled.getAttribute('title');
  expect(await titled.innerText()).toBe(full);
  expect(await titled.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
});

test('nested values read as text: tags as a comma list of labels, the raw JSON a click away', async ({
  page,
  trestle,
}) => {
  await page.goto(trestle.url);
  await signInToSandbox(page);
  await openPreset(page, 'Query Workbooks for Site');
  await send(page);
  await expect(status(page)).toHaveText(/^200/);
  const headers = (await table(page).getByRole('columnheader').allInnerTexts()).map((h) =>
    h.trim(),
  );
  // One column per field: `tags`, not `tags` and `tags.tag`; owner's keys as dotted columns.
  expect(headers).toContain('tags');
  expect(headers.filter((h) => h.startsWith('tags'))).toEqual(['tags']);
  expect(headers).toContain('owner.id');
  await page.getByLabel('Filter the table').fill('tags:a');
  await expect(page.getByLabel('Filter matches')).toHaveText(/^[1-9][\d,]* of/);
  const tagCells = await columnTexts(page, 'tags', 1);
  expect(tagCells[0]).not.toContain('{');
  expect(tagCells[0]).not.toContain('label');
  const index = headers.indexOf('tags') - 1;
  await table(page).locator('[role="row"][aria-rowindex="2"] [role="gridcell"]').nth(index).click();
  const detail = page.getByRole('region', { name: 'Cell JSON' });
  await expect(detail).toBeVisible();
  const json = JSON.parse(await detail.locator('pre').innerText()) as {
    tag: Array<{ label: string }>;
  };
  expect(json.tag.map((t) => t.label).join(', ')).toBe(tagCells[0]);
});
