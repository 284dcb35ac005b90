import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { chooseChromium } from './chromium-choice.js';
import { unpackPackagedChromium } from './packaged-chromium.js';

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

/**
 * The Chromium executable for this machine (see {@link chooseChromium}): `CHROMIUM_PATH`, else
 * `/usr/bin/chromium`, else the one `@sparticuz/chromium` ships, unpacked on first use.
 */
export async function chromiumExecutable(): Promise<string> {
  const choice = chooseChromium({
    env: process.env,
    exists: existsSync,
    platform: process.platform,
    arch: process.arch,
  });
  return choice.source === 'package' ? unpackPackagedChromium() : choice.path;
}

/**
 * Launches headless Chromium ({@link chromiumExecutable}) with {@link CHROMIUM_ARGS}, on a fresh
 * temporary profile that Playwright deletes when the browser closes. Each `browser.newContext()`
 * is then a separate cookie jar: one per simulated user or device. The browser specs never skip:
 * without a Chromium they fail with what to do.
 */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: await chromiumExecutable(),
    headless: true,
    args: [...CHROMIUM_ARGS],
  });
}
