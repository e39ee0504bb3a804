import type { HistoryEntry } from '../shared/documents';
import { expect, signInToSandbox, test } from './fixtures';
import { connectionPicker, resolvedUrl, sessionOf, shootBothThemes } from './trust-helpers';
import { hostCall, openPreset, send, status } from './workbench';

/** Issue 11, item 5: history as an audit trail, searched and filtered, reopened exactly. */

const NOBODY = '00000000-0000-0000-0000-000000000000';

test('history lists resolved paths and dates, is searched and filtered, and reopens a request exactly, editable, with its docs', async ({
  page,
  trestle,
}) => {
  await page.goto(trestle.url);
  await signInToSandbox(page);
  const me = await sessionOf(trestle, 'sandbox');

  await openPreset(page, 'Query User On Site');
  await page.getByRole('button', { name: /^Me: fill \{user-id\}/ }).click();
  await page.getByLabel('New query parameter name').fill('fields');
  await page.getByLabel('Query parameter fields value').fill('_all_');
  const sentUrl = await resolvedUrl(page).innerText();
  await send(page);
  await expect(status(page)).toHaveText(/^200/);

  await openPreset(page, 'Query User On Site');
  await page.getByLabel('Path parameter user-id').fill(NOBODY);
  await send(page);
  await expect(status(page)).toHaveText(/^404/);

  await openPreset(page, 'Query Projects');
  await send(page);
  await expect(status(page)).toHaveText(/^200/);
  await expect
    .poll(async () => ((await hostCall(trestle, 'history:list')) as HistoryEntry[]).length)
    .toBe(3);
  const stored = (await hostCall(trestle, 'history:list')) as HistoryEntry[];
  const mine = stored.find((e) => e.resolved?.pathValues['user-id'] === me.userId) as HistoryEntry;
  expect(mine).toMatchObject({
    presetId: 'users.query-user-on-site',
    connectionName: 'Sandbox',
    resolved: { url: sentUrl },
  });

  await page.getByRole('tab', { name: 'History' }).click();
  const list = page.getByRole('list', { name: 'History' });
  await expect(list.getByRole('listitem')).toHaveCount(3);
  // Paths as they were resolved: ids, not {placeholders}.
  await expect(list.getByLabel('Resolved path').first()).toHaveText(
    `/api/${me.apiVersion}/sites/${me.siteId}/projects`,
  );
  await expect(list.locator('time').first()).toHaveAttribute('datetime', /^\d{4}-\d\d-\d\dT/);

  await page.getByLabel('Filter by status').selectOption('4xx');
  await expect(list.getByRole('listitem')).toHaveCount(1);
  await expect(list).toContainText(NOBODY);
  await page.getByLabel('Filter by status').selectOption('all');
  await page.getByLabel('Search history').fill(me.userId);
  await expect(list.getByRole('listitem')).toHaveCount(1);
  await page.getByLabel('Filter by method').selectOption('DELETE');
  await expect(page.getByText('No request in history matches these filters.')).toBeVisible();
  await page.getByLabel('Filter by method').selectOption('GET');
  await page.getByLabel('Filter by connection').selectOption({ label: 'Sandbox' });
  await expect(page.getByLabel('History count')).toHaveText('1 of 3 sent');
  await shootBothThemes(page, test.info(), 'history-filtered');

  await list.getByRole('button').first().click();
  const field = page.getByLabel('Path parameter user-id');
  await expect(field).toHaveValue(me.userId);
  await expect(field).toBeEditable();
  await expect(page.getByLabel('Query parameter fields value')).toHaveValue('_all_');
  await expect(connectionPicker(page)).toHaveValue('sandbox');
  await expect(page.getByRole('link', { name: 'Reference ↗' })).toBeVisible();
  await expect(page.getByText('Returns one user')).toBeVisible();
  await expect(resolvedUrl(page)).toHaveText(sentUrl);
  await expect(page.getByLabel('From history')).toBeVisible();
  await expect(status(page)).toHaveText(/^200/);
  // Editable: a change shows in the URL to be sent.
  await field.fill(NOBODY);
  await expect(resolvedUrl(page)).toContainText(`/users/${NOBODY}?fields=_all_`);
});
