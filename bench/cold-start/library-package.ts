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
 * Builds the library from `root` (its build script, as `npm run build` runs it) straight into
 * `<modulesDir>/<name>/dist`, next to a copy of package.json, as npm installs it; checks that the
 * package entries the bench loads exist. The figures are of this checkout's build, never a stale
 * dist/, and the repository's own dist/ is left alone (npm pack may be rebuilding it meanwhile). Its
 * dependencies resolve from the node_modules folders above, as installed.
 */
export async function buildLibrary(root: string, modulesDir: string): Promise<LibraryPackage> {
  const manifest = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as Manifest;
  const packageDir = join(modulesDir, manifest.name);
  await rm(packageDir, { recursive: true, force: true });
  await mkdir(packageDir, { recursive: true });
  try {
    await promisify(execFile)(
      process.execPath,
      [join(root, 'scripts', 'build.js'), join(packageDir, 'dist')],
      { cwd: root, env: { ...process.env, NODE_OPTIONS: '' }, maxBuffer: 16 * 1024 * 1024 },
    );
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(
      `The library's build (scripts/build.js) failed, so its bundle cannot be measured:\n${stdout}${stderr}`,
      { cause: error },
    );
  }
  await cp(join(root, 'package.json'), join(packageDir, 'package.json'));
  for (const [subpath, format] of REQUIRED_ENTRIES) {
    const file = exportTarget(manifest, subpath, format);
    await access(join(packageDir, file)).catch((cause: unknown) => {
      throw new Error(
        `The build produced no ${file} (the package's ${format} entry "${subpath}"): the bench bundles and times the library from its package entries`,
        { cause },
      );
    });
  }
  return {
    dir: packageDir,
    name: manifest.name,
    entry: (subpath, format) => join(packageDir, exportTarget(manifest, subpath, format)),
  };
}
