import { expect, test } from './fixtures';
import { openPreset } from './workbench';

test('Ctrl+K searches the catalog; a preset with unconfirmed details says so, a confirmed one does not', async ({
  page,
  trestle,
}) => {
  await page.goto(trestle.url);
  await expect(page.getByRole('heading', { name: 'Connections' })).toBeVisible();
  await page.keyboard.press('Control+k');
  await expect(page.getByLabel('Search the catalog')).toBeFocused();

  await openPreset(page, 'List Collections');
  await expect(page.getByLabel('Path', { exact: true })).toHaveValue('/api/-/collections');
  const note = page.getByRole('note', { name: /^Source note: / });
  await expect(note).toHaveText('unverified details');
  await expect(note).toHaveAttribute('title', /third-party|not confirmed|unconfirmed|could not/i);

  await openPreset(page, 'Get Users on Site');
  await expect(page.getByLabel('Path', { exact: true })).toHaveValue(
    '/api/{api-version}/sites/{site-id}/users',
  );
  await expect(page.getByRole('note', { name: /^Source note: / })).toHaveCount(0);
});
