import { expect, type Page } from '@playwright/test';
import type { CollectionFolder, CollectionsDoc } from '../shared/documents';
import { ACCESS_KEY, type Trestle } from './fixtures';

/**
 * Opens a catalog preset by its exact name (searching keeps the click unambiguous) in a tab
 * of its own: a double click, since a single click opens a preview the next one replaces.
 */
export async function openPreset(page: Page, name: string): Promise<void> {
  const catalog = page.getByRole('region', { name: 'Endpoint presets' });
  await page.getByRole('tab', { name: 'Catalog' }).click();
  await page.getByLabel('Search the catalog').fill(name);
  await catalog
    .getByRole('button', { name: new RegExp(`^\\w+ ${name}`) })
    .first()
    .dblclick();
  await page.getByLabel('Search the catalog').fill('');
}

export async function send(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Send', exact: true }).click();
}

export const status = (page: Page) => page.getByLabel('Status', { exact: true });
export const table = (page: Page) => page.getByTestId('response-table');

/** Texts of one column's visible cells, by header name. */
export async function columnTexts(
  page: Page,
  column: string,
  rows = 10,
  /** The first row to read (0-based), for rows further down the list. */
  from = 0,
): Promise<string[]> {
  const columnIndex = async () => {
    const headers = await table(page).getByRole('columnheader').allInnerTexts();
    return headers.findIndex((h) => h.replace(/[▲▼]/g, '').trim() === column);
  };
  // The columns come with the first slice of items: wait for them rather than read too early.
  await expect
    .poll(columnIndex, { message: `a “${column}” column in the table` })
    .toBeGreaterThan(0);
  const index = await columnIndex();
  const texts: string[] = [];
  for (let r = from; r < from + rows; r += 1) {
    const row = table(page).locator(`[role="row"][aria-rowindex="${r + 2}"]`);
    texts.push(await row.locator('[role="gridcell"], [role="rowheader"]').nth(index).innerText());
  }
  return texts;
}

/** Calls a channel on the test's web host directly, as the renderer's transport does. */
export async function hostCall(trestle: Trestle, channel: string, ...args: unknown[]) {
  const res = await fetch(`${trestle.app.host.url}/ipc/${encodeURIComponent(channel)}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ACCESS_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ args }),
  });
  const result = (await res.json()) as { ok: boolean; data?: unknown };
  expect(result.ok, `${channel} answered ${JSON.stringify(result)}`).toBe(true);
  return result.data;
}

/** The saved requests the host has written, as `Collection / Folder: request` lines. */
export async function storedRequests(trestle: Trestle): Promise<string[]> {
  const doc = (await hostCall(trestle, 'collections:get')) as CollectionsDoc;
  const lines: string[] = [];
  const walk = (folders: CollectionFolder[], path: string[]) => {
    for (const folder of folders) {
      const here = [...path, folder.name];
      for (const request of folder.requests) lines.push(`${here.join(' / ')}: ${request.name}`);
      walk(folder.folders, here);
    }
  };
  walk(doc.collections, []);
  return lines.sort();
}

/** Signs in to the sandbox with fetch (no UI) and returns the token and site id. */
export async function sandboxSignIn(trestle: Trestle, apiVersion = '3.29') {
  const res = await fetch(`${trestle.sandbox.url}/api/${apiVersion}/auth/signin`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({
      credentials: { name: 'admin', password: 'trestle', site: { contentUrl: '' } },
    }),
  });
  expect(res.ok).toBe(true);
  const body = (await res.json()) as { credentials: { token: string; site: { id: string } } };
  return { token: body.credentials.token, siteId: body.credentials.site.id };
}
