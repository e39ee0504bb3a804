import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test as base, expect, type Page } from '@playwright/test';
import {
  startSandbox,
  type RunningSandbox,
  type SandboxInternals,
  type SandboxOptions,
} from '../sandbox';
import { startWebApp, type WebApp } from '../web-host/app';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const ACCESS_KEY = 'e2e-access-key-0123456789';

export interface Trestle {
  sandbox: RunningSandbox;
  app: WebApp;
  dataDir: string;
  /** The app's URL with the access key, as `npm run web` prints it. */
  url: string;
  /** Every server-sent event frame the web host broadcast during the test. */
  events: string[];
}

async function openTrestle(
  sandboxOptions: SandboxOptions,
  dataDir?: string,
  internals: SandboxInternals = {},
): Promise<Trestle> {
  const sandbox = await startSandbox({ port: 0, ...sandboxOptions }, internals);
  const dir = dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'trestle-e2e-'));
  const app = await startWebApp({
    port: 0,
    accessKey: ACCESS_KEY,
    rendererDir: path.join(repoRoot, 'dist', 'renderer'),
    dataDir: dir,
    sandboxUrl: sandbox.url,
  });
  const events: string[] = [];
  await new Promise<void>((resolve) => {
    http.get(
      `${app.host.url}/events`,
      { headers: { authorization: `Bearer ${ACCESS_KEY}` } },
      (res) => {
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => events.push(chunk));
        resolve();
      },
    );
  });
  return { sandbox, app, dataDir: dir, url: `${app.host.url}/?key=${ACCESS_KEY}`, events };
}

export const test = base.extend<{
  sandboxOptions: SandboxOptions;
  /** Test hooks (a job clock the test moves, so no sleeps). */
  sandboxInternals: SandboxInternals;
  trestle: Trestle;
}>({
  sandboxOptions: [{}, { option: true }],
  sandboxInternals: [{}, { option: true }],
  trestle: async ({ sandboxOptions, sandboxInternals }, use) => {
    const trestle = await openTrestle(sandboxOptions, undefined, sandboxInternals);
    await use(trestle);
    await trestle.app.close();
    await trestle.sandbox.stop();
    fs.rmSync(trestle.dataDir, { recursive: true, force: true });
  },
});

export { expect };

/** Signs in to the Sandbox connection through the UI and waits for the session status. */
export async function signInToSandbox(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign in to Sandbox' }).click();
  await expect(page.getByLabel('Signed in to Sandbox')).toBeVisible();
}
