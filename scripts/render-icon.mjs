// `node scripts/render-icon.mjs`: draws renderer/public/icon.svg (Trestle's icon, drawn for
// it) as the 512×512 PNG Electron takes as a window icon (it cannot read SVG), with the
// Chromium the end-to-end tests use. Run it again after changing the SVG; both are committed.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const svgPath = path.join(root, 'renderer', 'public', 'icon.svg');
const pngPath = path.join(root, 'renderer', 'public', 'icon.png');
const SIZE = 512;

const svg = fs
  .readFileSync(svgPath, 'utf8')
  .replace(/width="\d+" height="\d+"/, `width="${SIZE}" height="${SIZE}"`);
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu'],
});
try {
  const page = await browser.newPage({ viewport: { width: SIZE, height: SIZE } });
  await page.setContent(`<html><body style="margin:0">${svg}</body></html>`);
  await page.screenshot({
    path: pngPath,
    omitBackground: true,
    clip: { x: 0, y: 0, width: SIZE, height: SIZE },
  });
} finally {
  await browser.close();
}
process.stdout.write(`Wrote ${path.relative(root, pngPath)} (${SIZE}×${SIZE}).\n`);
