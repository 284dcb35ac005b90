import { execFile } from 'node:child_process';
import { access, cp, mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { ModuleFormat } from './cold-start-targets.js';

/** The library as users install it: its package.json and dist/, built from this checkout. */
export interface LibraryPackage {
  /** The package's folder: a copy of package.json and dist/ taken right after the build, installed in a node_modules folder. */
  readonly dir: string;
  /** The package's name (`nestjs-dynamodb-session`). */
  readonly name: string;
  /**
   * The file that an `import` (`esm`) or a `require` (`cjs`) of `subpath` (`.`, `./config`) loads,
   * read from the package's `exports` map, as Node and bundlers resolve it.
   */
  entry(subpath: string, format: ModuleFormat): string;
}

/** The entry points the bench loads: what must exist after the build. */
const REQUIRED_ENTRIES: readonly [string, ModuleFormat][] = [
  ['.', 'esm'],
  ['.', 'cjs'],
  ['./config', 'esm'],
];

interface Manifest {
  readonly name: string;
  readonly exports: Readonly<Record<string, unknown>>;
}

/** `exports[subpath][import|require]`, a path or a `{ types, default }` object. */
function exportTarget(manifest: Manifest, subpath: string, format: ModuleFormat): string {
  const conditions = manifest.exports[subpath] as Record<string, unknown> | undefined;
  const target = conditions?.[format === 'esm' ? 'import' : 'require'];
  const file =
    typeof target === 'string' ? target : (target as { default?: unknown } | undefined)?.default;
  if (typeof file !== 'string') {
    throw new Error(`package.json exports no ${format} entry for "${subpath}"`);
  }
  return file;
}

/**
 * Runs `npm run build` in `root`, checks that the package entries the bench loads exist, and copies
 * package.json and dist/ into `<modulesDir>/<name>`, as npm installs it, so that the figures are of
 * this checkout's build (never a stale dist/) and a rebuild of dist/ meanwhile (e.g. by `npm pack`)
 * cannot change them. Its dependencies resolve from the node_modules folders above, as installed.
 */
export async function buildLibrary(root: string, modulesDir: string): Promise<LibraryPackage> {
  try {
    await promisify(execFile)('npm', ['run', '--silent', 'build'], {
      cwd: root,
      env: { ...process.env, NODE_OPTIONS: '' },
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(
      `npm run build failed, so the library's bundle cannot be measured:\n${stdout}${stderr}`,
      {
        cause: error,
      },
    );
  }
  const manifest = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as Manifest;
  for (const [subpath, format] of REQUIRED_ENTRIES) {
    const file = exportTarget(manifest, subpath, format);
    await access(join(root, file)).catch((cause: unknown) => {
      throw new Error(
        `npm run build produced no ${file} (the package's ${format} entry "${subpath}"): the bench bundles and times the library from its package entries`,
        { cause },
      );
    });
  }
  const snapshotDir = join(modulesDir, manifest.name);
  await rm(snapshotDir, { recursive: true, force: true });
  await mkdir(snapshotDir, { recursive: true });
  await cp(join(root, 'package.json'), join(snapshotDir, 'package.json'));
  await cp(join(root, 'dist'), join(snapshotDir, 'dist'), { recursive: true });
  return {
    dir: snapshotDir,
    name: manifest.name,
    entry: (subpath, format) => join(snapshotDir, exportTarget(manifest, subpath, format)),
  };
}
