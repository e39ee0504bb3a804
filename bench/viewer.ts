import { expect, type Page } from '@playwright/test';
import { startSandbox } from '../sandbox';
import { launchChromium } from './browser';
import { BENCH_KEY, startHostProcess } from './web-host-process';

export interface ViewerFigures {
  firstRows_ms: number;
  longestTask_ms: number;
  heap_mb: number;
  bigBody_firstRows_ms: number;
  bigBody_longestTask_ms: number;
  bigBody_heap_mb: number;
}

/**
 * Wraps `fetch` in the page to note when an IPC answer arrives, and watches long tasks; both
 * before any app code runs (an init script is not subject to the page's CSP).
 */
const INSTRUMENT = `
  window.__bench = { ipc: {}, longTasks: [] };
  const original = window.fetch.bind(window);
  window.fetch = async (...args) => {
    const response = await original(...args);
    const url = String(args[0]);
    const at = url.indexOf('/ipc/');
    if (at >= 0) {
      const channel = decodeURIComponent(url.slice(at + 5));
      response.clone().text().then(() => { window.__bench.ipc[channel] = performance.now(); });
    }
    return response;
  };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__bench.longTasks.push({ start: entry.startTime, duration: entry.duration });
  }).observe({ type: 'longtask', buffered: true });
`;

/** Time from the IPC answer to the first frame painted once `ready` holds (the new list shown). */
async function firstRowsAfter(
  page: Page,
  channel: string,
  act: () => Promise<void>,
  ready: () => Promise<void>,
): Promise<number> {
  await page.evaluate(
    (c) =>
      delete (window as unknown as { __bench: { ipc: Record<string, number> } }).__bench.ipc[c],
    channel,
  );
  await act();
  await ready();
  await page.getByTestId('response-table').getByRole('row').nth(1).waitFor();
  return page.evaluate(
    (c) =>
      new Promise<number>((resolve) => {
        const bench = (window as unknown as { __bench: { ipc: Record<string, number> } }).__bench;
        requestAnimationFrame(() => resolve(performance.now() - bench.ipc[c]));
      }),
    channel,
  );
}

/** Scrolls the table through `rows` rows in steps and returns the longest long task meanwhile. */
async function scrollRows(page: Page, rows: number): Promise<number> {
  const since = await page.evaluate(() => performance.now());
  const table = page.getByTestId('response-table');
  const rowHeight = await table
    .getByRole('row')
    .nth(1)
    .evaluate((row) => row.getBoundingClientRect().height || 24);
  const target = rows * rowHeight;
  for (let y = 0; y <= target; y += 1500) {
    await table.evaluate((el, top) => el.scrollTo({ top }), y);
    await page.evaluate(
      () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))),
    );
  }
  return page.evaluate((t) => {
    const tasks = (
      window as unknown as { __bench: { longTasks: { start: number; duration: number }[] } }
    ).__bench.longTasks;
    return Math.max(0, ...tasks.filter((task) => task.start >= t).map((task) => task.duration));
  }, since);
}

async function heapMb(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const usage = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
  await cdp.detach();
  return usage.usedSize / 2 ** 20;
}

export async function benchViewer(): Promise<ViewerFigures> {
  const sandbox = await startSandbox({ port: 0, scale: 'large' });
  const host = await startHostProcess(sandbox.url);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.addInitScript(INSTRUMENT);
    await page.goto(`${host.url}/?key=${BENCH_KEY}`);
    await page.getByRole('button', { name: 'Sign in to Sandbox' }).click();
    await page.getByLabel('Signed in to Sandbox').waitFor();
    await page
      .getByRole('region', { name: 'Endpoint presets' })
      .getByRole('button', { name: /Get Users on Site/ })
      .first()
      .click();
    await page.keyboard.press('Control+Enter');
    await page.getByTestId('response-table').getByRole('row').nth(1).waitFor();

    const itemCount = page.getByLabel('Item count');
    const firstRows = await firstRowsAfter(
      page,
      'operations:wait',
      () => page.getByRole('button', { name: 'Fetch all', exact: true }).click(),
      () => expect(itemCount).toHaveText('100,000 items', { timeout: 180_000 }),
    );
    const longest = await scrollRows(page, 10_000);
    const heap = await heapMb(page);

    // A 100 MB JSON body from the sandbox's bulk endpoint, opened in the viewer.
    await page.getByLabel('Path', { exact: true }).fill('/api/-/sandbox/big-json?mb=100');
    const bigFirstRows = await firstRowsAfter(
      page,
      'request:send',
      () => page.keyboard.press('Control+Enter'),
      () => expect(itemCount).not.toHaveText('100,000 items', { timeout: 180_000 }),
    );
    const bigLongest = await scrollRows(page, 10_000);
    const bigHeap = await heapMb(page);
    return {
      firstRows_ms: firstRows,
      longestTask_ms: longest,
      heap_mb: heap,
      bigBody_firstRows_ms: bigFirstRows,
      bigBody_longestTask_ms: bigLongest,
      bigBody_heap_mb: bigHeap,
    };
  } finally {
    await browser.close();
    await host.stop();
    await sandbox.stop();
  }
}
