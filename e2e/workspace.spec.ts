import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import type { WorkspaceDoc } from '../shared/documents';
import { expect, test } from './fixtures';
import { hostCall, openPreset } from './workbench';

const requestTabs = (page: Page) =>
  page.getByRole('tablist', { name: 'Open requests' }).getByRole('tab');

test('open tabs come back after a reload with their paths, the active tab and the unsaved marker', async ({
  page,
  trestle,
}) => {
  await page.goto(trestle.url);
  await openPreset(page, 'Get Users on Site');
  await openPreset(page, 'Query Projects');
  await openPreset(page, 'Server Info');
  await requestTabs(page).filter({ hasText: 'Get Users on Site' }).click();
  await page.getByLabel('Page size').fill('250');
  await requestTabs(page).filter({ hasText: 'Query Projects' }).click();

  const before = {
    titles: await requestTabs(page).allInnerTexts(),
    paths: await requestTabs(page).evaluateAll((tabs) => tabs.map((t) => t.getAttribute('title'))),
  };
  expect(before.titles).toHaveLength(3);
  expect(before.titles[0]).toContain('●');
  expect(before.titles[1]).not.toContain('●');
  // Written debounced: wait until the host has the last change before reloading.
  await expect
    .poll(async () => {
      const doc = (await hostCall(trestle, 'workspace:get')) as WorkspaceDoc;
      return {
        paths: doc.tabs.map((t) => t.spec.path),
        unsaved: doc.tabs.map((t) => Boolean(t.baseline)),
        active: doc.tabs.find((t) => t.id === doc.activeTabId)?.title,
      };
    })
    .toEqual({
      paths: [
        '/api/{api-version}/sites/{site-id}/users',
        '/api/{api-version}/sites/{site-id}/projects',
        '/api/{api-version}/serverinfo',
      ],
      unsaved: [true, false, false],
      active: 'Query Projects',
    });

  await page.reload();
  await expect(requestTabs(page)).toHaveCount(3);
  expect(await requestTabs(page).allInnerTexts()).toEqual(before.titles);
  expect(
    await requestTabs(page).evaluateAll((tabs) => tabs.map((t) => t.getAttribute('title'))),
  ).toEqual(before.paths);
  await expect(requestTabs(page).nth(1)).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByLabel('Path', { exact: true })).toHaveValue(
    '/api/{api-version}/sites/{site-id}/projects',
  );
  await expect(requestTabs(page).first().getByLabel('unsaved changes')).toBeVisible();
  await requestTabs(page).first().click();
  await expect(page.getByLabel('Page size')).toHaveValue('250');
});

test('an unreadable workspace file is kept aside and the app starts at the welcome pane', async ({
  page,
  trestle,
}) => {
  const file = path.join(trestle.dataDir, 'workspace.json');
  fs.writeFileSync(file, '{"schemaVersion":1,"tabs":[{"id":');
  await page.goto(trestle.url);
  await expect(page.getByRole('region', { name: 'Getting started' })).toBeVisible();
  await expect(requestTabs(page)).toHaveCount(0);
  await expect(page.getByText(/workspace\.json could not be read/)).toBeVisible();
  const aside = fs
    .readdirSync(trestle.dataDir)
    .filter((f) => f.startsWith('workspace.json.corrupt-'));
  expect(aside).toHaveLength(1);
});
