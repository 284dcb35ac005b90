import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createBrotliDecompress } from 'node:zlib';

/** Where {@link unpackPackagedChromium} keeps the unpacked binary, one folder per package version. */
export const PACKAGED_CHROMIUM_CACHE = join(
  import.meta.dirname,
  '..',
  '..',
  '..',
  'node_modules',
  '.cache',
  'sparticuz-chromium',
);

/** The installed `@sparticuz/chromium`: its folder and version. */
export async function packagedChromium(): Promise<{ dir: string; version: string }> {
  let entry: string;
  try {
    entry = createRequire(import.meta.url).resolve('@sparticuz/chromium');
  } catch (error) {
    throw new Error(
      'The browser specs need the @sparticuz/chromium devDependency, which is not installed: run ' +
        '`npm install`, or set CHROMIUM_PATH to a Chromium or Chrome executable.',
      { cause: error },
    );
  }
  const dir = join(dirname(entry), '..');
  const manifest = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as {
    version: string;
  };
  return { dir, version: manifest.version };
}

/**
 * Unpacks the headless Chromium that `@sparticuz/chromium` ships in the package (`bin/chromium.br`,
 * Brotli-compressed, Linux x64) to `<cacheDir>/<version>/chromium` and resolves that path. Nothing is
 * downloaded. Later calls find it there and unpack nothing. The binary is written under a temporary
 * name and renamed into place, so an interrupted or concurrent unpack never leaves a partial binary
 * where a later run would start it.
 */
export async function unpackPackagedChromium(
  cacheDir: string = PACKAGED_CHROMIUM_CACHE,
): Promise<string> {
  const { dir, version } = await packagedChromium();
  const target = join(cacheDir, version, 'chromium');
  if (existsSync(target)) return target;
  await mkdir(dirname(target), { recursive: true });
  const partial = `${target}.${process.pid}.partial`;
  try {
    await pipeline(
      createReadStream(join(dir, 'bin', 'chromium.br')),
      createBrotliDecompress(),
      createWriteStream(partial, { mode: 0o755 }),
    );
    await rename(partial, target);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
  return target;
}
