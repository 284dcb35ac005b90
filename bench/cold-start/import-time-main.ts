// Child process: one import-time measurement in a fresh Node. Usage:
//   node import-time-main.js <esm|cjs> <module>...
// Loads the bare app's modules (BARE_APP_MODULES), then times loading the given modules (package
// names or absolute paths) with import() (esm) or require() (cjs), and writes {"ms": <n>} to stdout.
import { createRequire } from 'node:module';
import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BARE_APP_MODULES } from './cold-start-targets.js';

const [format, ...modules] = process.argv.slice(2);
if ((format !== 'esm' && format !== 'cjs') || modules.length === 0) {
  throw new Error('usage: import-time-main.js <esm|cjs> <module>...');
}
const require = createRequire(import.meta.url);
const load = async (specifier: string): Promise<void> => {
  if (format === 'cjs') {
    require(specifier);
  } else {
    await import(isAbsolute(specifier) ? pathToFileURL(specifier).href : specifier);
  }
};
for (const specifier of BARE_APP_MODULES) await load(specifier);
const started = performance.now();
for (const specifier of modules) await load(specifier);
const ms = performance.now() - started;
process.stdout.write(`${JSON.stringify({ ms })}\n`);
