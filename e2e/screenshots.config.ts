import { defineConfig } from '@playwright/test';
import base from './playwright.config';

/**
 * `npm run screenshots`: regenerates the README's pictures of Trestle in
 * `e2e/readme-screenshots/` (light theme; the dark pair sits beside them).
 */
export default defineConfig({
  ...base,
  testMatch: /screenshots\.spec\.ts$/,
  testIgnore: [],
  workers: 1,
  use: { ...base.use, viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 },
});
