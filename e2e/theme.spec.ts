import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

// The OS says light, so only the picker can make Trestle dark.
test.use({ colorScheme: 'light' });

const background = (page: Page) =>
  page.evaluate(() => getComputedStyle(document.body).backgroundColor);

test('choosing Dark in the theme picker turns the app dark and stays dark after a reload', async ({
  page,
  trestle,
}) => {
  await page.goto(trestle.url);
  const picker = page.getByLabel('Theme');
  await expect(picker).toHaveValue('system');
  expect(await background(page)).toBe('rgb(255, 255, 255)');

  await picker.selectOption({ label: 'Dark' });
  await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
  await expect.poll(() => background(page)).toBe('rgb(30, 31, 34)');

  await page.reload();
  await expect(page.getByLabel('Theme')).toHaveValue('dark');
  expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
  expect(await background(page)).toBe('rgb(30, 31, 34)');

  await page.getByLabel('Theme').selectOption({ label: 'Light' });
  await expect.poll(() => background(page)).toBe('rgb(255, 255, 255)');
});

test('settings: fetch-all concurrency and the insecure-secrets opt-in are saved in main, with a warning', async ({
  page,
  trestle,
}) => {
  await page.goto(trestle.url);
  await page.getByText('Settings', { exact: true }).click();
  await page.getByLabel('Fetch all: pages at once').selectOption('8');
  const optIn = page.getByLabel('Remember secrets even where the OS does not protect them');
  await optIn.check();
  await expect(
    page.getByRole('alert').filter({ hasText: 'not protected by the OS' }),
  ).toBeVisible();
  const stored = async () =>
    (
      (await (
        await page.request.post(`${trestle.app.host.url}/ipc/settings:get`, { data: { args: [] } })
      ).json()) as { data: { fetchAllConcurrency: number; storeSecretsInsecurely: boolean } }
    ).data;
  await expect.poll(stored).toMatchObject({ fetchAllConcurrency: 8, storeSecretsInsecurely: true });
  await page.reload();
  await page.getByText('Settings', { exact: true }).click();
  await expect(page.getByLabel('Fetch all: pages at once')).toHaveValue('8');
  await expect(optIn).toBeChecked();
});
