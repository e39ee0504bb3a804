import path from 'node:path';
import { expect, signInToSandbox, test } from './fixtures';
import { openPreset, send, status } from './workbench';

test('an Add User body that breaks the schema is flagged before sending, and can be sent anyway', async ({
  page,
  trestle,
}) => {
  await page.goto(trestle.url);
  await signInToSandbox(page);
  await openPreset(page, 'Add User to Site');
  await page.getByRole('tab', { name: /^Body/ }).click();
  const editor = page.getByTestId('body-editor');
  await expect(editor).toContainText('siteRole');
  await editor.locator('.monaco-editor').click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText('{"user": {"name": "nosite", "siteRole": "Wizard"}}');
  // Monaco's JSON service flags the schema break in place (squiggle + problem line).
  await expect(page.getByLabel('Body problems')).toContainText('Line 1', { timeout: 15_000 });

  await send(page);
  const dialog = page.getByRole('dialog', { name: 'Send anyway?' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel('Problems found before sending')).toContainText('siteRole');
  await page.screenshot({ path: path.join(test.info().outputDir, 'invalid-body.png') });
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();

  await page.keyboard.press('ControlOrMeta+Enter');
  await page
    .getByRole('dialog', { name: 'Send anyway?' })
    .getByRole('button', { name: 'Send anyway' })
    .click();
  await expect(status(page)).toHaveText(/^4\d\d/);
});

test('a body that does not parse is flagged', async ({ page, trestle }) => {
  await page.goto(trestle.url);
  await signInToSandbox(page);
  await openPreset(page, 'Add User to Site');
  await page.getByRole('tab', { name: /^Body/ }).click();
  await page.getByTestId('body-editor').locator('.monaco-editor').click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.insertText('{"user": ');
  await send(page);
  await expect(page.getByRole('dialog', { name: 'Send anyway?' })).toContainText('does not parse');
});

test('a Tableau error shows its panel: code, summary, detail, explanation and fix', async ({
  page,
  trestle,
}) => {
  await page.goto(trestle.url);
  await signInToSandbox(page);
  await openPreset(page, 'Query User On Site');
  await page.getByLabel('Path parameter user-id').fill('00000000-0000-0000-0000-000000000000');
  await send(page);
  await expect(status(page)).toHaveText(/^404/);
  const panel = page.getByRole('alert', { name: 'Tableau error' });
  await expect(panel).toBeVisible();
  await expect(panel).toContainText(/404\d{3}/);
  await expect(panel).toContainText('What it means');
  await expect(panel).toContainText('Try');
  await page.screenshot({ path: path.join(test.info().outputDir, 'tableau-error.png') });
});

test('a request sent after the token expired succeeds after a transparent re-sign-in', async ({
  page,
  trestle,
}) => {
  await page.goto(trestle.url);
  await signInToSandbox(page);
  await openPreset(page, 'Query Projects');
  await send(page);
  await expect(status(page)).toHaveText(/^200/);
  const before = trestle.sandbox.sessions().length;
  const expired = await fetch(`${trestle.sandbox.url}/__sandbox/expire-tokens`, { method: 'POST' });
  expect(expired.ok).toBe(true);
  await send(page);
  await expect(status(page)).toHaveText(/^200/);
  await expect(page.getByRole('note').filter({ hasText: 're-signed in' })).toBeVisible();
  expect(trestle.sandbox.sessions().length).toBeGreaterThanOrEqual(Math.min(1, before));
});

test('fast typing in the body keeps every character (a late render does not put older text back)', async ({
  page,
  trestle,
}) => {
  await page.goto(trestle.url);
  await signInToSandbox(page);
  await openPreset(page, 'Add User to Site');
  await page.getByRole('tab', { name: /^Body/ }).click();
  const editor = page.getByTestId('body-editor');
  await expect(editor).toContainText('siteRole');
  await editor.locator('.monaco-editor').click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  // Words only: no brackets or quotes for Monaco to close on its own.
  const typed = Array.from({ length: 40 }, (_, i) => `word${i}`).join(' ');
  await page.keyboard.type(typed);
  await expect(editor.locator('.view-lines')).toHaveText(typed.replace(/ /g, '\u00a0'));
});
