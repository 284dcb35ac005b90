import type { Check, ColdStartResult } from '../bench-result.js';

/** The most the library may add to a bare Nest app's bundle (minified, Nest and the AWS SDK external). */
export const BUNDLE_LIMIT_KB = 150;
/** The most the library may add to a bare Nest app's import time, in milliseconds. */
export const IMPORT_LIMIT_MS = 30;

/** Kilobytes of 1024 bytes, to one decimal. */
export const kb = (bytes: number): number => Math.round((bytes / 1024) * 10) / 10;

/**
 * The targets for `ours` in the cold-start step: what it adds to the bare app's bundle, and
 * to its import time, loaded as an ES module and as CommonJS (the median of the fresh processes).
 */
export function coldStartChecks(result: ColdStartResult): Check[] {
  const checks: Check[] = [];
  const bundle = result.bundles.find((entry) => entry.target === 'ours');
  if (bundle !== undefined && bundle.addsBytes !== null) {
    checks.push({
      goal: `bundle: ours adds at most ${BUNDLE_LIMIT_KB} KB to a bare Nest app (minified, Nest and the AWS SDK external)`,
      actual: `${kb(bundle.addsBytes)} KB (${bundle.addsBytes} bytes)`,
      met: bundle.addsBytes <= BUNDLE_LIMIT_KB * 1024,
    });
  }
  for (const time of result.importTimes.filter((entry) => entry.target === 'ours')) {
    checks.push({
      goal: `import time: ours (${time.format === 'esm' ? 'ES module, import()' : 'CommonJS, require()'}) adds at most ${IMPORT_LIMIT_MS} ms to a bare Nest app`,
      actual: `median ${time.ms.median} ms (${time.ms.min} to ${time.ms.max}, ${time.ms.samples.length} processes)`,
      met: time.ms.median <= IMPORT_LIMIT_MS,
    });
  }
  return checks;
}
