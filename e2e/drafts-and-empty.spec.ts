import type { WorkspaceDoc } from '../shared/documents';
import { expect, signInToSandbox, test } from './fixtures';
import { nextSummary, resolvedUrl, shootBothThemes } from './trust-helpers';
import { hostCall, openPreset, send, status } from './workbench';

/** Issue 11, items 17–19: empty lists, half-typed rows, plain messages, the Sandbox's real URL. */

test('zero matching users show the empty state, not an error', async ({ page, trestle }) => {
  await page.goto(trestle.url);
  await signInToSandbox(page);
  await openPreset(page, 'Get Users on Site');
  await page.getByLabel('New query parameter name').fill('filter');
  await page.getByLabel('Query parameter filter value').fill('name:eq:nobody-at-all');
  const summary = nextSummary(page);
  await send(page);
  await expect(status(page)).toHaveText(/^200/);
  // Tableau's answer to zero matches: an empty container and totalAvailable 0.
  expect((await summary).body).toMatchObject({ users: {}, pagination: { totalAvailable: '0' } });
  await expect(page.getByText('The list is empty: no items match.')).toBeVisible();
  await expect(page.getByText('Could not read the items')).toHaveCount(0);
  await expect(page.getByLabel('Page position')).toHaveText('no items');
  await shootBothThemes(page, test.info(), 'empty-list');
});

test('a half-typed query or header row does not stop the open tabs from saving, and is not sent', async ({
  page,
  trestle,
}) => {
  await page.goto(trestle.url);
  await signInToSandbox(page);
  await openPreset(page, 'Query Projects');
  // A value typed before its name.
  await page.getByLabel('New query parameter value').fill('half');
  await page.getByRole('tab', { name: /^Headers/ }).click();
  await page.getByLabel('New header value').fill('no-name-yet');
  await expect
    .poll(async () => {
      const doc = (await hostCall(trestle, 'workspace:get')) as WorkspaceDoc;
      return { query: doc.tabs[0]?.spec.query.at(-1), header: doc.tabs[0]?.spec.headers[0] };
    })
    .toEqual({
      query: { name: '', value: 'half', enabled: true },
      header: { name: '', value: 'no-name-yet', enabled: true },
    });
  await expect(page.locator('.toast')).toHaveCount(0);

  // Sent without the nameless rows, as the URL under the path says.
  await expect(resolvedUrl(page)).not.toContainText('half');
  const summary = nextSummary(page);
  await send(page);
  await expect(status(page)).toHaveText(/^200/);
  expect((await summary).url).toBe(await resolvedUrl(page).innerText());

  await page.reload();
  await page.getByRole('tab', { name: /^Params/ }).click();
  await expect(
    page.locator('input[aria-label^="Query parameter"][aria-label$="value"]').last(),
  ).toHaveValue('half');
});

test('an internal code is only a detail under a plain sentence', async ({ page, trestle }) => {
  await page.goto(trestle.url);
  await openPreset(page, 'Query Projects');
  await send(page);
  const failure = page.getByRole('alert').filter({ hasText: 'The request was not sent' });
  await expect(failure).toContainText('Sign in to “Sandbox” first.');
  await expect(failure.locator('.small-text')).toHaveText('session.none');
  await expect(failure.locator('p').first()).not.toContainText('session.none');
});

test('the Sandbox card and its dialog show where it really listens, and claim no stored secret', async ({
  page,
  trestle,
}) => {
  await page.goto(trestle.url);
  await signInToSandbox(page);
  const port = new URL(trestle.sandbox.url).host;
  await expect(page.getByLabel('Signed in to Sandbox')).toContainText(port);
  await page.getByRole('button', { name: 'Edit Sandbox' }).click();
  const dialog = page.getByRole('dialog', { name: 'Sandbox' });
  await expect(dialog.getByLabel('Server URL')).toHaveValue(trestle.sandbox.url);
  await expect(dialog).not.toContainText('stored — leave empty');
  await expect(dialog.getByLabel('Sign in with')).toContainText('built in, nothing stored');
  await shootBothThemes(page, test.info(), 'sandbox-dialog');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(page.getByText(`built-in local server at ${port}`)).toBeVisible();
});
