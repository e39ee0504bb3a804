import type { Page } from '@playwright/test';
import { expect, test, type Trestle } from './fixtures';
import { openPreset, send, status } from './workbench';

// A server that speaks REST API 3.5 (Tableau Server 2019.3).
test.use({ sandboxOptions: { apiVersion: '3.5' } });

/** Personal access tokens came with 3.6, so a 3.5 server is reached with a password. */
async function signInWithPassword(page: Page, trestle: Trestle): Promise<void> {
  await page.getByRole('button', { name: 'Add connection' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Name', { exact: true }).fill('Server 2019.3');
  await dialog.getByLabel('Server URL').fill(trestle.sandbox.url);
  await dialog.getByLabel('Sign in with').selectOption('password');
  await dialog.getByLabel('User name').fill('admin');
  await dialog.getByRole('button', { name: 'Save connection' }).click();
  await page.getByRole('button', { name: 'Sign in to Server 2019.3' }).click();
  const prompt = page.getByRole('dialog', { name: 'Sign in to Server 2019.3' });
  await prompt.getByLabel('Password').fill('trestle');
  await prompt.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByLabel('Signed in to Server 2019.3')).toBeVisible();
}

test('a method newer than the server is marked in the catalog and asks before sending', async ({
  page,
  trestle,
}) => {
  await page.goto(trestle.url);
  await signInWithPassword(page, trestle);
  await page.getByLabel('Search the catalog').fill('webhook');
  const catalog = page.getByRole('region', { name: 'Endpoint presets' });
  const listWebhooks = catalog.getByRole('button', { name: /^GET List Webhooks/ });
  await expect(listWebhooks).toContainText('needs 3.6');
  await page.getByLabel('Search the catalog').fill('Query Projects');
  await expect(catalog.getByRole('button', { name: /^GET Query Projects/ })).not.toContainText(
    'needs',
  );

  await openPreset(page, 'List Webhooks');
  await expect(page.getByRole('note').filter({ hasText: 'Needs API 3.6' })).toContainText('3.5');
  await send(page);
  const dialog = page.getByRole('dialog', { name: 'Send anyway?' });
  await expect(dialog).toContainText('needs REST API 3.6; the server speaks 3.5');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  await expect(status(page)).toHaveCount(0);
  await send(page);
  await dialog.getByRole('button', { name: 'Send anyway' }).click();
  await expect(status(page)).toHaveText(/^\d{3}/);

  // A method the server knows goes straight out.
  await openPreset(page, 'Query Projects');
  await send(page);
  await expect(status(page)).toHaveText(/^200/);
  await expect(dialog).toHaveCount(0);
});
