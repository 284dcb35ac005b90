// `npm run bench`: compiles the bench, then runs this. See docs/benchmark.md.
import { fileURLToPath } from 'node:url';
import { parseBenchOptions, USAGE } from './bench-options.js';
import type { BenchResult } from './bench-result.js';
import { coldStartSummary, coldStartTable } from './report/cold-start-tables.js';
import {
  checksTable,
  measurementTable,
  ratioTable,
  setupSummary,
  soakSummary,
} from './report/result-tables.js';
import { tableToText } from './report/table.js';
import { writeResults } from './report/write-results.js';
import { Cleanup } from './process/cleanup.js';
import { runBench } from './run-bench.js';

/** bench/results in the source tree (this file runs from .build/bench/bench/). */
const RESULTS_DIR = fileURLToPath(new URL('../../../bench/results', import.meta.url));

function print(result: BenchResult): void {
  const lines = [
    '',
    setupSummary(result),
    '',
    tableToText(measurementTable(result)),
    '',
    tableToText(ratioTable(result)),
    '',
    soakSummary(result),
    '',
    ...(result.coldStart === undefined
      ? []
      : [
          tableToText(coldStartTable(result.coldStart)),
          '',
          coldStartSummary(result.coldStart),
          '',
        ]),
    tableToText(checksTable(result)),
    '',
  ];
  process.stdout.write(lines.join('\n'));
}

async function main(): Promise<void> {
  const { options, help } = parseBenchOptions(process.argv.slice(2), RESULTS_DIR);
  if (help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const cleanup = new Cleanup();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      process.stderr.write(`\n${signal}: stopping what the bench started\n`);
      void cleanup.runAll().finally(() => process.exit(130));
    });
  }
  const started = Date.now();
  const elapsed = (): string => `${((Date.now() - started) / 1000).toFixed(1)}s`.padStart(6);
  const result = await runBench(
    options,
    (line) => process.stderr.write(`bench ${elapsed()} ${line}\n`),
    cleanup,
  );
  print(result);
  const files = await writeResults(result, options.outDir);
  process.stdout.write(`Wrote ${files.json}, ${files.markdown} and ${files.chart}\n`);
}

try {
  await main();
} catch (error) {
  process.stderr.write(`bench failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
}
