import path from 'node:path';
import { expect, signInToSandbox, test } from './fixtures';

test('a new user signs in to the Sandbox, sends Query Projects and sees the JSON response', async ({
  page,
  trestle,
}) => {
  const bodies: string[] = [];
  page.on('response', (response) => {
    void response.text().then(
      (text) => bodies.push(text),
      () => undefined,
    );
  });

  await page.goto(trestle.url);
  await expect(page.getByRole('heading', { name: 'Connections' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Sandbox', exact: true })).toBeVisible();
  const catalog = page.getByRole('region', { name: 'Endpoint presets' });
  await expect(catalog.getByRole('button', { name: /Server Info/ })).toBeVisible();
  await expect(catalog.getByRole('button', { name: /Get Users on Site/ })).toBeVisible();

  await signInToSandbox(page);
  await catalog
    .getByRole('button', { name: /Query Projects/ })
    .first()
    .click();
  await expect(page.getByLabel('Path', { exact: true })).toHaveValue(
    '/api/{api-version}/sites/{site-id}/projects',
  );
  await page.getByLabel('Path', { exact: true }).press('Control+Enter');

  await expect(page.getByLabel('Status', { exact: true })).toHaveText(/^200/);
  await expect(page.getByLabel('Time', { exact: true })).toHaveText(/\d+ ms/);
  await expect(page.getByLabel('Size', { exact: true })).toHaveText(/\d/);
  await page.getByRole('tab', { name: 'Pretty' }).click();
  await expect(page.getByTestId('code-view')).toContainText('"pagination"');
  await expect(page.getByTestId('code-view')).toContainText('"project"');
  await page.screenshot({ path: path.join(test.info().outputDir, 'first-request.png') });

  // The token the sandbox issued never reaches the browser: not in any response, not in any event.
  const tokens = trestle.sandbox.sessions().map((s) => s.token);
  expect(tokens.length).toBeGreaterThan(0);
  await page.waitForLoadState('networkidle');
  const everything = bodies.join('\n') + trestle.events.join('');
  expect(trestle.events.join('')).toContain('session:changed');
  for (const token of tokens) expect(everything).not.toContain(token);
});
