import { expect, test } from './fixtures';
import { addConnection, shootBothThemes } from './trust-helpers';

/** Issue 11, item 16: a failed sign-in gets the Tableau error panel, once, and each try its own result. */

test('a refused sign-in shows one panel naming the token and the site to check; a second try shows its own result', async ({
  page,
  trestle,
}) => {
  await page.goto(trestle.url);
  await addConnection(page, trestle, 'Lab', {
    kind: 'pat',
    identity: 'trestle',
    site: 'no-such-site',
  });
  await page.getByRole('button', { name: 'Sign in to Lab' }).click();
  const prompt = page.getByRole('dialog', { name: 'Sign in to Lab' });
  await prompt.getByLabel('Token secret').fill('trestle-sandbox-secret');
  await prompt.getByRole('button', { name: 'Sign in' }).click();

  // Refused (401001): asked again, with the reason in the same panel REST errors get.
  const panel = prompt.getByRole('alert', { name: 'Tableau error' });
  await expect(panel).toContainText('401001');
  await expect(panel).toContainText('Sign-in refused: check the credentials and the site');
  await expect(panel).toContainText('the personal access token “trestle”');
  await expect(panel).toContainText('the site content URL “no-such-site”');
  await expect(panel).toContainText('What it means');
  await expect(panel).toContainText('Try');
  await expect(panel).not.toContainText('try 2');
  // One message: no toast repeats it.
  await expect(page.locator('.toast')).toHaveCount(0);
  await shootBothThemes(page, test.info(), 'sign-in-refused');

  await prompt.getByLabel('Token secret').fill('trestle-sandbox-secret');
  await prompt.getByRole('button', { name: 'Sign in' }).click();
  await expect(prompt.getByRole('alert', { name: 'Tableau error' })).toContainText('try 2');
  await expect(page.locator('.toast')).toHaveCount(0);

  // Closing the prompt leaves the panel on the connection.
  await prompt.getByRole('button', { name: 'Cancel' }).click();
  await expect(
    page.getByLabel('Sign-in failed').getByRole('alert', { name: 'Tableau error' }),
  ).toContainText('no-such-site');

  // With the site fixed, the next try signs in and the panel goes.
  await page.getByRole('button', { name: 'Edit Lab' }).click();
  const edit = page.getByRole('dialog', { name: 'Edit Lab' });
  await edit.getByLabel('Site', { exact: true }).fill('');
  await edit.getByRole('button', { name: 'Save connection' }).click();
  await page.getByRole('button', { name: 'Sign in to Lab' }).click();
  await prompt.getByLabel('Token secret').fill('trestle-sandbox-secret');
  await prompt.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByLabel('Signed in to Lab')).toBeVisible();
  await expect(page.getByLabel('Sign-in failed')).toHaveCount(0);
});

test('a server that does not answer says so in the panel, with the engine’s reason as its detail', async ({
  page,
  trestle,
}) => {
  await page.goto(trestle.url);
  await page.getByRole('button', { name: 'Add connection' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add connection' });
  await dialog.getByLabel('Name', { exact: true }).fill('Nowhere');
  await dialog.getByLabel('Server URL').fill('http://127.0.0.1:9');
  await dialog.getByLabel('Token name').fill('ci');
  await dialog.getByLabel('API version').fill('3.29');
  await dialog.getByRole('button', { name: 'Save connection' }).click();
  await page.getByRole('button', { name: 'Sign in to Nowhere' }).click();
  const prompt = page.getByRole('dialog', { name: 'Sign in to Nowhere' });
  await prompt.getByLabel('Token secret').fill('x');
  await prompt.getByRole('button', { name: 'Sign in' }).click();
  const panel = page.getByLabel('Sign-in failed').getByRole('alert', { name: 'Tableau error' });
  await expect(panel).toContainText('Trestle could not reach http://127.0.0.1:9');
  await expect(panel).toContainText(/request\.\w+/);
  await expect(page.locator('.toast')).toHaveCount(0);
});
