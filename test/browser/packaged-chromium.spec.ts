import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { packagedChromium, unpackPackagedChromium } from './support/packaged-chromium.js';

/**
 * The Chromium inside the @sparticuz/chromium package, unpacked into a folder of this spec's own, so
 * that it is checked even on a machine where the browser specs use a system Chromium.
 */
describe('the packaged Chromium', () => {
  let cacheDir: string;

  beforeAll(async () => {
    cacheDir = await mkdtemp(join(tmpdir(), 'packaged-chromium-'));
  });

  afterAll(async () => {
    await rm(cacheDir, { recursive: true, force: true });
  });

  it('unpacks once to <cache>/<version>/chromium and runs as the package version', async () => {
    const { version } = await packagedChromium();
    const path = await unpackPackagedChromium(cacheDir);
    expect(path).toBe(join(cacheDir, version, 'chromium'));
    expect(await readdir(join(cacheDir, version))).toEqual(['chromium']);

    const { stdout } = await promisify(execFile)(path, ['--version']);
    // The package's major version is Chromium's (153.0.0 ships Chromium 153.0.x.y).
    expect(stdout).toMatch(new RegExp(`^Chromium ${version.split('.')[0]}\\.`));

    const first = await stat(path);
    expect(await unpackPackagedChromium(cacheDir)).toBe(path);
    const again = await stat(path);
    expect([again.ino, again.mtimeMs]).toEqual([first.ino, first.mtimeMs]);
  }, 60_000);
});
