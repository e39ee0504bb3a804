import { chromium, type Browser } from '@playwright/test';

/** Debian's Chromium with the flags of DESIGN.md §9 (no browser download here). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.TRESTLE_CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
      '--enable-precise-memory-info',
    ],
  });
}
