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
const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The memory at rest: a forced full GC every half second until RSS has not fallen for `quietSeconds`
 * (4 in a full run), for at least `minSeconds` and at most 30 s. Under load RSS follows V8's GC sawtooth (tens of MiB between
 * two major GCs); V8 gives heap pages back in steps about 5 s apart once the load stops, so RSS at
 * rest is what the process really keeps, comparable before and after a soak.
 */
async function memoryAtRest(minSeconds: number, quietSeconds: number): Promise<TargetMemory> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('start the target with --expose-gc');
  const start = Date.now();
  let lowest = memoryNow().rss;
  let lastDrop = start;
  for (;;) {
    gc();
    await pause(500);
    const current = memoryNow();
    const now = Date.now();
    if (current.rss < lowest - MiB / 2) lastDrop = now;
    lowest = Math.min(lowest, current.rss);
    const settled = now - lastDrop >= quietSeconds * 1000 && now - start >= minSeconds * 1000;
    if (settled || now - start >= 30_000) return current;
  }
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
  // `memory` reads the memory now; `memory rest:<min seconds>:<quiet seconds>` at rest.
  memory: (mode) => {
    const [kind, min, quiet] = (mode ?? '').split(':');
    return kind === 'rest' ? memoryAtRest(Number(min), Number(quiet)) : memoryNow();
  },
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
