import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';

/** Where the browser specs save their screenshots (ignored by git). */
export const SCREENSHOT_DIR = join(
  import.meta.dirname,
  '..',
  '..',
  '..',
  'test-artifacts',
  'browser',
);

/**
 * Saves a full-page PNG of `page` as `test-artifacts/browser/<name>.png` and resolves its path.
 *
 * @param name - File name without extension: letters, digits and `-`.
 */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  if (!/^[a-z0-9-]+$/.test(name)) throw new Error(`not a screenshot name: ${name}`);
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
