import { expect, signInToSandbox, test } from './fixtures';
import { openPreset, send, status } from './workbench';

test('a request saved to a collection is found again after reloading the app', async ({
  page,
  trestle,
}) => {
  await page.goto(trestle.url);
  await signInToSandbox(page);
  await openPreset(page, 'Get Users on Site');
  await page.getByLabel('Page size').fill('250');
  await expect(page.getByRole('tab', { name: /Get Users on Site/ })).toContainText('●');

  await page.getByLabel('Path', { exact: true }).press('ControlOrMeta+s');
  const dialog = page.getByRole('dialog', { name: 'Save request' });
  await dialog.getByLabel('Request name').fill('Users, 250 a page');
  await dialog.getByLabel('Save in').selectOption({ label: 'New collection…' });
  await dialog.getByLabel('Collection name').fill('Admin checks');
  const saved = page.waitForResponse((r) => r.url().includes('collections%3Aput') && r.ok());
  await dialog.getByRole('button', { name: 'Save' }).click();
  expect(await (await saved).json()).toMatchObject({ ok: true });
  await expect(page.getByRole('tab', { name: /Users, 250 a page/ })).not.toContainText('●');

  await page.reload();
  await page.getByRole('tab', { name: 'Collections' }).click();
  await expect(page.getByText('Admin checks')).toBeVisible();
  await page.getByLabel('Search collections').fill('250');
  await page.getByRole('button', { name: 'Open Users, 250 a page' }).click();
  await expect(page.getByLabel('Page size')).toHaveValue('250');
  // The session lives in the host, not the page: it outlives the reload.
  await expect(page.getByLabel('Signed in to Sandbox')).toBeVisible();
  await send(page);
  await expect(status(page)).toHaveText(/^200/);
  await expect(page.getByLabel('Page position')).toContainText('items 1–250');
});

test('deleting a saved request can be undone; history lists sent requests newest first', async ({
  page,
  trestle,
}) => {
  await page.goto(trestle.url);
  await signInToSandbox(page);
  await openPreset(page, 'Query Projects');
  await page.keyboard.press('ControlOrMeta+s');
  await page
    .getByRole('dialog', { name: 'Save request' })
    .getByRole('button', { name: 'Save' })
    .click();
  await page.getByRole('tab', { name: 'Collections' }).click();
  const entry = page.getByRole('button', { name: 'Open Query Projects' });
  await expect(entry).toBeVisible();
  await entry.hover();
  await page.getByRole('button', { name: 'Delete Query Projects' }).click();
  await expect(entry).toBeHidden();
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(entry).toBeVisible();

  await send(page);
  await expect(status(page)).toHaveText(/^200/);
  await openPreset(page, 'Server Info');
  await send(page);
  await expect(status(page)).toHaveText(/^200/);
  await page.getByRole('tab', { name: 'History' }).click();
  const history = page.getByRole('list', { name: 'History' }).getByRole('button');
  await expect(history).toHaveCount(2);
  await expect(history.first()).toContainText('serverinfo');
  await history.nth(1).click();
  await expect(page.getByLabel('Path', { exact: true })).toHaveValue(
    '/api/{api-version}/sites/{site-id}/projects',
  );
});
