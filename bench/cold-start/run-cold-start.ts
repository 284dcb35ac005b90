import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { version as esbuildVersion } from 'esbuild';
import type { BundleSize, ColdStart, ColdStartResult, ImportTime } from '../bench-result.js';
import type { Cleanup } from '../process/cleanup.js';
import { spreadOf } from '../report/spread.js';
import { rotate } from '../rotate.js';
import { targetProcessEnv } from '../targets/target-process-env.js';
import { bundleTarget, esbuildCommand } from './bundle-target.js';
import { BARE_APP_MODULES, targetEntry, type ColdStartTarget } from './cold-start-targets.js';
import { buildLibrary } from './library-package.js';
import { measureImportTimes } from './measure-import-time.js';
import { COLD_START_REQUEST, timeColdStart } from './time-cold-start.js';

/** The bundles and import times, measured before DynamoDB Local starts; the cold starts come last. */
export interface PreparedColdStart {
  readonly targets: readonly ColdStartTarget[];
  readonly repetitions: number;
  readonly bundleFiles: ReadonlyMap<ColdStartTarget, string>;
  readonly bundles: readonly BundleSize[];
  readonly importTimes: readonly ImportTime[];
}

/** Where things are: the checkout, and where tsc compiled the bench (`.build/bench`). */
export interface ColdStartPaths {
  readonly root: string;
  readonly compiledRoot: string;
}

/**
 * The first part of the cold-start step, which needs no DynamoDB: builds the library (`npm run
 * build`, when `ours` is measured) and takes its package as users get it, bundles each target's
 * program with esbuild, and times what each target's session code adds to a bare app's import.
 */
export async function prepareColdStart(
  targets: readonly ColdStartTarget[],
  repetitions: number,
  { root, compiledRoot }: ColdStartPaths,
  log: (line: string) => void,
): Promise<PreparedColdStart> {
  // The bundles swap the compiled library's entries for the package's (library-from-package.ts).
  await access(join(compiledRoot, 'src', 'index.js')).catch((cause: unknown) => {
    throw new Error(`no compiled library in ${compiledRoot}src: is that where tsc put the bench?`, {
      cause,
    });
  });
  let library;
  if (targets.includes('ours')) {
    log('cold start: building the library (scripts/build.js, as users get it)');
    library = await buildLibrary(root, join(compiledRoot, 'node_modules'));
  }
  const bundleFiles = new Map<ColdStartTarget, string>();
  const bundled: Omit<BundleSize, 'addsBytes'>[] = [];
  for (const target of targets) {
    const file = join(compiledRoot, 'bundles', `${target}.mjs`);
    const { bytes, contents } = await bundleTarget(
      targetEntry(target),
      file,
      compiledRoot,
      library,
    );
    bundleFiles.set(target, file);
    bundled.push({ target, bytes, contents });
  }
  const base = bundled.find((bundle) => bundle.target === 'baseline')?.bytes;
  const bundles = bundled.map((bundle) => ({
    ...bundle,
    addsBytes: base === undefined ? null : bundle.bytes - base,
  }));
  log(`cold start: bundles ${bundles.map((b) => `${b.target} ${b.bytes} B`).join(', ')}`);
  log(`cold start: import times, ${repetitions} fresh processes per target and format`);
  const importTimes = await measureImportTimes(targets, library, compiledRoot, repetitions);
  for (const time of importTimes) {
    log(
      `cold start: [${time.target}] ${time.format} import: median ${time.ms.median} ms (${time.ms.min} to ${time.ms.max})`,
    );
  }
  return { targets, repetitions, bundleFiles, bundles, importTimes };
}

/**
 * The second part: each target's bundle started in fresh processes against DynamoDB at `endpoint`
 * (its table already there), once unmeasured, then `repetitions` times, the targets taking turns.
 */
export async function measureColdStarts(
  prepared: PreparedColdStart,
  endpoint: string,
  log: (line: string) => void,
  cleanup: Cleanup,
): Promise<ColdStart[]> {
  const run = (target: ColdStartTarget): Promise<number> =>
    timeColdStart(
      prepared.bundleFiles.get(target) as string,
      targetProcessEnv(target, endpoint),
      target !== 'baseline',
      cleanup,
    );
  for (const target of prepared.targets) await run(target);
  const samples = new Map<ColdStartTarget, number[]>(prepared.targets.map((t) => [t, []]));
  for (let repetition = 0; repetition < prepared.repetitions; repetition += 1) {
    for (const target of rotate(prepared.targets, repetition)) {
      samples.get(target)?.push(await run(target));
    }
  }
  const spreads = prepared.targets.map((target) => ({
    target,
    ms: spreadOf(samples.get(target) ?? []),
  }));
  const base = spreads.find((entry) => entry.target === 'baseline')?.ms.median;
  const coldStarts = spreads.map(({ target, ms }) => ({
    target,
    request: `${COLD_START_REQUEST.method} ${COLD_START_REQUEST.path}`,
    ms,
    addsMs: base === undefined ? null : Math.round((ms.median - base) * 10) / 10,
  }));
  for (const start of coldStarts) {
    log(
      `cold start: [${start.target}] spawn to first login answered: median ${start.ms.median} ms (${start.ms.min} to ${start.ms.max})`,
    );
  }
  return coldStarts;
}

/** The step's part of the result. */
export function coldStartResult(
  prepared: PreparedColdStart,
  coldStarts: readonly ColdStart[],
): ColdStartResult {
  return {
    repetitions: prepared.repetitions,
    bundler: { esbuild: esbuildVersion, command: esbuildCommand() },
    bareAppModules: [...BARE_APP_MODULES],
    bundles: prepared.bundles,
    importTimes: prepared.importTimes,
    coldStarts,
  };
}
