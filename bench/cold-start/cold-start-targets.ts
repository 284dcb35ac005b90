import { fileURLToPath } from 'node:url';
import type { TargetName } from '../targets/target-name.js';

/** The targets whose bundle, import time and cold start the bench measures (not the variants). */
export const COLD_START_TARGETS = [
  'baseline',
  'raw',
  'ours',
  'peer',
] as const satisfies readonly TargetName[];

export type ColdStartTarget = (typeof COLD_START_TARGETS)[number];

export function isColdStartTarget(name: TargetName): name is ColdStartTarget {
  return (COLD_START_TARGETS as readonly string[]).includes(name);
}

/** The compiled program of each target alone (bench/targets/<target>/<target>-main.ts). */
export function targetEntry(target: ColdStartTarget): string {
  return fileURLToPath(new URL(`../targets/${target}/${target}-main.js`, import.meta.url));
}

/** How a module is loaded for its import time: `import()` of an ES module, or `require()`. */
export type ModuleFormat = 'esm' | 'cjs';

/**
 * What a target adds to a bare Nest app at import time, per format it can be loaded in, as module
 * specifiers (package names, or `package:<subpath>` for this library's package entries, resolved
 * from its built package.json): `ours` the library's main entry, `peer` express-session and
 * connect-dynamodb, `raw` its own session code (the bench's ES modules, so no CommonJS figure);
 * `baseline` nothing.
 */
export const IMPORT_SUBJECTS: Readonly<
  Record<ColdStartTarget, Partial<Record<ModuleFormat, readonly string[]>>>
> = {
  baseline: {},
  raw: {
    esm: [
      fileURLToPath(new URL('../targets/raw/raw-session-store.js', import.meta.url)),
      fileURLToPath(new URL('../targets/raw/raw-cookie.js', import.meta.url)),
    ],
  },
  ours: { esm: ['package:.'], cjs: ['package:.'] },
  peer: {
    esm: ['express-session', 'connect-dynamodb'],
    cjs: ['express-session', 'connect-dynamodb'],
  },
};

/**
 * What a bare Nest app on DynamoDB loads before any session code: loaded first, in the format being
 * measured (an ES module app imports the AWS SDK's ES build, a CommonJS app requires its CommonJS
 * build), so that a target's import time is what it adds to such an app, never a second copy of them.
 */
export const BARE_APP_MODULES = [
  'reflect-metadata',
  '@nestjs/core',
  '@nestjs/common',
  '@nestjs/platform-express',
  '@aws-sdk/lib-dynamodb',
] as const;
