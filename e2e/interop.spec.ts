import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import type { CollectionsDoc } from '../shared/documents';
import { readTar } from '../shared/interop/tar';
import { expect, repoRoot, signInToSandbox, test } from './fixtures';
import { hostCall, openPreset, send, status } from './workbench';

/**
 * Issue 16 in the app: the Import dialog shows its report before anything is saved, a pasted
 * curl command or full URL fills the request, Copy as gives runnable code without a token, and
 * a collection exports to Postman v2.1 and to Trestle's files (a .tar) with no secret in them.
 */

const fixtures = path.join(repoRoot, 'shared', 'interop', 'fixtures');

async function pasteIntoPath(page: Page, text: string): Promise<void> {
  await page.getByLabel('Path', { exact: true }).evaluate((input, value) => {
    const data = new DataTransfer();
    data.setData('text', value);
    input.dispatchEvent(
      new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }),
    );
  }, text);
}

test('Import shows the report first, saves nothing on Cancel, and imports a Postman collection linked to presets', async ({
  page,
  trestle,
}) => {
  await page.goto(trestle.url);
  await page.getByRole('tab', { name: 'Collections' }).click();
  await page.getByRole('button', { name: 'Import…' }).click();
  let dialog = page.getByRole('dialog', { name: 'Import' });
  await dialog
    .getByLabel('Import file')
    .setInputFiles(path.join(fixtures, 'tableau-reduced.postman_collection.json'));
  await expect(dialog.getByLabel('Import summary')).toContainText(
    'Postman collection v2.0 “Tableau REST API”: 13 requests in 5 folders; 13 linked to catalog presets (100%)',
  );
  await expect(dialog.getByLabel('Import report')).toContainText('Path slips / Publish Workbook');
  await expect(dialog.getByLabel('Import report')).toContainText('drops the trailing workbook id');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  expect(((await hostCall(trestle, 'collections:get')) as CollectionsDoc).collections).toEqual([]);

  await page.getByRole('button', { name: 'Import…' }).click();
  dialog = page.getByRole('dialog', { name: 'Import' });
  await dialog
    .getByLabel('Import file')
    .setInputFiles(path.join(fixtures, 'tableau-reduced.postman_collection.json'));
  await dialog.getByLabel('Name').fill('Tableau (imported)');
  const saved = page.waitForResponse((r) => r.url().includes('collections%3Aput') && r.ok());
  await dialog.getByRole('button', { name: 'Import', exact: true }).click();
  await saved;
  await expect(
    page.getByText('Imported “Tableau (imported)”: 13 requests, 13 linked to presets.'),
  ).toBeVisible();
  const doc = (await hostCall(trestle, 'collections:get')) as CollectionsDoc;
  expect(doc.collections.map((c) => c.name)).toEqual(['Tableau (imported)']);
  expect(doc.collections[0].folders.map((f) => f.name)).toContain('Users and Groups');

  // An imported request runs on the tab's connection as it is: {api-version} and {site-id} from the session.
  await signInToSandbox(page);
  await page.getByRole('button', { name: 'Open Get Users on Site' }).click();
  await expect(page.getByLabel('Path', { exact: true })).toHaveValue(
    '/api/{api-version}/sites/{site-id}/users',
  );
  await send(page);
  await expect(status(page)).toHaveText(/^200/);
});

test('a curl command pasted into the path fills the request, its token dropped; a full URL becomes path and query', async ({
  page,
  trestle,
}) => {
  await page.goto(trestle.url);
  await signInToSandbox(page);
  await openPreset(page, 'Query Projects');
  await pasteIntoPath(
    page,
    `curl "${trestle.sandbox.url}/api/3.19/sites/9a8b7c6d-1234-4bcd-8ef0-0123456789ab/projects" -X POST -H "X-Tableau-Auth: pasted-token-123" -H "Content-Type: application/json" -d '{"project": {"name": "Pasted from curl"}}'`,
  );
  await expect(page.getByLabel('Path', { exact: true })).toHaveValue(
    '/api/{api-version}/sites/{site-id}/projects',
  );
  await expect(page.getByLabel('Method')).toHaveValue('POST');
  const note = page.getByRole('note', { name: 'Pasted into the path' });
  await expect(note).toContainText(
    'Read a curl command: POST /api/{api-version}/sites/{site-id}/projects (Create Project).',
  );
  await expect(note).toContainText('X-Tableau-Auth header');
  await expect(note).not.toContainText('pasted-token-123');
  await send(page);
  await expect(status(page)).toHaveText(/^201/);

  await pasteIntoPath(
    page,
    `https://other.example.com/api/3.19/sites/9a8b7c6d-1234-4bcd-8ef0-0123456789ab/users?pageSize=7&filter=siteRole%3Aeq%3AViewer`,
  );
  await expect(page.getByLabel('Path', { exact: true })).toHaveValue(
    '/api/{api-version}/sites/{site-id}/users',
  );
  await expect(note).toContainText('with 2 query parameters');
  await expect(note).toContainText(
    'It is on https://other.example.com, not this tab’s connection (Sandbox)',
  );
  // Offered as a new connection: the Add dialog opens with that server filled in, nothing saved yet.
  await note
    .getByRole('button', { name: 'Add a connection for https://other.example.com…' })
    .click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByLabel('Server URL')).toHaveValue('https://other.example.com');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  const saved = (await hostCall(trestle, 'connections:list')) as { serverUrl: string }[];
  expect(saved.map((c) => c.serverUrl)).not.toContain('https://other.example.com');
});

test('Copy as: runnable code that signs in from the environment and holds no token; Export to Postman and to files', async ({
  page,
  trestle,
}) => {
  await page.goto(trestle.url);
  await signInToSandbox(page);
  await openPreset(page, 'Get Users on Site');
  await send(page);
  await expect(status(page)).toHaveText(/^200/);
  const tokens = trestle.sandbox.sessions().map((s) => s.token);
  expect(tokens.length).toBeGreaterThan(0);

  await page.getByRole('button', { name: 'Copy as…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Copy as code' });
  const snippet = dialog.getByLabel('Snippet');
  await expect(snippet).toContainText('TABLEAU_PAT_SECRET');
  await expect(snippet).toContainText(trestle.sandbox.url);
  await dialog.getByRole('tab', { name: 'Python requests' }).click();
  await expect(snippet).toContainText('import requests');
  const texts: string[] = [await snippet.innerText()];
  await dialog.getByRole('tab', { name: 'Python TSC' }).click();
  await expect(snippet).toContainText('for item in TSC.Pager(server.users):');
  texts.push(await snippet.innerText());
  const download = page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Download request.py' }).click();
  texts.push(fs.readFileSync(await (await download).path(), 'utf8'));
  for (const text of texts) for (const token of tokens) expect(text).not.toContain(token);
  // Copy is in the dialog's own form: it never sends the tab's request.
  const sent = trestle.sandbox.sessions().length;
  await dialog.getByRole('button', { name: /^Cop(y|ied)$/ }).click();
  await dialog.getByRole('button', { name: 'Close' }).click();
  expect(trestle.sandbox.sessions().length).toBe(sent);

  await page.keyboard.press('ControlOrMeta+s');
  const save = page.getByRole('dialog', { name: 'Save request' });
  await save.getByLabel('Save in').selectOption({ label: 'New collection…' });
  await save.getByLabel('Collection name').fill('Shared checks');
  await save.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('tab', { name: 'Collections' }).click();
  await page.locator('.folder-head', { hasText: 'Shared checks' }).hover();
  await page.getByRole('button', { name: 'Export Shared checks' }).click();
  const exportDialog = page.getByRole('dialog', { name: 'Export Shared checks' });
  const postman = page.waitForEvent('download');
  await exportDialog
    .getByRole('button', { name: 'Download Shared checks.postman_collection.json' })
    .click();
  const postmanText = fs.readFileSync(await (await postman).path(), 'utf8');
  const collection = JSON.parse(postmanText);
  expect(collection.info.schema).toBe(
    'https://schema.getpostman.com/json/collection/v2.1.0/collection.json',
  );
  expect(collection.item.map((i: { name: string }) => i.name)).toEqual([
    'Sign in (Trestle)',
    'Get Users on Site',
    'Sign out (Trestle)',
  ]);
  for (const token of tokens) expect(postmanText).not.toContain(token);
  expect(postmanText).not.toContain('trestle-sandbox-secret');

  await page.locator('.folder-head', { hasText: 'Shared checks' }).hover();
  await page.getByRole('button', { name: 'Export Shared checks' }).click();
  await page
    .getByRole('dialog', { name: 'Export Shared checks' })
    .getByLabel('Trestle files for git (.tar)')
    .check();
  const tar = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download Shared checks.tar' }).click();
  const tarPath = await (await tar).path();
  const files = readTar(new Uint8Array(fs.readFileSync(tarPath)));
  expect(files?.map((f) => f.path).sort()).toEqual([
    'Shared checks/Get Users on Site.request.json',
    'Shared checks/collection.json',
  ]);

  // The .tar imports back as it was exported.
  await page.getByRole('button', { name: 'Import…' }).click();
  const importDialog = page.getByRole('dialog', { name: 'Import' });
  fs.copyFileSync(tarPath, `${tarPath}.tar`);
  await importDialog.getByLabel('Import file').setInputFiles(`${tarPath}.tar`);
  await expect(importDialog.getByLabel('Import summary')).toContainText(
    'Trestle collection files “Shared checks”: 1 requests in 0 folders; 1 linked to catalog presets',
  );
  await importDialog.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Open Get Users on Site' })).toHaveCount(2);
  const doc = (await hostCall(trestle, 'collections:get')) as CollectionsDoc;
  expect(doc.collections.map((c) => c.name)).toEqual(['Shared checks', 'Shared checks (2)']);
  expect(doc.collections[1].requests[0].spec).toEqual(doc.collections[0].requests[0].spec);
});

test('an environment file goes into the chosen connection’s variables, its secret held by the host, never shown', async ({
  page,
  trestle,
}) => {
  await page.goto(trestle.url);
  await page.getByRole('tab', { name: 'Collections' }).click();
  await page.getByRole('button', { name: 'Import…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import' });
  await dialog
    .getByLabel('Import file')
    .setInputFiles(path.join(fixtures, 'tableau.postman_environment.json'));
  const environment = dialog.getByRole('region', { name: 'Environment' });
  await expect(environment).toContainText(
    'Postman environment “Tableau Environment”: 3 variables (1 secret)',
  );
  await expect(environment).toContainText(
    'It names server https://tableau.example.com, site “finance”, PAT admin-bot',
  );
  await expect(environment).not.toContainText('ca-secret');
  await dialog.getByLabel('Import for connection').selectOption({ label: 'Sandbox' });
  await dialog.getByRole('button', { name: 'Add to connection' }).click();
  await expect(
    page.getByText('Environment “Tableau Environment” into Sandbox: 3 added, 0 updated.'),
  ).toBeVisible();
  const view = (await hostCall(trestle, 'variables:get')) as {
    environments: Record<string, { name: string; value: string; secret: boolean; held?: string }[]>;
  };
  expect(view.environments.sandbox).toEqual([
    {
      name: 'workbook-id',
      value: '3f0c1a2b-0000-4000-8000-000000000001',
      secret: false,
      enabled: true,
    },
    { name: 'connected-app-secret-value', value: '', secret: true, enabled: true, held: 'session' },
    { name: 'schedule-id', value: '', secret: false, enabled: false },
  ]);
  for (const file of fs.readdirSync(trestle.dataDir))
    expect(fs.readFileSync(path.join(trestle.dataDir, file), 'utf8')).not.toContain('ca-secret');
});
