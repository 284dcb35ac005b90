import type { ColdStartResult } from '../bench-result.js';
import { APP_CONTENT, RUNTIME_CONTENT } from '../cold-start/bundle-target.js';
import { kb } from '../cold-start/cold-start-checks.js';
import type { Spread } from './spread.js';
import type { Table } from './table.js';

const spread = (ms: Spread | undefined): string =>
  ms === undefined ? 'n/a' : `${ms.median} (${ms.min}-${ms.max})`;

const signed = (value: number | null, unit: string): string =>
  value === null ? 'n/a' : `${value >= 0 ? '+' : ''}${value} ${unit}`;

/** Per target: its bundle, what it adds to the bare app's bundle and import time, and its cold start. */
export function coldStartTable(result: ColdStartResult): Table {
  const targets = [
    ...new Set([
      ...result.bundles.map((entry) => entry.target),
      ...result.coldStarts.map((entry) => entry.target),
    ]),
  ];
  const importOf = (target: string, format: string): Spread | undefined =>
    result.importTimes.find((entry) => entry.target === target && entry.format === format)?.ms;
  return {
    headers: [
      'target',
      'bundle KB',
      'adds KB',
      'packages bundled, KB',
      'import ms ESM',
      'import ms CJS',
      'cold start ms',
      'adds ms',
    ],
    align: ['left', 'right', 'right', 'left', 'right', 'right', 'right', 'right'],
    rows: targets.map((target) => {
      const bundle = result.bundles.find((entry) => entry.target === target);
      const start = result.coldStarts.find((entry) => entry.target === target);
      const packages = (bundle?.contents ?? [])
        .filter((content) => content.name !== APP_CONTENT && content.name !== RUNTIME_CONTENT)
        .map((content) => `${content.name} ${kb(content.bytes)}`);
      return [
        target,
        bundle === undefined ? 'n/a' : String(kb(bundle.bytes)),
        bundle === undefined
          ? 'n/a'
          : signed(bundle.addsBytes === null ? null : kb(bundle.addsBytes), ''),
        packages.length === 0 ? '-' : packages.join(', '),
        spread(importOf(target, 'esm')),
        spread(importOf(target, 'cjs')),
        spread(start?.ms),
        signed(start?.addsMs ?? null, ''),
      ].map((cell) => cell.trim());
    }),
  };
}

/** How the step's figures were made, in a few sentences. */
export function coldStartSummary(result: ColdStartResult): string {
  return (
    `Bundles: esbuild ${result.bundler.esbuild}, each target's own program (its compiled *-main.js; ours takes the library from its built package), ` +
    `as \`${result.bundler.command}\` would bundle it; KB are 1024 bytes, "adds" is against baseline (the bare Nest app). ` +
    `Import ms: what loading a target's session code takes in a fresh Node after ${result.bareAppModules.join(', ')} ` +
    `(loaded the same way: import() for ESM, require() for CJS), median (min-max) of ${result.repetitions} processes. ` +
    `Cold start ms: from spawning \`node <bundle>\` to the answer to its first ${result.coldStarts[0]?.request ?? 'request'} ` +
    `(DynamoDB Local through the proxy, table already there), median (min-max) of ${result.repetitions} processes, each target once unmeasured first.`
  );
}
