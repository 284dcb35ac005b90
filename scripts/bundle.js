// Bundles the compiled library (tsc's ES modules, in a folder of .build/) into the published dist/: one file per
// entry point plus shared chunks, in ES modules (dist/) and CommonJS (dist/cjs/). Loading one file
// rather than a hundred is most of an app's import time, which a cold start on AWS Lambda pays.
// Packages stay external: they are dependencies or peers of the app. Each entry point's code is
// shared through chunks, not copied, so classes keep one identity across entry points.
import { readdirSync, readFileSync } from 'node:fs';
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
  // Classes keep their names (Nest's logs and errors name them; esbuild would rename some, X2).
  keepNames: true,
  target: 'node22',
  sourcemap: true,
  legalComments: 'none',
  logLevel: 'warning',
};

await build({
  ...common,
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
