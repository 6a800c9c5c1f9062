/**
 * Screenshots into test-results/ with a non-blank check (decoded pixels, not file size).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { decodePng, pixelStats, type PixelStats } from './png.ts';
import { REPO_ROOT } from './server.ts';

export const SCREENSHOT_DIR = path.join(REPO_ROOT, 'test-results');

/** Save a full-viewport screenshot and return where it went plus its pixel statistics. */
export async function screenshot(page: Page, name: string): Promise<{ file: string; stats: PixelStats }> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, name);
  // Let transitions settle and fonts finish loading so the picture is what a viewer sees.
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  await page.waitForTimeout(400);
  const png = await page.screenshot({ path: file, fullPage: false });
  return { file, stats: pixelStats(decodePng(png)) };
}
