import { fileURLToPath } from 'node:url';
import { startEmbeddedDynamoDb } from '../../sample/embedded-dynamodb.js';
import { credentialOf } from '../load/credential.js';
import { LARGE_SESSION_BYTES, prepareSessions } from '../load/prepare-sessions.js';
import { runLoad } from '../load/run-load.js';
import type { Workload } from '../load/workloads.js';
import { ChildHandle } from '../process/child-handle.js';
import { childEnv } from '../process/child-env.js';
import type { Cleanup } from '../process/cleanup.js';
import { processCpuMs } from '../process/process-cpu.js';
import type { TargetReady } from '../targets/target-main.js';
import type { TargetName } from '../targets/target-name.js';
import { createTargetTables } from '../targets/create-target-tables.js';
import { targetProcessEnv } from '../targets/target-process-env.js';
import type { StubReady } from './stub-dynamodb-main.js';
import type { TogetherRound } from './together-summary.js';

const STUB_MAIN = fileURLToPath(new URL('./stub-dynamodb-main.js', import.meta.url));
const TARGET_MAIN = fileURLToPath(new URL('../targets/target-main.js', import.meta.url));

/** What `npm run bench:together` runs. */
export interface TogetherOptions {
  /** The two targets, loaded at the same time; ratios are the second's over the first's. */
  readonly targets: readonly [TargetName, TargetName];
  readonly workload: Workload;
  /** Responses per target and round. */
  readonly requests: number;
  readonly rounds: number;
  /** Connections per target. */
  readonly connections: number;
  /** Sessions prepared per target. */
  readonly sessions: number;
  /** Every call forwarded to DynamoDB Local: the stub is never frozen. */
  readonly through?: boolean;
}

interface RunningTarget {
  readonly name: TargetName;
  readonly app: ChildHandle<TargetReady>;
  readonly url: string;
  readonly sessions: readonly string[];
}

/**
 * Runs `options.workload` on both targets at the same time, in front of a stub DynamoDB (see
 * StubDynamoDb), and answers each round's CPU per request of both. The two share whatever else the
 * machine does during a round, so their ratio is far steadier than figures taken in turns. It stops
 * DynamoDB Local and the stub itself; the targets are stopped by `cleanup`, which the caller runs
 * (also on a failure, and for a target still starting when the other failed to).
 */
export async function runTogether(
  options: TogetherOptions,
  log: (line: string) => void,
  cleanup: Cleanup,
): Promise<TogetherRound[]> {
  const dynamo = await startEmbeddedDynamoDb();
  const stopDynamo = cleanup.add(() => dynamo.stop());
  try {
    await createTargetTables(dynamo.endpoint, options.targets);
    const stub = await ChildHandle.start<StubReady>({
      name: 'stub DynamoDB',
      modulePath: STUB_MAIN,
      args: [dynamo.endpoint],
      env: childEnv({}),
    });
    const stopStub = cleanup.add(() => stub.stop());
    try {
      const targets = await Promise.all(
        options.targets.map((name) => startTarget(name, stub.ready.endpoint, options, cleanup)),
      );
      log(`started ${options.targets.join(' and ')}; sessions prepared`);
      // Each session read (and written) at least once through to DynamoDB Local, so the stub keeps its read.
      for (const target of targets)
        if (target.sessions.length > 0) await load(target, options, 2 * target.sessions.length);
      if (options.through === true) log('stub forwarding every call (--through)');
      else log(`stub frozen with ${await stub.request<number>('freeze')} reads kept`);
      await Promise.all(targets.map((target) => load(target, options, options.requests)));
      const rounds: TogetherRound[] = [];
      for (let round = 1; round <= options.rounds; round += 1) {
        const before = targets.map((target) => cpuMs(target));
        const completed = await Promise.all(
          targets.map((target) => load(target, options, options.requests)),
        );
        const cpuUs = targets.map(
          (target, index) =>
            ((cpuMs(target) - (before[index] as number)) * 1000) / (completed[index] as number),
        ) as [number, number];
        rounds.push({ cpuUs });
        log(
          `round ${round}: ${options.targets[0]} ${cpuUs[0].toFixed(0)} µs, ${options.targets[1]} ${cpuUs[1].toFixed(0)} µs per request (${(cpuUs[1] / cpuUs[0]).toFixed(3)}x)`,
        );
      }
      return rounds;
    } finally {
      await stopStub();
    }
  } finally {
    await stopDynamo();
  }
}

async function startTarget(
  name: TargetName,
  endpoint: string,
  options: TogetherOptions,
  cleanup: Cleanup,
): Promise<RunningTarget> {
  const app = await ChildHandle.start<TargetReady>({
    name: `target ${name}`,
    modulePath: TARGET_MAIN,
    args: [name],
    execArgv: ['--expose-gc'],
    env: targetProcessEnv(name, endpoint),
  });
  cleanup.add(() => app.stop());
  const url = `http://127.0.0.1:${app.ready.port}`;
  const large = options.workload.largeSessions === true ? LARGE_SESSION_BYTES : undefined;
  const sessions = options.workload.usesSessions
    ? await prepareSessions(url, options.sessions, credentialOf(name), large)
    : [];
  return { name, app, url, sessions };
}

/** `amount` responses of the workload from `target`; fails on any answer but a 2xx. */
async function load(target: RunningTarget, options: TogetherOptions, amount: number) {
  const result = await runLoad({
    url: target.url,
    connections: options.connections,
    requests: options.workload.requests(target.sessions, credentialOf(target.name)),
    amount,
  });
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(
      `${target.name}: ${result.non2xx} non-2xx answers and ${result.errors} errors\n${target.app.recentOutput}`,
    );
  }
  return result.completed;
}

function cpuMs(target: RunningTarget): number {
  const pid = target.app.ready.pid;
  const cpu = processCpuMs(pid);
  if (cpu === undefined) throw new Error(`cannot read the CPU time of ${target.name} from /proc`);
  return cpu;
}
