import { expect, type Page } from '@playwright/test';

/** Opens a catalog preset by its exact name (searching keeps the click unambiguous). */
export async function openPreset(page: Page, name: string): Promise<void> {
  const catalog = page.getByRole('region', { name: 'Endpoint presets' });
  await page.getByRole('tab', { name: 'Catalog' }).click();
  await page.getByLabel('Search the catalog').fill(name);
  await catalog
    .getByRole('button', { name: new RegExp(`^\\w+ ${name}`) })
    .first()
    .click();
  await page.getByLabel('Search the catalog').fill('');
}

export async function send(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Send', exact: true }).click();
}

export const status = (page: Page) => page.getByLabel('Status', { exact: true });
export const table = (page: Page) => page.getByTestId('response-table');

/** Texts of one column's visible cells, by header name. */
export async function columnTexts(page: Page, column: string, rows = 10): Promise<string[]> {
  const headers = await table(page).getByRole('columnheader').allInnerTexts();
  const index = headers.findIndex((h) => h.replace(/[▲▼]/g, '').trim() === column);
  expect(index, `column ${column} in ${headers.join(', ')}`).toBeGreaterThan(0);
  const texts: string[] = [];
  for (let r = 0; r < rows; r += 1) {
    const row = table(page).locator(`[role="row"][aria-rowindex="${r + 2}"]`);
    texts.push(await row.locator('[role="gridcell"], [role="rowheader"]').nth(index).innerText());
  }
  return texts;
}
