import type { CollectionsDoc, HistoryEntry, WorkspaceDoc } from '../shared/documents';
import type { Connection } from '../shared/connection';
import { expect, signInToSandbox, test } from './fixtures';
import {
  addConnection,
  connectionPicker,
  nextSummary,
  requestTabs,
  resolvedUrl,
  sessionOf,
  shootBothThemes,
  signInWithPassword,
} from './trust-helpers';
import { hostCall, openPreset, send, status } from './workbench';

/** Issue 11, items 1–3: no implicit "me", the URL shown is the URL sent, each tab names its connection. */

test('an empty {user-id} is never sent; Me writes the signed-in user’s id; the URL shown is exactly the one sent', async ({
  page,
  trestle,
}) => {
  await page.goto(trestle.url);
  await signInToSandbox(page);
  const me = await sessionOf(trestle, 'sandbox');

  await openPreset(page, 'Query User On Site');
  const field = page.getByLabel('Path parameter user-id');
  await expect(field).toHaveValue('');
  // The gap is marked, not filled with a guess.
  await expect(resolvedUrl(page)).toHaveAttribute('data-complete', 'false');
  await expect(resolvedUrl(page).locator('mark.url-missing')).toHaveText('{user-id}');
  await expect(resolvedUrl(page)).toContainText(
    `${trestle.sandbox.url}/api/${me.apiVersion}/sites/${me.siteId}/users/`,
  );

  await send(page);
  await expect(
    page.getByRole('alert').filter({ hasText: 'Not sent: fill in {user-id}' }),
  ).toBeVisible();
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await shootBothThemes(page, test.info(), 'empty-user-id-blocked');
  expect(await hostCall(trestle, 'history:list')).toEqual([]);

  await page.getByRole('button', { name: /^Me: fill \{user-id\}/ }).click();
  await expect(field).toHaveValue(me.userId);
  await expect(page.getByText('Not sent: fill in')).toHaveCount(0);
  // Updated as the user types: the enabled query joins the URL.
  await page.getByLabel('New query parameter name').fill('fields');
  await page.getByLabel('Query parameter fields value').fill('id,name');
  const expected = `${trestle.sandbox.url}/api/${me.apiVersion}/sites/${me.siteId}/users/${me.userId}?fields=id%2Cname`;
  await expect(resolvedUrl(page)).toHaveText(expected);
  await expect(resolvedUrl(page)).toHaveAttribute('data-complete', 'true');
  await shootBothThemes(page, test.info(), 'resolved-url');

  const summary = nextSummary(page);
  await send(page);
  await expect(status(page)).toHaveText(/^200/);
  expect((await summary).url).toBe(await resolvedUrl(page).innerText());
});

test('each tab keeps its connection; adding or clicking one never re-targets a tab; Production tabs say so', async ({
  page,
  trestle,
}) => {
  await page.goto(trestle.url);
  await signInToSandbox(page);
  await openPreset(page, 'Server Info');
  await expect(connectionPicker(page)).toHaveValue('sandbox');

  // Adding a connection selects it for new tabs only.
  await addConnection(page, trestle, 'Prod copy', { production: true });
  const connections = (await hostCall(trestle, 'connections:list')) as Connection[];
  const prod = connections.find((c) => c.name === 'Prod copy') as Connection;
  expect(prod.production).toBe(true);
  await expect(connectionPicker(page)).toHaveValue('sandbox');
  await expect(requestTabs(page).first()).not.toContainText('PRODUCTION');

  await openPreset(page, 'Query Projects');
  await expect(connectionPicker(page)).toHaveValue(prod.id);
  const prodTab = requestTabs(page).filter({ hasText: 'Query Projects' });
  await expect(prodTab).toContainText('PRODUCTION');

  // Clicking Sandbox in the sidebar selects it for new tabs; this tab stays on Prod.
  await page.getByRole('button', { name: 'Sandbox', exact: true }).click();
  await expect(connectionPicker(page)).toHaveValue(prod.id);
  await expect(resolvedUrl(page)).toHaveAttribute('data-complete', 'false');
  await expect(page.getByLabel('Resolved URL')).toContainText('Sign in to Prod copy');

  await signInWithPassword(page, 'Prod copy');
  await expect(resolvedUrl(page)).toHaveAttribute('data-complete', 'true');
  await send(page);
  await expect(status(page)).toHaveText(/^200/);
  await shootBothThemes(page, test.info(), 'production-tab');
  const [sent] = (await hostCall(trestle, 'history:list')) as HistoryEntry[];
  expect(sent).toMatchObject({ connectionId: prod.id, connectionName: 'Prod copy' });

  // Saved with its connection.
  await page.getByLabel('Path', { exact: true }).press('ControlOrMeta+s');
  const dialog = page.getByRole('dialog', { name: 'Save request' });
  await dialog.getByLabel('Request name').fill('Prod projects');
  await dialog.getByLabel('Save in').selectOption({ label: 'New collection…' });
  await dialog.getByLabel('Collection name').fill('Prod checks');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect
    .poll(async () => {
      const doc = (await hostCall(trestle, 'collections:get')) as CollectionsDoc;
      return doc.collections[0]?.requests[0]?.connectionId;
    })
    .toBe(prod.id);

  // The picker re-targets this tab, and only this one.
  await requestTabs(page).filter({ hasText: 'Server Info' }).click();
  await connectionPicker(page).selectOption({ label: 'Prod copy (PRODUCTION)' });
  await expect(requestTabs(page).filter({ hasText: 'Server Info' })).toContainText('PRODUCTION');
  await connectionPicker(page).selectOption({ label: 'Sandbox' });
  await expect(requestTabs(page).filter({ hasText: 'Server Info' })).not.toContainText(
    'PRODUCTION',
  );

  // The workspace keeps each tab's connection across a reload.
  await expect
    .poll(async () => {
      const doc = (await hostCall(trestle, 'workspace:get')) as WorkspaceDoc;
      return doc.tabs.map((t) => t.connectionId);
    })
    .toEqual(['sandbox', prod.id]);
  await page.reload();
  await expect(requestTabs(page)).toHaveCount(2);
  await expect(requestTabs(page).nth(1)).toContainText('PRODUCTION');
  await requestTabs(page).nth(1).click();
  await expect(connectionPicker(page)).toHaveValue(prod.id);
});

test('tabs and saved requests from before the upgrade get the signed-in user’s id written in, with a note', async ({
  page,
  trestle,
}) => {
  const updateUser = {
    method: 'GET',
    path: '/api/{api-version}/sites/{site-id}/users/{user-id}',
  };
  // As the previous build wrote them: schema 1, an empty {user-id} meaning "me".
  const fs = await import('node:fs');
  const path = await import('node:path');
  fs.writeFileSync(
    path.join(trestle.dataDir, 'workspace.json'),
    JSON.stringify({
      schemaVersion: 1,
      activeTabId: 'old-tab',
      tabs: [
        {
          id: 'old-tab',
          title: 'Me, as a user',
          presetId: 'users.query-user-on-site',
          spec: updateUser,
        },
      ],
    }),
  );
  fs.writeFileSync(
    path.join(trestle.dataDir, 'collections.json'),
    JSON.stringify({
      schemaVersion: 1,
      collections: [
        {
          id: 'c1',
          name: 'Old',
          folders: [],
          requests: [{ id: 'r1', name: 'Who am I', spec: updateUser }],
        },
      ],
    }),
  );
  await page.goto(trestle.url);
  await expect(requestTabs(page)).toHaveCount(1);
  // Signed out: nothing is guessed yet.
  await expect(page.getByLabel('Path parameter user-id')).toHaveValue('');
  await signInToSandbox(page);
  const me = await sessionOf(trestle, 'sandbox');
  await expect(page.getByLabel('Path parameter user-id')).toHaveValue(me.userId);
  const note = page.getByRole('note', { name: 'Note on this tab' });
  await expect(note).toContainText('Trestle filled {user-id} with your own id (admin on Sandbox)');
  await expect(requestTabs(page).first().getByLabel('unsaved changes')).toBeVisible();
  await shootBothThemes(page, test.info(), 'migrated-user-id');

  await page.getByRole('tab', { name: 'Collections' }).click();
  await page.getByRole('button', { name: 'Open Who am I' }).click();
  await expect(page.getByLabel('Path parameter user-id')).toHaveValue(me.userId);
  await expect(page.getByRole('note', { name: 'Note on this tab' })).toBeVisible();
  await page
    .getByRole('note', { name: 'Note on this tab' })
    .getByRole('button', { name: 'Dismiss' })
    .click();
  await expect(page.getByRole('note', { name: 'Note on this tab' })).toHaveCount(0);
});
