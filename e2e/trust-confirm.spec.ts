import type { HistoryEntry } from '../shared/documents';
import { expect, signInToSandbox, test } from './fixtures';
import {
  addConnection,
  nextSummary,
  resolvedUrl,
  sessionOf,
  shootBothThemes,
  signInWithPassword,
} from './trust-helpers';
import { hostCall, openPreset, send, status } from './workbench';

/** Issue 11, item 4: destructive calls and Production writes ask first, naming the target. */

const NOBODY = '00000000-0000-0000-0000-000000000000';
const sentCount = async (trestle: Parameters<typeof hostCall>[0]) =>
  ((await hostCall(trestle, 'history:list')) as HistoryEntry[]).length;

test('a write aimed at me and a DELETE ask first, naming method, URL and connection; the setting turns that off', async ({
  page,
  trestle,
}) => {
  await page.goto(trestle.url);
  await signInToSandbox(page);
  const me = await sessionOf(trestle, 'sandbox');

  // Update User on my own id: the demotion issue 11 started from.
  await openPreset(page, 'Update User');
  await page.getByRole('tab', { name: /^Params/ }).click();
  await page.getByRole('button', { name: /^Me: fill \{user-id\}/ }).click();
  await send(page);
  const dialog = page.getByRole('dialog', { name: 'PUT on Sandbox?' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('It is aimed at you, the signed-in user.');
  await expect(dialog.getByTestId('confirm-url')).toHaveText(
    `${trestle.sandbox.url}/api/${me.apiVersion}/sites/${me.siteId}/users/${me.userId}`,
  );
  await expect(dialog.getByTestId('confirm-url')).toHaveText(await resolvedUrl(page).innerText());
  await shootBothThemes(page, test.info(), 'confirm-self');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  expect(await sentCount(trestle)).toBe(0);

  // DELETE asks; confirming sends exactly that request.
  await openPreset(page, 'Remove User from Site');
  await page.getByLabel('Path parameter user-id').fill(NOBODY);
  await send(page);
  const del = page.getByRole('dialog', { name: 'DELETE on Sandbox?' });
  await expect(del).toContainText('A DELETE cannot be undone.');
  const summary = nextSummary(page);
  await del.getByRole('button', { name: 'Send DELETE' }).click();
  await expect(status(page)).toHaveText(/^404/);
  expect((await summary).url).toBe(
    `${trestle.sandbox.url}/api/${me.apiVersion}/sites/${me.siteId}/users/${NOBODY}`,
  );

  // Turned off in Settings: a DELETE on a non-Production connection goes straight out.
  await page.getByText('Settings', { exact: true }).click();
  await page.getByRole('checkbox', { name: /^Confirm DELETE and writes aimed at me/ }).uncheck();
  await expect
    .poll(
      async () =>
        ((await hostCall(trestle, 'settings:get')) as { confirmDestructive: boolean })
          .confirmDestructive,
    )
    .toBe(false);
  await send(page);
  await expect.poll(() => sentCount(trestle)).toBe(2);
  await expect(page.getByRole('dialog')).toHaveCount(0);
});

test('every write to a Production connection asks, even with the setting off', async ({
  page,
  trestle,
}) => {
  await page.goto(trestle.url);
  await page.getByText('Settings', { exact: true }).click();
  await page.getByRole('checkbox', { name: /^Confirm DELETE and writes aimed at me/ }).uncheck();
  await addConnection(page, trestle, 'Prod copy', { production: true });
  await signInWithPassword(page, 'Prod copy');

  await openPreset(page, 'Add User to Site');
  await send(page);
  const dialog = page.getByRole('dialog', { name: 'POST on Prod copy?' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('PRODUCTION');
  await expect(dialog).toContainText(
    'Prod copy is marked Production: every write to it asks first.',
  );
  await shootBothThemes(page, test.info(), 'confirm-production');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  expect(await sentCount(trestle)).toBe(0);

  // Reads never ask.
  await openPreset(page, 'Query Projects');
  await send(page);
  await expect(status(page)).toHaveText(/^200/);
  await expect(page.getByRole('dialog')).toHaveCount(0);
});
