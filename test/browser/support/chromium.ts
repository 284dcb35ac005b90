import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's `chromium` package: the only browser the browser specs use (playwright-core downloads none). */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * Flags for a quiet, headless Chromium in a container: no sandbox (tests run as root), no GPU, and
 * nothing that reaches out to the network on its own (updates, sync, QUIC, first-run pages).
 */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** What to do when {@link CHROMIUM_PATH} is missing: the browser specs fail, they never skip. */
export function missingChromiumMessage(inCi: boolean): string {
  const install = 'apt-get update && apt-get install -y --no-install-recommends chromium';
  return inCi
    ? `Chromium is missing at ${CHROMIUM_PATH} in CI: .ci/run should have installed it with \`${install}\`.`
    : `Chromium is missing at ${CHROMIUM_PATH}, and the browser specs (test/browser/) need it. ` +
        `Install Debian's chromium package (as root): \`${install}\`.`;
}

/**
 * Launches headless Chromium from {@link CHROMIUM_PATH} with {@link CHROMIUM_ARGS}, on a fresh
 * temporary profile that Playwright deletes when the browser closes. Each `browser.newContext()`
 * is then a separate cookie jar: one per simulated user or device.
 *
 * @throws Error - with install instructions when Chromium is not installed.
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(missingChromiumMessage(process.env['CI'] === 'true'));
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_ARGS],
  });
}
