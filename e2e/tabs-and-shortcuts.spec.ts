import type { Page } from '@playwright/test';
import { expect, signInToSandbox, test } from './fixtures';
import { columnTexts, openPreset, send, status, table } from './workbench';

const tabs = (page: Page) => page.getByRole('tablist', { name: 'Open requests' }).getByRole('tab');
const presetButton = (page: Page, name: string) =>
  page
    .getByRole('region', { name: 'Endpoint presets' })
    .getByRole('button', { name: new RegExp(`^\\w+ ${name}`) })
    .first();

async function findPreset(page: Page, name: string) {
  await page.getByRole('tab', { name: 'Catalog' }).click();
  await page.getByLabel('Search the catalog').fill(name);
  return presetButton(page, name);
}

test('a single click in the catalog opens a preview tab the next click replaces; a double click, an edit or Send keeps it', async ({
  page,
  trestle,
}) => {
  await page.goto(trestle.url);
  await signInToSandbox(page);

  await (await findPreset(page, 'Query Projects')).click();
  await expect(tabs(page)).toHaveCount(1);
  await expect(page.locator('.request-tab.preview')).toContainText('Query Projects');
  await (await findPreset(page, 'Get Users on Site')).click();
  // Replaced in place: still one tab, now the other method.
  await expect(tabs(page)).toHaveCount(1);
  await expect(tabs(page).first()).toContainText('Get Users on Site');

  await (await findPreset(page, 'Query Workbooks for Site')).dblclick();
  await expect(tabs(page)).toHaveCount(1);
  await expect(page.locator('.request-tab.preview')).toHaveCount(0);
  await (await findPreset(page, 'Query Projects')).click();
  await expect(tabs(page)).toHaveCount(2);

  // An edit keeps the preview.
  await page
    .getByLabel('Path', { exact: true })
    .fill('/api/{api-version}/sites/{site-id}/projects?');
  await expect(page.locator('.request-tab.preview')).toHaveCount(0);
  await (await findPreset(page, 'Query Groups')).click();
  await expect(tabs(page)).toHaveCount(3);

  // Send keeps it too.
  await send(page);
  await expect(status(page)).toHaveText(/^200/);
  await expect(page.locator('.request-tab.preview')).toHaveCount(0);
  await (await findPreset(page, 'Query Views for Site')).click();
  await expect(tabs(page)).toHaveCount(4);
  // Double-clicking the preview tab itself keeps it.
  await page.locator('.request-tab.preview .tab-title').dblclick();
  await expect(page.locator('.request-tab.preview')).toHaveCount(0);
});

test('shortcuts: Ctrl/Cmd+Tab and Shift+Tab switch, Ctrl/Cmd+W closes, Ctrl/Cmd+L goes to the path, Ctrl/Cmd+/ lists them; the strip keeps the active tab in view', async ({
  page,
  trestle,
}) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto(trestle.url);
  await signInToSandbox(page);
  const names = [
    'Query Projects',
    'Get Users on Site',
    'Query Groups',
    'Query Workbooks for Site',
    'Query Views for Site',
    'Query Data Sources',
    'Query Flows for Site',
    'Query Schedules',
  ];
  for (const name of names) await openPreset(page, name);
  await expect(tabs(page)).toHaveCount(names.length);
  const selected = page.getByRole('tab', { selected: true, name: /Query|Get/ });
  await expect(selected).toContainText('Query Schedules');

  await page.keyboard.press('ControlOrMeta+Tab');
  await expect(selected).toContainText('Query Projects');
  // The first tab, scrolled back into view after the last one was.
  const strip = page.getByRole('tablist', { name: 'Open requests' });
  const inView = async (name: string) => {
    const box = await strip.boundingBox();
    const tab = await page.locator('.request-tab', { hasText: name }).boundingBox();
    return Boolean(box && tab && tab.x >= box.x - 1 && tab.x + tab.width <= box.x + box.width + 1);
  };
  await expect.poll(() => inView('Query Projects')).toBe(true);
  await page.keyboard.press('ControlOrMeta+Shift+Tab');
  await expect(selected).toContainText('Query Schedules');
  await expect.poll(() => inView('Query Schedules')).toBe(true);

  await page.keyboard.press('ControlOrMeta+w');
  await expect(tabs(page)).toHaveCount(names.length - 1);
  await expect(page.locator('.request-tab', { hasText: 'Query Schedules' })).toHaveCount(0);

  await page.getByRole('tab', { name: 'Catalog' }).click();
  await page.keyboard.press('ControlOrMeta+l');
  await expect(page.getByLabel('Path', { exact: true })).toBeFocused();

  await page.keyboard.press('ControlOrMeta+/');
  const list = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(list).toBeVisible();
  await expect(list.getByRole('table', { name: 'Shortcuts' })).toContainText('Close the tab');
  // The web host says which keys the browser keeps for itself, and what to press instead.
  await expect(list).toContainText('Alt+W');
  await list.getByRole('button', { name: 'Getting started' }).click();
  await expect(page.getByRole('dialog', { name: 'Getting started' })).toContainText('preview tab');
  await page
    .getByRole('dialog', { name: 'Getting started' })
    .getByRole('button', { name: 'Close' })
    .click();
  await page.getByRole('button', { name: 'Keyboard shortcuts and help' }).click();
  await expect(list).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(list).toHaveCount(0);
});

test('the table’s sort, filter, columns and scroll stay with each tab across tab switches and a reload, and so do the answers', async ({
  page,
  trestle,
}) => {
  await page.goto(trestle.url);
  await signInToSandbox(page);
  await openPreset(page, 'Get Users on Site');
  await send(page);
  await expect(status(page)).toHaveText(/^200/);
  await table(page).getByRole('columnheader', { name: /^name/ }).getByRole('button').click();
  await page.getByRole('button', { name: /^Columns/ }).click();
  await page.getByRole('group', { name: 'Columns' }).getByLabel('email').uncheck();
  await page.getByRole('button', { name: /^Columns/ }).click();
  await page.getByLabel('Filter the table').fill('siteRole:explorer');
  await expect(page.getByLabel('Filter matches')).toHaveText(/^\d+ of 100 match/);
  const shown = await page.getByLabel('Filter matches').innerText();
  await table(page).evaluate((el) => (el.scrollTop = 96));
  // Where it was scrolled to: the first row fully in view.
  const firstInView = () =>
    table(page).evaluate((el) => {
      const top = el.getBoundingClientRect().top + 24;
      const rows = Array.from(el.querySelectorAll('[role="row"][aria-rowindex]')).filter(
        (r) => r.getBoundingClientRect().top >= top - 1,
      );
      return rows[0]?.getAttribute('aria-rowindex');
    });
  await expect.poll(firstInView).toBe('6');
  const names = await columnTexts(page, 'name', 3, 4);

  await openPreset(page, 'Query Projects');
  await send(page);
  await expect(status(page)).toHaveText(/^200/);
  await expect(page.getByLabel('Filter the table')).toHaveValue('');
  await page.getByRole('tab', { name: /Get Users on Site/ }).click();

  const expectKept = async () => {
    await expect(page.getByLabel('Filter the table')).toHaveValue('siteRole:explorer');
    await expect(page.getByLabel('Filter matches')).toHaveText(shown);
    await expect(table(page).getByRole('columnheader', { name: /^name/ })).toHaveAttribute(
      'aria-sort',
      'ascending',
    );
    await expect(table(page).getByRole('columnheader', { name: /^email/ })).toHaveCount(0);
    await expect.poll(firstInView).toBe('6');
    expect(await columnTexts(page, 'name', 3, 4)).toEqual(names);
  };
  await expectKept();

  // Written with the workspace (debounced), then the window reloads: main still holds the answer.
  await expect
    .poll(async () => {
      const doc = (await (
        await fetch(`${trestle.app.host.url}/ipc/workspace:get`, {
          method: 'POST',
          headers: { authorization: 'Bearer e2e-access-key-0123456789' },
          body: JSON.stringify({ args: [] }),
        })
      ).json()) as { data: { tabs: Array<{ table?: { scrollTop: number } }> } };
      return doc.data.tabs[0]?.table?.scrollTop;
    })
    .toBe(96);
  await page.reload();
  // The tab that was active is active again, its answer back from main's response store.
  await expect(page.getByRole('tab', { name: /Get Users on Site/ })).toHaveAttribute(
    'aria-selected',
    'true',
  );
  await expect(status(page)).toHaveText(/^200/);
  await expectKept();
  await page.getByRole('tab', { name: /Query Projects/ }).click();
  await expect(status(page)).toHaveText(/^200/);
  await expect(table(page)).toBeVisible();
});

test('Sign In and Switch Site in the catalog are the connection’s own actions; Switch site lists the sites you can reach', async ({
  page,
  trestle,
}) => {
  await page.goto(trestle.url);
  const signIn = await findPreset(page, 'Sign In');
  await expect(signIn).toContainText('by the connection');
  await signIn.click();
  await expect(page.getByLabel('Signed in to Sandbox')).toBeVisible();
  // No tab was opened for it, and nothing was refused.
  await expect(tabs(page)).toHaveCount(0);

  await (await findPreset(page, 'Switch Site')).click();
  const dialog = page.getByRole('dialog', { name: 'Switch site' });
  await expect(dialog).toBeVisible();
  const sites = dialog.getByRole('group', { name: 'Sites you can reach' });
  await expect(sites.getByRole('button', { name: /marketing/ })).toBeVisible();
  await expect(sites.getByRole('button', { name: /Default site/ })).toContainText('current');
  await sites.getByRole('button', { name: /marketing/ }).click();
  await expect(dialog.getByLabel('Site content URL')).toHaveValue('marketing');
  await dialog.getByRole('button', { name: 'Switch' }).click();
  await expect(page.getByLabel('Signed in to Sandbox')).toContainText(/marketing/i);
  await expect(tabs(page)).toHaveCount(0);
});
