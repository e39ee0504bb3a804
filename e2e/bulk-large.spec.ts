import path from 'node:path';
import { expect, signInToSandbox, test } from './fixtures';

/** 100,000 users; every 10,000th has a bad email, the last one a recognisable name. */
function bigFile(): string {
  const lines = ['name,siteRole,email,fullName,password'];
  for (let i = 1; i <= 100_000; i++) {
    if (i === 100_000) lines.push('zz-last-user,Creator,last@example.com,The Last One,pw');
    else if (i % 10_000 === 0) lines.push(`big-${i},Viewer,not-an-email,Big ${i},pw`);
    else lines.push(`big-${i},Viewer,big${i}@example.com,Big ${i},pw`);
  }
  return lines.join('\n');
}

test.describe('Users from CSV: large files', () => {
  test('a 100,000-row file is checked in main and its preview scrolls to the last row', async ({
    page,
    trestle,
  }) => {
    await page.goto(trestle.url);
    await signInToSandbox(page);
    await page.getByRole('button', { name: 'Users from CSV…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Users from CSV' });
    await dialog.getByLabel('CSV file').setInputFiles({
      name: 'big.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(bigFile()),
    });
    await expect(dialog.getByLabel('File summary')).toHaveText(
      'Headed file · 100,000 users · 9 with problems (never sent)',
      { timeout: 30_000 },
    );
    const preview = dialog.getByRole('grid', { name: 'File preview' });
    await expect(preview.getByRole('row', { name: /big-1 Viewer/ })).toContainText(
      'big1@example.com',
    );

    // To the end: the last row arrives from main with its line number.
    await preview.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
    const last = preview.getByRole('row', { name: /zz-last-user/ });
    await expect(last).toContainText('100001');
    await expect(last).toContainText('The Last One');
    await page.screenshot({ path: path.join(test.info().outputDir, 'bulk-large-last-row.png') });

    // Problems only: the nine bad emails, each on its own line.
    await dialog.getByLabel('Problems only').check();
    await expect(dialog.getByText('9 rows with problems (never sent)')).toBeVisible();
    await expect(preview.getByRole('row').nth(1)).toContainText('10001');
    await expect(preview.getByRole('row').nth(1)).toContainText(
      '“not-an-email” is not an email address.',
    );
    await expect(preview.getByRole('row')).toHaveCount(10);
    await page.screenshot({ path: path.join(test.info().outputDir, 'bulk-large-problems.png') });
  });

  test('more than 300 new users: Tableau’s CSV import is offered, run, and each row reported', async ({
    page,
    trestle,
  }) => {
    await page.goto(trestle.url);
    await signInToSandbox(page);
    await page.getByRole('button', { name: 'Users from CSV…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Users from CSV' });
    const lines = ['name,siteRole,authSetting,password'];
    for (let i = 1; i <= 320; i++) lines.push(`job-e2e-${i},Viewer,,pw-${i}`);
    lines.push('job-e2e-mfa,Viewer,TableauIDWithMFA,pw');
    await dialog.getByLabel('CSV file').setInputFiles({
      name: 'job.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(lines.join('\n')),
    });
    await expect(dialog.getByLabel('File summary')).toContainText('321 users');
    await dialog.getByRole('button', { name: 'Dry run' }).click();
    const choice = dialog.getByRole('group', { name: 'How to create the new users' });
    await expect(choice).toContainText('321 new users (more than 300): create them with');
    await expect(choice.getByLabel(/Tableau’s CSV import/)).toBeChecked();
    await page.screenshot({ path: path.join(test.info().outputDir, 'bulk-csv-import-choice.png') });

    await dialog.getByRole('button', { name: 'Run import…' }).click();
    const confirm = page.getByRole('dialog', { name: 'Import users into Sandbox?' });
    await expect(confirm).toContainText('New users are created by Tableau’s CSV import job.');
    await confirm.getByRole('button', { name: 'Run import' }).click();
    await expect(dialog.getByLabel('Counts')).toContainText('320 done · 1 failed', {
      timeout: 60_000,
    });
    await expect(dialog.getByLabel('Import job')).toContainText('Success for 321 new users');
    const results = dialog.getByRole('grid', { name: 'Results' });
    await results.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
    await expect(results.getByRole('row', { name: /job-e2e-mfa/ })).toContainText(
      '“TableauIDWithMFA” is not an auth setting',
    );
    await page.screenshot({
      path: path.join(test.info().outputDir, 'bulk-csv-import-results.png'),
    });
  });
});
