// Child process: one target app. Usage: node target-main.js <baseline|raw|ours|peer>
// The environment names DynamoDB (the counting proxy), the table and the secret (see target-env.ts).
import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { announceReady, serveCommands } from '../process/ipc-protocol.js';
import { createTargetApp } from './create-target-app.js';
import { RequestCounter } from './request-counter.js';
import { isTargetName } from './target-name.js';

/** What a target child announces when it listens. */
export interface TargetReady {
  readonly port: number;
  readonly pid: number;
}

/** A target's memory, from `process.memoryUsage()`, before and after a forced GC. */
export interface TargetMemory {
  readonly rss: number;
  readonly heapUsed: number;
  readonly rssAfterGc: number;
  readonly heapUsedAfterGc: number;
}

function memory(): TargetMemory {
  const before = process.memoryUsage();
  (globalThis as { gc?: () => void }).gc?.();
  const after = process.memoryUsage();
  return {
    rss: before.rss,
    heapUsed: before.heapUsed,
    rssAfterGc: after.rss,
    heapUsedAfterGc: after.heapUsed,
  };
}

const name = process.argv[2] ?? '';
if (!isTargetName(name)) throw new Error(`unknown target "${name}"`);
const app = await createTargetApp(name);
const counter = new RequestCounter();
counter.attach(app.getHttpServer());
await app.listen(0, '127.0.0.1');
serveCommands({
  counts: () => counter.counts(),
  reset: () => counter.reset(),
  memory,
  stop: async () => {
    await app.close();
    // Exit after the reply is out; a clean exit is what writes a --cpu-prof profile.
    setTimeout(() => process.exit(0), 10);
  },
});
const { port } = app.getHttpServer().address() as AddressInfo;
announceReady({ port, pid: process.pid } satisfies TargetReady);
