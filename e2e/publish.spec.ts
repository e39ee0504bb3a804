import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { expect, repoRoot, signInToSandbox, test } from './fixtures';
import { openPreset, sandboxSignIn, send, status } from './workbench';

const SAMPLES = path.resolve(repoRoot, '..', 'shared', 'reference', 'samples');
const WORKBOOK = path.join(SAMPLES, 'SampleWB.twbx');
const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const VIEWS = [
  'GDP per capita',
  'GDP per Capita Dashboard',
  'Health spending vs life expectancy',
  'Country ranks',
  'Interest rates',
  'Share of World GDP',
];

test.describe('publishing from the Publish panel', () => {
  // Every sandbox answer waits 1.5 s, so the upload's progress bar stays in sight.
  test.use({ sandboxOptions: { faults: { latencyMs: 1500 } } });

  test('publishes SampleWB.twbx with a progress bar, shows its views, opens them, downloads it', async ({
    page,
    trestle,
  }) => {
    test.setTimeout(120_000);
    await page.goto(trestle.url);
    await signInToSandbox(page);
    await page.getByRole('tab', { name: 'Publish' }).click();
    const form = page.getByRole('form', { name: 'Publish' });
    await form.getByLabel('File to publish').fill(WORKBOOK);
    await expect(form.getByLabel('File to publish details')).toHaveText(
      'SampleWB.twbx · 170.7 KB · a workbook',
    );
    await expect(form.getByLabel('Publishes as')).toHaveText(
      'Publishes as a workbook · in one request',
    );
    // The name comes from the file; the project list is the site's, searchable.
    await expect(form.getByLabel('Name')).toHaveValue('SampleWB');
    await form.getByRole('searchbox', { name: 'Search projects' }).fill('fin');
    await expect(form.getByLabel('Project', { exact: true }).locator('option')).toHaveText([
      'Finance',
    ]);
    await form.getByLabel('Project', { exact: true }).selectOption({ label: 'Finance' });
    await form.getByRole('button', { name: /^Publish 170\.7 KB$/ }).click();

    const progress = page.getByLabel('Publish progress');
    await expect(progress).toBeVisible();
    await expect(page.getByRole('button', { name: 'Cancel publish' })).toBeVisible();
    // While the request is out: the bar, the bytes sent of the file's, the status line.
    await expect(
      page.getByText(/^170\.7 KB of 170\.7 KB · .*Uploading 0\.2 MB in one request/),
    ).toBeVisible();
    await page.screenshot({ path: 'test-results/publish-progress.png' });

    const result = page.getByRole('region', { name: 'Published item' });
    await expect(result.getByRole('heading', { level: 3 })).toHaveText(
      'Published workbook “SampleWB”',
    );
    await expect(
      result.getByLabel('Views of the published workbook').locator('li > span'),
    ).toHaveText(VIEWS);
    await expect(page.getByLabel('Publish result')).toContainText('Published “SampleWB”');
    await page.screenshot({ path: 'test-results/publish-result.png' });

    // "Open in…" Query Views for Workbook: a tab with the id filled; the server lists the six.
    await result.getByRole('button', { name: 'Query Views for Workbook' }).click();
    await send(page);
    await expect(status(page)).toHaveText(/^200/, { timeout: 20_000 });
    await expect(page.getByLabel('Item count')).toHaveText('6 items');

    // The file back, byte for byte, as a browser download.
    const downloading = page.waitForEvent('download');
    await result.getByRole('button', { name: 'Download the file' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe('SampleWB.twbx');
    const saved = await download.path();
    expect(sha(fs.readFileSync(saved))).toBe(sha(fs.readFileSync(WORKBOOK)));
    await expect(page.getByLabel('Download result')).toContainText('Downloaded SampleWB.twbx');
    await page.screenshot({ path: 'test-results/publish-download.png' });
  });
});

test('a name already taken is refused before the upload, with Overwrite offered', async ({
  page,
  trestle,
}) => {
  await page.goto(trestle.url);
  await signInToSandbox(page);
  await page.getByRole('tab', { name: 'Publish' }).click();
  const form = page.getByRole('form', { name: 'Publish' });
  await form.getByLabel('File to publish').fill(path.join(SAMPLES, 'SampleDS.tds'));
  await expect(form.getByLabel('Publishes as')).toContainText('a data source');
  await form.getByRole('button', { name: /^Publish/ }).click();
  await expect(page.getByRole('region', { name: 'Published item' })).toBeVisible();
  await form.getByRole('button', { name: /^Publish/ }).click();
  const problem = form.getByLabel('Publish problem');
  await expect(problem).toContainText('already has a data source named “SampleDS”');
  await expect(problem).toContainText('(publish.nameConflict)');
  await problem.getByRole('button', { name: 'Overwrite it' }).click();
  await expect(
    page.getByRole('region', { name: 'Published item' }).getByRole('heading', { level: 3 }),
  ).toHaveText('Published data source “SampleDS”');
});

test('the Publish Workbook preset opens in Multipart mode; a file part sends the workbook', async ({
  page,
  trestle,
}) => {
  await page.goto(trestle.url);
  await signInToSandbox(page);
  await openPreset(page, 'Publish Workbook');
  await page.getByRole('tab', { name: /^Body/ }).click();
  await expect(page.getByRole('radio', { name: 'Multipart' })).toBeChecked();
  const contentType = page.getByLabel('Multipart Content-Type');
  await expect(contentType).toHaveText(/^Content-Type: multipart\/mixed; boundary=[0-9a-f]{32}$/);
  const boundary = (await contentType.innerText()).split('boundary=')[1];
  const parts = page.getByRole('table', { name: 'File parts' });
  await expect(parts.getByLabel('Part 1 name')).toHaveValue('tableau_workbook');
  await parts.getByLabel('File for tableau_workbook').fill(WORKBOOK);
  await expect(parts.getByLabel('File for tableau_workbook details')).toContainText('170.7 KB');
  await page.screenshot({ path: 'test-results/publish-multipart-body.png' });
  // The payload part, checked against the preset's schema like a JSON body.
  const { token, siteId } = await sandboxSignIn(trestle);
  const projects = await fetch(`${trestle.sandbox.url}/api/3.29/sites/${siteId}/projects`, {
    headers: { 'x-tableau-auth': token, accept: 'application/json' },
  });
  const projectId = ((await projects.json()) as { projects: { project: Array<{ id: string }> } })
    .projects.project[0].id;
  await page.getByTestId('body-editor').locator('.monaco-editor').click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(
    JSON.stringify({ workbook: { name: 'From the builder', project: { id: projectId } } }),
  );
  // The header shown is the header sent.
  await page.getByRole('tab', { name: /^Headers/ }).click();
  await expect(page.getByText(`multipart/mixed; boundary=${boundary}`)).toBeVisible();
  await page.getByRole('tab', { name: /^Params/ }).click();
  // The file's type went into the query when the file was picked.
  await expect(page.getByLabel('Query parameter workbookType value')).toHaveValue('twbx');
  await send(page);
  await expect(status(page)).toHaveText(/^201/);
  await page.screenshot({ path: 'test-results/publish-multipart.png' });
});

test('“Always in chunks” and the chunk size are settings: kept after a reload, shown in “Publishes as”', async ({
  page,
  trestle,
}) => {
  await page.goto(trestle.url);
  await signInToSandbox(page);
  await page.getByRole('tab', { name: 'Publish' }).click();
  let form = page.getByRole('form', { name: 'Publish' });
  await form.getByLabel('File to publish').fill(path.join(SAMPLES, 'SampleDS.tds'));
  await expect(form.getByLabel('Publishes as')).toContainText('in one request');
  await form.getByText('Options').click();
  await form.getByLabel(/Always in chunks/).check();
  await form.getByLabel('Chunk size (1–64 MB)').fill('8');
  await expect(form.getByLabel('Publishes as')).toContainText('in chunks of 8 MB');

  await page.reload();
  await page.getByRole('tab', { name: 'Publish' }).click();
  form = page.getByRole('form', { name: 'Publish' });
  await form.getByText('Options').click();
  await expect(form.getByLabel(/Always in chunks/)).toBeChecked();
  await expect(form.getByLabel('Chunk size (1–64 MB)')).toHaveValue('8');
});
