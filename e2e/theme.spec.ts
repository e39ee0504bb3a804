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
