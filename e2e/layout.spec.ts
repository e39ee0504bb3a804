import type { Page } from '@playwright/test';
import { expect, signInToSandbox, test } from './fixtures';
import { openPreset, send, status } from './workbench';

/** Elements wider inside than they show: what a horizontal scrollbar or a cut text means. */
async function overflowing(page: Page, selector: string) {
  return page
    .locator(selector)
    .evaluateAll((els) =>
      els
        .filter((el) => el.scrollWidth > el.clientWidth + 1)
        .map((el) => `${el.className} ${el.scrollWidth}>${el.clientWidth}`),
    );
}

/** Whether an input's placeholder fits in it, measured with the input's own font. */
async function placeholderFits(page: Page, label: string) {
  return page.getByLabel(label, { exact: true }).evaluate((el) => {
    const input = el as HTMLInputElement;
    const style = getComputedStyle(input);
    const canvas = document.createElement('canvas').getContext('2d');
    if (!canvas) return false;
    canvas.font = `${style.fontSize} ${style.fontFamily}`;
    const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    return canvas.measureText(input.placeholder).width <= room;
  });
}

for (const [width, height] of [
  [1440, 900],
  [1280, 720],
] as const) {
  test(`at ${width}×${height} the sidebar panels need no horizontal scrollbar and the search boxes show their whole placeholder`, async ({
    page,
    trestle,
  }) => {
    await page.setViewportSize({ width, height });
    await page.goto(trestle.url);
    await signInToSandbox(page);
    await openPreset(page, 'Get Users on Site');
    await send(page);
    await expect(status(page)).toHaveText(/^200/);
    await page.getByRole('tab', { name: 'Catalog' }).click();
    expect(await overflowing(page, '.sidebar .scroll, .connections, .connections .list')).toEqual(
      [],
    );
    expect(await placeholderFits(page, 'Search the catalog')).toBe(true);
    await page.getByRole('tab', { name: 'Collections' }).click();
    expect(await placeholderFits(page, 'Search collections')).toBe(true);
    expect(await overflowing(page, '.sidebar .scroll, .sidebar-view')).toEqual([]);
    await page.getByRole('tab', { name: 'History' }).click();
    expect(await overflowing(page, '.sidebar .scroll, .sidebar-view')).toEqual([]);
    // The response's own toolbar fits without cutting its controls.
    expect(await overflowing(page, '.table-toolbar, .response-meta')).toEqual([]);
  });
}
