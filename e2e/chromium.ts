/**
 * Debian's Chromium, as the end-to-end tests and the viewer benchmarks launch it (DESIGN.md §9):
 * no browser download, and no background networking on a machine without internet.
 */
export const CHROMIUM_PATH = process.env.TRESTLE_CHROMIUM ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];
