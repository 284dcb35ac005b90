import { readFile } from 'node:fs/promises';
import { build, type BuildOptions } from 'esbuild';
import type { LibraryPackage } from './library-package.js';
import { libraryFromPackage } from './library-from-package.js';

/** What esbuild leaves out of every bundle: the packages a bare Nest app on DynamoDB loads anyway. */
export const BUNDLE_EXTERNALS = ['@nestjs/*', '@aws-sdk/*', 'reflect-metadata', 'rxjs'] as const;

/**
 * The first line of every bundle: an ES module has no `require`, which the CommonJS packages bundled
 * inside (cookie-signature, express-session, ...) call for Node's own modules and the externals.
 */
export const BUNDLE_BANNER =
  "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);";

/**
 * The settings of every bundle: minified, for Node 22 and later, as an ES module. ESM because Nest 12
 * ships ES modules only (a CommonJS bundle would `require()` them) and the targets' entries use
 * top-level `await`, which a CommonJS bundle cannot hold.
 */
export const BUNDLE_SETTINGS = {
  bundle: true,
  minify: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  external: [...BUNDLE_EXTERNALS],
  banner: { js: BUNDLE_BANNER },
} as const satisfies BuildOptions;

/** The same settings as a command a user runs on their app's compiled entry. */
export function esbuildCommand(entry = 'dist/main.js', outfile = 'bundle/main.mjs'): string {
  const { platform, format, target, external } = BUNDLE_SETTINGS;
  return [
    'npx esbuild',
    entry,
    '--bundle',
    '--minify',
    `--platform=${platform}`,
    `--format=${format}`,
    `--target=${target}`,
    ...external.map((name) => `'--external:${name}'`),
    `"--banner:js=${BUNDLE_BANNER}"`,
    `--outfile=${outfile}`,
  ].join(' ');
}

/** Bytes of the bundle that came from one package (or from the app's own code, or esbuild's). */
export interface BundleContent {
  readonly name: string;
  readonly bytes: number;
}

/** The bench's own code in a bundle. */
export const APP_CONTENT = '(app)';
/** What esbuild adds of its own: the banner, its helpers, the import statements of the externals. */
export const RUNTIME_CONTENT = '(esbuild)';

/**
 * Which package a bundled file belongs to: the one whose node_modules folder holds it (the library's
 * built package included, installed as users get it), else the app.
 */
export function contentOf(file: string): string {
  const parts = file.split(/[\\/]/);
  const modules = parts.lastIndexOf('node_modules');
  const name = parts[modules + 1];
  if (modules < 0 || name === undefined) return APP_CONTENT;
  return name.startsWith('@') ? `${name}/${parts[modules + 2] ?? ''}` : name;
}

/** A bundle's size and what it holds, largest first. */
export interface BundledTarget {
  readonly bytes: number;
  readonly contents: readonly BundleContent[];
}

/**
 * Bundles `entry` (a target's compiled program) into `outfile` with {@link BUNDLE_SETTINGS}, the
 * library's imports taken from its built package (see {@link libraryFromPackage}).
 */
export async function bundleTarget(
  entry: string,
  outfile: string,
  compiledRoot: string,
  library: LibraryPackage | undefined,
): Promise<BundledTarget> {
  const result = await build({
    ...BUNDLE_SETTINGS,
    external: [...BUNDLE_SETTINGS.external],
    entryPoints: [entry],
    outfile,
    metafile: true,
    logLevel: 'silent',
    plugins: [libraryFromPackage(compiledRoot, library)],
  });
  const bytes = (await readFile(outfile)).byteLength;
  const byName = new Map<string, number>();
  for (const output of Object.values(result.metafile.outputs)) {
    for (const [file, { bytesInOutput }] of Object.entries(output.inputs)) {
      const name = contentOf(file);
      byName.set(name, (byName.get(name) ?? 0) + bytesInOutput);
    }
  }
  const counted = [...byName.values()].reduce((sum, value) => sum + value, 0);
  byName.set(RUNTIME_CONTENT, bytes - counted);
  const contents = [...byName]
    .map(([name, size]) => ({ name, bytes: size }))
    .filter((content) => content.bytes > 0)
    .sort((a, b) => b.bytes - a.bytes);
  return { bytes, contents };
}
