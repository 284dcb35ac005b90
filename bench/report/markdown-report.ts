import type { BenchResult } from '../bench-result.js';
import { coldStartSummary, coldStartTable } from './cold-start-tables.js';
import {
  checksTable,
  measurementTable,
  ratioTable,
  setupSummary,
  soakSummary,
} from './result-tables.js';
import { tableToMarkdown } from './table.js';

/** `latest.md`: the run's tables, its machine and how the figures were counted. */
export function renderMarkdown(result: BenchResult): string {
  const workloads = result.workloads.map(
    (workload) => `- \`${workload.name}\`: ${workload.description}`,
  );
  return [
    `# Benchmark results (${result.mode} run, ${result.startedAt})`,
    '',
    'Written by `npm run bench`; see docs/benchmark.md for what each target and figure is.',
    '',
    setupSummary(result),
    '',
    'Workloads:',
    '',
    ...workloads,
    '',
    '## Per target and workload',
    '',
    tableToMarkdown(measurementTable(result)),
    '',
    `Reads and writes are DynamoDB items per request, counted by a proxy in front of DynamoDB Local and divided by the requests the target received. RCU/WCU per 1000 requests: ${result.settings.writeUnits}. login-logout counts each request of a pair. app CPU ms/req: CPU time (user + system) of the target's process per request it received; DDB Local CPU ms/req: the same for DynamoDB Local's JVM (from /proc); the load generator and the proxy run in processes of their own (the proxy's CPU is in latest.json).`,
    '',
    '![requests/s by target and workload](latest.svg)',
    '',
    '## ours against peer and raw',
    '',
    tableToMarkdown(ratioTable(result)),
    '',
    '## Memory',
    '',
    soakSummary(result),
    '',
    ...(result.coldStart === undefined
      ? []
      : [
          '## Bundle size, import time and cold start',
          '',
          tableToMarkdown(coldStartTable(result.coldStart)),
          '',
          coldStartSummary(result.coldStart),
          '',
        ]),
    '## Targets',
    '',
    tableToMarkdown(checksTable(result)),
    '',
  ].join('\n');
}
