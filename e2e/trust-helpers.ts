import path from 'node:path';
import { expect, type Page, type TestInfo } from '@playwright/test';
import type { SessionInfo } from '../shared/connection';
import type { ResponseSummary } from '../shared/request';
import type { Trestle } from './fixtures';
import { hostCall } from './workbench';

/** Screenshots in the light and the dark theme (the OS setting, which Trestle follows by default). */
export async function shootBothThemes(page: Page, info: TestInfo, name: string): Promise<void> {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.screenshot({ path: path.join(info.outputDir, `${name}-light.png`) });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: path.join(info.outputDir, `${name}-dark.png`) });
  await page.emulateMedia({ colorScheme: 'light' });
}

/** The session the host holds for a connection (what "Me" must write in). */
export async function sessionOf(trestle: Trestle, connectionId: string): Promise<SessionInfo> {
  const sessions = (await hostCall(trestle, 'session:list')) as SessionInfo[];
  const session = sessions.find((s) => s.connectionId === connectionId);
  expect(session, `a session for ${connectionId}`).toBeTruthy();
  return session as SessionInfo;
}

/** Waits for the next `request:send` answer the page gets: the engine's summary of what it sent. */
export function nextSummary(page: Page): Promise<ResponseSummary> {
  return page
    .waitForResponse((r) => r.url().includes('/ipc/request%3Asend'))
    .then(async (r) => {
      const result = (await r.json()) as { ok: boolean; data: ResponseSummary };
      expect(result.ok, JSON.stringify(result)).toBe(true);
      return result.data;
    });
}

export const resolvedUrl = (page: Page) => page.getByTestId('resolved-url');
export const connectionPicker = (page: Page) => page.getByLabel('Connection', { exact: true });
export const requestTabs = (page: Page) =>
  page.getByRole('tablist', { name: 'Open requests' }).getByRole('tab');

/** Adds a password connection to the test's sandbox; the web host asks for the secret at sign-in. */
export async function addConnection(
  page: Page,
  trestle: Trestle,
  name: string,
  options: {
    production?: boolean;
    site?: string;
    kind?: 'pat' | 'password';
    identity?: string;
  } = {},
): Promise<void> {
  await page.getByRole('button', { name: 'Add connection' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add connection' });
  await dialog.getByLabel('Name', { exact: true }).fill(name);
  await dialog.getByLabel('Server URL').fill(trestle.sandbox.url);
  if (options.site) await dialog.getByLabel('Site', { exact: true }).fill(options.site);
  await dialog.getByLabel('Sign in with').selectOption(options.kind ?? 'password');
  await dialog
    .getByLabel(options.kind === 'pat' ? 'Token name' : 'User name')
    .fill(options.identity ?? 'admin');
  if (options.production) await dialog.getByRole('checkbox', { name: /^Production/ }).check();
  await dialog.getByRole('button', { name: 'Save connection' }).click();
  await expect(page.getByRole('button', { name, exact: true })).toBeVisible();
}

/** Signs in to a connection that asks for its password (the web host never stores one). */
export async function signInWithPassword(page: Page, name: string, password = 'trestle') {
  await page.getByRole('button', { name: `Sign in to ${name}` }).click();
  const prompt = page.getByRole('dialog', { name: `Sign in to ${name}` });
  await prompt.getByLabel('Password').fill(password);
  await prompt.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByLabel(`Signed in to ${name}`)).toBeVisible();
}
