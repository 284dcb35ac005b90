// Child process: one target app. Usage: node target-main.js <baseline|raw|ours|peer>
// The environment names DynamoDB (the counting proxy), the table and the secret (see target-env.ts).
import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { announceReady, serveCommands } from '../process/ipc-protocol.js';
import { CpuProfiler } from './cpu-profiler.js';
import { createTargetApp } from './create-target-app.js';
import { RequestCounter } from './request-counter.js';
import { isTargetName } from './target-name.js';

/** What a target child announces when it listens. */
export interface TargetReady {
  readonly port: number;
  readonly pid: number;
}

/** A target's memory in bytes, from `process.memoryUsage()`. */
export interface TargetMemory {
  readonly rss: number;
  readonly heapTotal: number;
  readonly heapUsed: number;
  /** Memory of C++ objects bound to JavaScript objects, Buffers included. */
  readonly external: number;
}

function memoryNow(): TargetMemory {
  const { rss, heapTotal, heapUsed, external } = process.memoryUsage();
  return { rss, heapTotal, heapUsed, external };
}

const MiB = 2 ** 20;

/**
 * The memory at rest: forced full GCs half a second apart until RSS stops falling (V8 gives heap
 * pages back a little at each GC), at most 10. Under load RSS follows V8's GC sawtooth (tens of MiB
 * between two major GCs); at rest it shows what the process really keeps, comparably before and after
 * a soak.
 */
async function memoryAtRest(): Promise<TargetMemory> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('start the target with --expose-gc');
  let previous = memoryNow();
  for (let round = 0; round < 10; round += 1) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 500));
    const current = memoryNow();
    if (round >= 2 && previous.rss - current.rss < MiB / 2) return current;
    previous = current;
  }
  return previous;
}

const name = process.argv[2] ?? '';
if (!isTargetName(name)) throw new Error(`unknown target "${name}"`);
const app = await createTargetApp(name);
const counter = new RequestCounter();
const profiler = new CpuProfiler();
counter.attach(app.getHttpServer());
await app.listen(0, '127.0.0.1');
serveCommands({
  counts: () => counter.counts(),
  reset: () => counter.reset(),
  memory: (mode) => (mode === 'rest' ? memoryAtRest() : memoryNow()),
  'profile-start': () => profiler.start(),
  'profile-stop': (path) => profiler.stop(path ?? `${name}.cpuprofile`),
  stop: async () => {
    await app.close();
    // Exit after the reply is out.
    setTimeout(() => process.exit(0), 10);
  },
});
const { port } = app.getHttpServer().address() as AddressInfo;
announceReady({ port, pid: process.pid } satisfies TargetReady);
