/**
 * Renders the app icons in public/icons/ from the Sotto mark (public/icon.svg's drawing) with
 * Chromium: 192 and 512 px icons (rounded tile, transparent corners), a 512 px maskable icon
 * (full-bleed tile, the bars well inside the safe zone, a circle of 40% radius) and a 180 px Apple touch icon.
 * Run once after changing the mark: `npx tsx scripts/make-icons.ts`; the PNGs are committed.
 */
import { chromium } from 'playwright-core';
import { resolve } from 'node:path';

const ACCENT = '#4f46e5';
const BARS = 'M8 13v6M12 10v12M16 7v18M20 10v12M24 13v6';

/** The mark on a 32-unit canvas: `inset` units of padding around the bars' 32-unit box. */
function svg(rounded: boolean, inset: number): string {
  const box = 32 + 2 * inset;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="${-inset} ${-inset} ${box} ${box}" width="100%" height="100%">
    <rect x="${-inset}" y="${-inset}" width="${box}" height="${box}" rx="${rounded ? (9 * box) / 32 : 0}" fill="${ACCENT}"/>
    <path d="${BARS}" stroke="#fff" stroke-width="2.4" stroke-linecap="round" fill="none"/>
  </svg>`;
}

const icons = [
  { file: 'icon-192.png', size: 192, rounded: true, inset: 0 },
  { file: 'icon-512.png', size: 512, rounded: true, inset: 0 },
  { file: 'icon-maskable-512.png', size: 512, rounded: false, inset: 8 },
  { file: 'apple-touch-icon.png', size: 180, rounded: false, inset: 6 },
];

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
const page = await browser.newPage();
for (const { file, size, rounded, inset } of icons) {
  await page.setViewportSize({ width: size, height: size });
  await page.setContent(`<html><body style="margin:0;background:transparent">${svg(rounded, inset)}</body></html>`);
  await page.screenshot({ path: resolve('public/icons', file), omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
  console.log(`public/icons/${file}: ${size}×${size}`);
}
await browser.close();
