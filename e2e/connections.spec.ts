import { expect, test } from './fixtures';

test('add a password connection, sign in when asked for the secret, switch site, then delete it', async ({
  page,
  trestle,
}) => {
  await page.goto(trestle.url);
  await page.getByRole('button', { name: 'Add connection' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Name', { exact: true }).fill('Local admin');
  await dialog.getByLabel('Server URL').fill(trestle.sandbox.url);
  await dialog.getByLabel('Site', { exact: true }).fill('marketing');
  await dialog.getByLabel('Sign in with').selectOption('password');
  await dialog.getByLabel('User name').fill('admin');
  await dialog.getByLabel('Accept an invalid TLS certificate').check();
  await expect(dialog.getByRole('alert')).toContainText('Certificates will not be checked');
  await dialog.getByLabel('Accept an invalid TLS certificate').uncheck();
  await dialog.getByRole('button', { name: 'Save connection' }).click();
  await expect(page.getByRole('button', { name: 'Local admin', exact: true })).toBeVisible();

  // The web host stores no secrets: signing in asks for the password.
  await page.getByRole('button', { name: 'Sign in to Local admin' }).click();
  const prompt = page.getByRole('dialog', { name: 'Sign in to Local admin' });
  await prompt.getByLabel('Password').fill('wrong-password');
  await prompt.getByRole('button', { name: 'Sign in' }).click();
  // Rejected (401001): the error is shown and the password asked again.
  await expect(page.getByText(/401001/).first()).toBeVisible();
  await prompt.getByLabel('Password').fill('trestle');
  await prompt.getByRole('button', { name: 'Sign in' }).click();
  const status = page.getByLabel('Signed in to Local admin');
  await expect(status).toContainText('admin');
  await expect(status).toContainText(/marketing/i);

  await status.getByRole('button', { name: 'Switch site' }).click();
  await page.getByRole('dialog', { name: 'Switch site' }).getByLabel('Site content URL').fill('');
  await page
    .getByRole('dialog', { name: 'Switch site' })
    .getByRole('button', { name: 'Switch' })
    .click();
  await expect(status).toContainText('Default');

  await page.getByRole('button', { name: 'Delete Local admin' }).click();
  await page
    .getByRole('dialog')
    .getByRole('button', { name: /Delete/ })
    .click();
  await expect(page.getByRole('button', { name: 'Local admin', exact: true })).toHaveCount(0);
  await page.reload();
  await expect(page.getByRole('button', { name: 'Sandbox', exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Local admin', exact: true })).toHaveCount(0);
});

test('a connection that accepts invalid certificates is loudly marked', async ({
  page,
  trestle,
}) => {
  await page.goto(trestle.url);
  await page.getByRole('button', { name: 'Add connection' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Name', { exact: true }).fill('Lab server');
  await dialog.getByLabel('Server URL').fill('https://tableau.lab.example');
  await dialog.getByLabel('Token name').fill('lab-pat');
  await dialog.getByLabel('Accept an invalid TLS certificate').check();
  await dialog.getByRole('button', { name: 'Save connection' }).click();
  await expect(page.getByText('TLS unchecked')).toBeVisible();
});
