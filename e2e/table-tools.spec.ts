import type { Page } from '@playwright/test';
import { expect, signInToSandbox, test } from './fixtures';
import { columnTexts, openPreset, sandboxSignIn, send, status, table } from './workbench';

/** The table's own order: case-blind, numbers inside names compared as numbers. */
const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'accent' });
const stem = (name: string) => name.replace(/\d+$/, '');

async function fetchAllUsers(page: Page): Promise<void> {
  await signInToSandbox(page);
  await openPreset(page, 'Get Users on Site');
  await send(page);
  await expect(status(page)).toHaveText(/^200/);
  await page.getByRole('button', { name: 'Fetch all' }).click();
  // Page size left at Tableau's default: fetch-all asks for the maximum, 1000 a page.
  await expect(page.getByLabel('Fetch-all result')).toContainText(
    'All 2,500 of 2,500 items · 3 pages',
  );
  await expect(page.getByLabel('Item count')).toHaveText('2,500 items');
}

const header = (page: Page, column: string) =>
  table(page).getByRole('columnheader', { name: new RegExp(`^${column}( [▲▼])?$`) });

test('sorting a 2,500-user fetch-all by name, descending, puts the sandbox’s last names first', async ({
  page,
  trestle,
}) => {
  await page.goto(trestle.url);
  await fetchAllUsers(page);
  const unsorted = await columnTexts(page, 'name', 10);

  await header(page, 'name').getByRole('button').click();
  await expect(header(page, 'name')).toHaveAttribute('aria-sort', 'ascending');
  await header(page, 'name').getByRole('button').click();
  await expect(header(page, 'name')).toHaveAttribute('aria-sort', 'descending');
  await expect(page.getByLabel('Table order')).toHaveText('sorted by name descending');

  // Tableau's own answer for the same order (the sandbox compares plain text, the table
  // compares numbers inside names as numbers, so the two agree on the name stem).
  const { token, siteId } = await sandboxSignIn(trestle);
  const res = await fetch(
    `${trestle.sandbox.url}/api/3.29/sites/${siteId}/users?sort=name:desc&pageSize=5`,
    { headers: { 'x-tableau-auth': token, accept: 'application/json' } },
  );
  const expected = ((await res.json()) as { users: { user: { name: string }[] } }).users.user;

  // Rows arrive in windows after the sort; wait until the first screenful is in.
  await expect
    .poll(async () => (await columnTexts(page, 'name', 10)).every((n) => n !== ''))
    .toBe(true);
  const names = await columnTexts(page, 'name', 10);
  expect(names).not.toEqual(unsorted);
  expect([...names].sort((a, b) => collator.compare(b, a))).toEqual(names);
  expect(stem(names[0])).toBe(stem(expected[0].name));

  // The end of the list is the start of the ascending order, served from the same sort in main.
  await table(page).evaluate((el) => (el.scrollTop = el.scrollHeight));
  const lastRow = table(page).locator('[role="row"][aria-rowindex="2501"]');
  await expect(lastRow).toContainText('@');
  await header(page, 'name').getByRole('button').click();
  await expect(header(page, 'name')).toHaveAttribute('aria-sort', 'none');
  await expect(page.getByLabel('Table order')).toHaveCount(0);
});

test.describe('column chooser and copying', () => {
  test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

  test('hiding a column removes it; a cell and a whole row copy to the clipboard', async ({
    page,
    trestle,
  }) => {
    await page.goto(trestle.url);
    await signInToSandbox(page);
    await openPreset(page, 'Get Users on Site');
    await send(page);
    await expect(status(page)).toHaveText(/^200/);

    const chooser = page.getByRole('button', { name: /^Columns \d+\/\d+$/ });
    // Columns come with the first window of rows: wait for them before reading the count.
    await expect(chooser).toHaveText(/^Columns [1-9]\d*\/[1-9]\d*$/);
    const [shown, all] = ((await chooser.innerText()).match(/\d+/g) ?? []).map(Number);
    expect(shown).toBe(all);
    await expect(header(page, 'email')).toBeVisible();
    await chooser.click();
    await page.getByRole('group', { name: 'Columns' }).getByLabel('email').uncheck();
    await expect(header(page, 'email')).toHaveCount(0);
    await expect(chooser).toHaveText(`Columns ${all - 1}/${all}`);
    await expect(header(page, 'siteRole')).toBeVisible();

    const row = table(page).locator('[role="row"][aria-rowindex="4"]');
    const [id] = await columnTexts(page, 'id', 3).then((ids) => ids.slice(2));
    const [role] = await columnTexts(page, 'siteRole', 3).then((roles) => roles.slice(2));
    const cell = row
      .getByRole('gridcell')
      .nth(
        (await table(page).getByRole('columnheader').allInnerTexts())
          .map((h) => h.trim())
          .indexOf('siteRole') - 1,
      );
    await cell.click();
    await expect(cell).toHaveAttribute('aria-selected', 'true');
    await page.getByRole('button', { name: 'Copy cell' }).click();
    await expect(page.getByText('Copied siteRole of row 3.')).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(role);

    await page.getByRole('button', { name: 'Copy row' }).click();
    await expect(page.getByText('Copied row 3 as JSON.')).toBeVisible();
    const copied = JSON.parse(await page.evaluate(() => navigator.clipboard.readText())) as {
      id: string;
      siteRole: string;
      email: string;
    };
    // The whole item, hidden columns included.
    expect(copied).toMatchObject({ id, siteRole: role });
    expect(copied.email).toContain('@');
  });
});
