// Bundles the compiled library (tsc's ES modules, in a folder of .build/) into the published dist/: one file per
// entry point plus shared chunks, in ES modules (dist/) and CommonJS (dist/cjs/). Loading one file
// rather than a hundred is most of an app's import time, which a cold start on AWS Lambda pays.
// Packages stay external: they are dependencies or peers of the app. Each entry point's code is
// shared through chunks, not copied, so classes keep one identity across entry points.
import { readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { build } from 'esbuild';

const [compiled, out] = process.argv.slice(2);
if (compiled === undefined || out === undefined) {
  throw new Error('usage: node scripts/bundle.js <compiled folder> <dist folder>');
}

/** The package's entry points (package.json "exports" and "bin"), as paths in dist/ without extension. */
const manifest = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'package.json'), 'utf8'));
const ENTRY_POINTS = [
  ...new Set(
    [...JSON.stringify(manifest.exports).matchAll(/"\.\/dist\/([^"]+)\.js"/g)]
      .map((match) => match[1])
      .concat(Object.values(manifest.bin).map((path) => path.replace(/^\.\/dist\/|\.js$/g, '')))
      .filter((path) => !path.startsWith('cjs/')),
  ),
];

const common = {
  platform: 'node',
  target: 'node22',
  sourcemap: true,
  legalComments: 'none',
  logLevel: 'warning',
};

/**
 * Keeps the names of decorated classes. For those tsc writes `let X = class X {`, whose inner name
 * esbuild renames (`class X2`), and Nest logs and reports classes by name. Without the inner name the
 * class takes its variable's (`let X = class {`); one that refers to itself (`let X = X_1 = class X`)
 * is named by a static block. esbuild's keepNames would keep every name, at the cost of a call per
 * function at import time.
 */
const decoratedClassNames = {
  name: 'decorated-class-names',
  setup(build) {
    build.onLoad({ filter: /\.js$/ }, async ({ path }) => ({
      contents: (await readFile(path, 'utf8'))
        .replace(/\blet (\w+) = class \1\b/g, 'let $1 = class')
        // A class that refers to itself: `let X = X_1 = class X {`, named by a static block.
        .replace(
          /\blet (\w+) = (\1_\d+) = class \1\b([^{]*)\{/g,
          'let $1 = $2 = class$3{ static { Object.defineProperty(this, "name", { value: "$1" }); }',
        ),
      loader: 'js',
    }));
  },
};

await build({
  ...common,
  plugins: [decoratedClassNames],
  entryPoints: ENTRY_POINTS.map((entry) => ({ in: join(compiled, `${entry}.js`), out: entry })),
  outdir: out,
  bundle: true,
  splitting: true,
  format: 'esm',
  packages: 'external',
  chunkNames: 'chunks/[name]-[hash]',
});

/** Every .js file the ES module build wrote (entry points and chunks). */
function written(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return path === join(out, 'cjs') ? [] : written(path);
    return entry.name.endsWith('.js') ? [path] : [];
  });
}

// The same files in CommonJS, one for one: their imports of each other become require() calls.
const files = written(out);
await build({
  ...common,
  entryPoints: files.map((file) => ({ in: file, out: relative(out, file).replace(/\.js$/, '') })),
  outdir: join(out, 'cjs'),
  format: 'cjs',
  // import() becomes require(): CommonJS Jest (no --experimental-vm-modules) cannot run import().
  supported: { 'dynamic-import': false },
});
