// `npm run bench:together`: two targets under one workload at the same time, in front of a stub
// DynamoDB; prints each round's CPU per request and the ratio. See docs/benchmark.md.
import { parseArgs } from 'node:util';
import { WORKLOADS } from '../load/workloads.js';
import { Cleanup } from '../process/cleanup.js';
import { isTargetName, type TargetName } from '../targets/target-name.js';
import { runTogether, type TogetherOptions } from './run-together.js';
import { summarizeTogether } from './together-summary.js';

const USAGE = `usage: npm run bench:together -- [options]
  --targets a,b      the two targets, loaded at the same time (default peer,ours); ratios are b over a
  --workload name    a workload of npm run bench (default write)
  --requests n       responses per target and round (default 6000)
  --rounds n         rounds (default 8)
  --connections n    connections per target (default 8)
  --sessions n       sessions prepared per target (default 16)
  --through          forward every call to DynamoDB Local (the stub never answers itself), so both
                     apps also share the store's CPU`;

function count(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1)
    throw new Error(`--${name} must be a whole number above 0`);
  return parsed;
}

function optionsOf(argv: string[]): TogetherOptions | undefined {
  const { values } = parseArgs({
    args: argv,
    options: {
      targets: { type: 'string' },
      workload: { type: 'string' },
      requests: { type: 'string' },
      rounds: { type: 'string' },
      connections: { type: 'string' },
      sessions: { type: 'string' },
      through: { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  if (values.help === true) return undefined;
  const names = (values.targets ?? 'peer,ours').split(',');
  if (names.length !== 2 || !names.every(isTargetName))
    throw new Error(`--targets takes two target names, e.g. peer,ours\n${USAGE}`);
  const workload = WORKLOADS.find((candidate) => candidate.name === (values.workload ?? 'write'));
  if (workload === undefined) throw new Error(`unknown --workload\n${USAGE}`);
  return {
    targets: names as [TargetName, TargetName],
    workload,
    requests: count(values.requests, 6000, 'requests'),
    rounds: count(values.rounds, 8, 'rounds'),
    connections: count(values.connections, 8, 'connections'),
    sessions: count(values.sessions, 16, 'sessions'),
    through: values.through === true,
  };
}

async function main(): Promise<void> {
  const options = optionsOf(process.argv.slice(2));
  if (options === undefined) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const cleanup = new Cleanup();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void cleanup.runAll().finally(() => process.exit(130)));
  }
  // On a failure too: a target left running would keep this process alive through its IPC channel.
  const rounds = await runTogether(
    options,
    (line) => process.stderr.write(`${line}\n`),
    cleanup,
  ).finally(() => cleanup.runAll());
  const summary = summarizeTogether(rounds);
  const [first, second] = options.targets;
  process.stdout.write(
    `${second} over ${first}, app CPU per ${options.workload.name} request: median ${summary.median.toFixed(3)}x, mean ${summary.mean.toFixed(3)}x, rounds ${summary.min.toFixed(3)}x to ${summary.max.toFixed(3)}x\n`,
  );
}

try {
  await main();
} catch (error) {
  process.stderr.write(`bench:together failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
}
