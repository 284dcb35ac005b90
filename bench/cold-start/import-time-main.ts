// Child process: one import-time measurement in a fresh Node. Usage:
//   node import-time-main.js <esm|cjs> <module>...
// Loads the bare app's modules (BARE_APP_MODULES), collects the heap, then times loading the given modules (package
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
// A collected heap first (the parent passes --expose-gc): the bare app's modules leave the young
// generation part full, and the collection they owe (10 ms and more) would otherwise land on the
// measured load or not, by chance; what the measured load allocates itself is still collected in it.
(globalThis as { gc?: () => void }).gc?.();
const started = performance.now();
for (const specifier of modules) await load(specifier);
const ms = performance.now() - started;
process.stdout.write(`${JSON.stringify({ ms })}\n`);
