import { expect, signInToSandbox, test } from './fixtures';
import { openPreset, send, status } from './workbench';

test('a 3 MB body is not pretty-printed; Raw shows it in slices and pages through them', async ({
  page,
  trestle,
}) => {
  await page.goto(trestle.url);
  await signInToSandbox(page);
  await openPreset(page, 'Server Info');
  // The sandbox's unpaginated users list of about 3 MB, generated as it streams.
  await page.getByLabel('Path', { exact: true }).fill('/api/-/sandbox/big-json?mb=3');
  await send(page);
  await expect(status(page)).toHaveText(/^200/);
  await expect(page.getByLabel('Size', { exact: true })).toHaveText(/^3(\.\d)? MB$/);

  await page.getByRole('tab', { name: 'Pretty' }).click();
  await expect(page.getByText(/This body is 3(\.\d)? MB: too large to pretty-print/)).toBeVisible();
  await expect(page.getByLabel('Response body')).toHaveCount(0);
  await page.getByRole('button', { name: 'Show it in Raw, in slices' }).click();

  await expect(page.getByRole('tab', { name: 'Raw' })).toHaveAttribute('aria-selected', 'true');
  const position = page.getByText(/^bytes [\d,]+–[\d,]+ of [\d,]+$/);
  await expect(position).toHaveText(/^bytes 0–131,072 of 3,\d{3},\d{3}$/);
  const raw = page.getByLabel('Raw body');
  await expect(raw).toContainText('{"users":{"user":[');
  const first = await raw.innerText();
  expect(first.length).toBeLessThanOrEqual(131_072);
  await expect(page.getByRole('button', { name: 'Previous slice' })).toBeDisabled();

  await page.getByRole('button', { name: 'Next slice' }).click();
  await expect(position).toHaveText(/^bytes 131,072–262,144 of /);
  await expect(raw).not.toContainText('{"users":{"user":[');
  await expect(raw).toContainText('"siteRole"');
  await page.getByRole('button', { name: 'Previous slice' }).click();
  await expect(position).toHaveText(/^bytes 0–131,072 of /);
  await expect(raw).toContainText('{"users":{"user":[');
});
