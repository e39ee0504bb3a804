import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, repoRoot, signInToSandbox, test, type Trestle } from './fixtures';
import { openPreset, sandboxSignIn, send, status } from './workbench';

/**
 * The Jobs view (issue 19) against the sandbox. The sandbox's job clock is the test's: jobs
 * move only when the test moves it (a refresh takes 4 s of it), so nothing waits on time.
 */
const clock = { now: Date.now() };
test.use({ sandboxInternals: { clock: () => clock.now, jobDurationMs: 4000 } });
test.beforeEach(() => {
  clock.now = Date.now();
});
// Whatever a test left running ends, so its operations (and the host) stop promptly.
test.afterEach(() => {
  clock.now += 24 * 3_600_000;
});

interface Item {
  id: string;
  name: string;
  hasExtracts: string;
  project?: { name: string };
}

/** The site's workbooks or data sources, read straight from the sandbox (not through the app). */
async function items(trestle: Trestle, kind: 'workbooks' | 'datasources'): Promise<Item[]> {
  const { token, siteId } = await sandboxSignIn(trestle);
  const res = await fetch(
    `${trestle.sandbox.url}/api/3.29/sites/${siteId}/${kind}?pageSize=1000&fields=_all_`,
    { headers: { 'x-tableau-auth': token, accept: 'application/json' } },
  );
  const body = (await res.json()) as Record<string, Record<string, Item[]>>;
  return body[kind][kind === 'workbooks' ? 'workbook' : 'datasource'];
}

async function openJobs(page: Page) {
  await page
    .getByRole('group', { name: 'Site tools' })
    .getByRole('button', { name: 'Jobs' })
    .click();
  return page.getByRole('region', { name: 'Jobs' });
}

async function startFromBuilder(page: Page, preset: string, param: string, id: string) {
  await openPreset(page, preset);
  await page
    .getByRole('tablist', { name: 'Request sections' })
    .getByRole('tab', { name: /^Params/ })
    .click();
  await page.getByLabel(`Path parameter ${param}`).fill(id);
  await send(page);
  await expect(status(page)).toHaveText(/^202/);
}

test.describe('the Jobs view', () => {
  test('follows a refresh started from the builder without being asked: toast, then Success in the view', async ({
    page,
    trestle,
  }, testInfo) => {
    test.setTimeout(90_000);
    const workbook = (await items(trestle, 'workbooks')).find((w) => w.hasExtracts === 'true')!;
    await page.goto(trestle.url);
    await signInToSandbox(page);
    await startFromBuilder(page, 'Update Workbook Now', 'workbook-id', workbook.id);

    const view = await openJobs(page);
    const followed = view.getByRole('region', { name: 'Followed jobs' });
    await expect(followed.getByRole('listitem')).toHaveCount(1);
    await expect(followed.getByRole('listitem')).toContainText(workbook.name);
    await expect(followed.getByRole('listitem')).toContainText('Pending');
    // Query Jobs lists it too, newest first.
    await expect(
      view.getByRole('table', { name: 'Jobs' }).locator('tbody tr').first(),
    ).toContainText(workbook.name);

    // Half-way: in progress, with its percentage (the poll comes by itself).
    clock.now += 2000;
    await expect(followed.getByRole('listitem')).toContainText('In progress', { timeout: 20_000 });
    await expect(
      followed.getByRole('progressbar', { name: `Progress of ${workbook.name}` }),
    ).toHaveAttribute('aria-valuenow', /^4\d$/);
    await page.screenshot({ path: testInfo.outputPath('jobs-following.png') });

    // It ends: a toast says so, with a way back to the job.
    clock.now += 3000;
    const toast = page.locator('.toast', { hasText: `Refresh of “${workbook.name}” succeeded.` });
    await expect(toast).toBeVisible({ timeout: 20_000 });
    await page.getByRole('button', { name: 'Back to requests' }).click();
    await expect(view).toBeHidden();
    await toast.getByRole('button', { name: 'Show in Jobs' }).click();
    const details = page.getByRole('complementary', { name: 'Job details' });
    await expect(details.getByRole('heading', { level: 3 })).toHaveText(`Success ${workbook.name}`);
    await expect(details).toContainText('0 — the job succeeded.');
    await expect(details.getByRole('progressbar', { name: 'Job progress' })).toHaveAttribute(
      'aria-valuenow',
      '100',
    );
    await expect(
      page
        .getByRole('table', { name: 'Jobs' })
        .locator('tbody tr', { hasText: workbook.name })
        .first(),
    ).toContainText('Success');
    await expect(followed.getByRole('listitem')).not.toContainText('following…');
    await page.screenshot({ path: testInfo.outputPath('jobs-success.png') });
  });

  test('refreshes several extracts at once and shows a failed job’s notes', async ({
    page,
    trestle,
  }, testInfo) => {
    test.setTimeout(90_000);
    const datasources = (await items(trestle, 'datasources')).filter(
      (d) => d.hasExtracts === 'true',
    );
    // The generated data's last data source with extracts cannot reach its database.
    const failing = datasources.at(-1)!;
    const good = datasources[0];
    await page.goto(trestle.url);
    await signInToSandbox(page);
    const view = await openJobs(page);
    await view.getByRole('button', { name: 'Refresh extracts…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Refresh extracts' });
    await expect(dialog).toContainText('on Sandbox');
    for (const ds of [good, failing]) {
      await dialog.getByRole('searchbox', { name: 'Search items' }).fill(ds.name);
      await dialog
        .getByRole('checkbox', { name: new RegExp(`^${ds.name}\\s*Data source`) })
        .first()
        .check();
    }
    await expect(dialog).toContainText('2 selected');
    await page.screenshot({ path: testInfo.outputPath('jobs-refresh-dialog.png') });
    await dialog.getByRole('button', { name: 'Refresh 2 on Sandbox' }).click();

    const run = view.getByRole('region', { name: 'Refresh run' });
    await expect(run.getByRole('row', { name: good.name })).toContainText('Pending', {
      timeout: 20_000,
    });
    await expect(run.getByRole('row', { name: failing.name })).toContainText('Pending');
    clock.now += 5000;
    await expect(run.getByRole('row', { name: failing.name })).toContainText(
      'Failed: Unable to connect to the server',
      { timeout: 20_000 },
    );
    await expect(run.getByRole('row', { name: good.name })).toContainText('Success');
    await expect(
      page.locator('.toast', {
        hasText: 'Refresh extracts on Sandbox: 1 of 2 refreshed, 1 failed.',
      }),
    ).toBeVisible();

    await run
      .getByRole('row', { name: failing.name })
      .getByRole('button', { name: 'Details' })
      .click();
    const details = page.getByRole('complementary', { name: 'Job details' });
    await expect(details.getByRole('heading', { level: 3 })).toHaveText(`Failed ${failing.name}`);
    await expect(details.getByRole('region', { name: 'Job notes' })).toContainText(
      /Unable to connect to the server ".+"\. Check that the server is running/,
    );
    await expect(details).toContainText('1 — the job failed (its notes say why).');

    // Query Jobs with a status filter: the failed one is there.
    await view.getByLabel('Status').selectOption('Failed');
    await view.getByRole('button', { name: 'Query Jobs' }).click();
    const rows = view.getByRole('table', { name: 'Jobs' }).locator('tbody tr');
    await expect(rows.first()).toContainText(failing.name);
    await expect(rows.filter({ hasNotText: 'Failed' })).toHaveCount(0);
    // A failed job of the site's history, not followed: its details come from Query Job.
    await rows.last().click();
    await expect(details.getByRole('region', { name: 'Job notes' })).toContainText(
      'ran longer than the time limit for refreshes',
    );
    await expect(details.getByRole('button', { name: 'Cancel Job…' })).toHaveCount(0);
    await page.screenshot({ path: testInfo.outputPath('jobs-failed-notes.png') });
  });

  test('cancels a job after a confirmation that names the connection', async ({
    page,
    trestle,
  }, testInfo) => {
    test.setTimeout(90_000);
    const datasource = (await items(trestle, 'datasources')).find((d) => d.hasExtracts === 'true')!;
    await page.goto(trestle.url);
    await signInToSandbox(page);
    await startFromBuilder(page, 'Update Data Source Now', 'datasource-id', datasource.id);
    const view = await openJobs(page);
    const followed = view.getByRole('region', { name: 'Followed jobs' });
    await followed.getByRole('button', { name: new RegExp(datasource.name) }).click();
    const details = page.getByRole('complementary', { name: 'Job details' });
    await expect(details.getByRole('heading', { level: 3 })).toHaveText(
      `Pending ${datasource.name}`,
    );
    await details.getByRole('button', { name: 'Cancel Job…' }).click();

    const confirm = page.getByRole('dialog', { name: 'Cancel Job' });
    await expect(confirm).toContainText(`of “${datasource.name}”`);
    await expect(confirm).toContainText('on Sandbox?');
    await page.screenshot({ path: testInfo.outputPath('jobs-cancel-confirm.png') });
    await confirm.getByRole('button', { name: 'Cancel the job on Sandbox' }).click();

    await expect(
      page.locator('.toast', { hasText: `Cancelled the job for “${datasource.name}” on Sandbox.` }),
    ).toBeVisible();
    await expect(
      page.locator('.toast', { hasText: `Refresh of “${datasource.name}” was cancelled.` }),
    ).toBeVisible({ timeout: 20_000 });
    await expect(details.getByRole('heading', { level: 3 })).toHaveText(
      `Cancelled ${datasource.name}`,
    );
    await expect(details).toContainText('2 — the job was cancelled.');
    await expect(details.getByRole('button', { name: 'Cancel Job…' })).toHaveCount(0);
  });

  test('follows the job of an asJob publish from the Publish panel, and tells when it ends', async ({
    page,
    trestle,
  }) => {
    test.setTimeout(90_000);
    await page.goto(trestle.url);
    await signInToSandbox(page);
    await page.getByRole('tab', { name: 'Publish' }).click();
    const form = page.getByRole('form', { name: 'Publish' });
    await form
      .getByLabel('File to publish')
      .fill(path.resolve(repoRoot, '..', 'shared', 'reference', 'samples', 'SampleWB.twbx'));
    await expect(form.getByLabel('Name')).toHaveValue('SampleWB');
    await form.getByText('Options').click();
    await form.getByLabel('As a job (asJob), followed to its end').check();
    await form.getByRole('button', { name: /^Publish 170\.7 KB$/ }).click();
    const view = await openJobs(page);
    const followed = view.getByRole('region', { name: 'Followed jobs' });
    await expect(followed.getByRole('listitem')).toContainText('SampleWB', { timeout: 20_000 });
    await expect(followed.getByRole('listitem')).toContainText('Publish');
    clock.now += 5000;
    await expect(
      page.locator('.toast', { hasText: 'Publish of “SampleWB” succeeded.' }),
    ).toBeVisible({ timeout: 20_000 });
    await expect(followed.getByRole('listitem')).toContainText('Success');
  });

  test('says plainly when the connection is not signed in, and nothing is listed', async ({
    page,
    trestle,
  }) => {
    await page.goto(trestle.url);
    const view = await openJobs(page);
    await expect(view).toContainText('Sign in to Sandbox to see its jobs.');
  });
});
