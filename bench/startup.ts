import { startSandbox } from '../sandbox';
import { launchChromium } from './browser';
import { BENCH_KEY, startHostProcess } from './web-host-process';

/** Web host start (process spawn) to the renderer interactive: the catalog shown. */
export async function benchStartup(reps: number): Promise<number[]> {
  const sandbox = await startSandbox({ port: 0 });
  const browser = await launchChromium();
  const values: number[] = [];
  try {
    for (let i = 0; i < reps + 1; i++) {
      const host = await startHostProcess(sandbox.url);
      const page = await browser.newPage();
      try {
        await page.goto(`${host.url}/?key=${BENCH_KEY}`);
        await page
          .getByRole('region', { name: 'Endpoint presets' })
          .getByRole('button', { name: /Query Projects/ })
          .first()
          .waitFor();
        const elapsed = performance.now() - host.startedAt;
        if (i > 0) values.push(elapsed); // the first run warms the disk cache
      } finally {
        await page.close();
        await host.stop();
      }
    }
  } finally {
    await browser.close();
    await sandbox.stop();
  }
  return values;
}
