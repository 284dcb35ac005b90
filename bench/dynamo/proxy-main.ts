// Child process: the counting proxy, so that its CPU is neither the target app's nor the load
// generator's. Usage: node proxy-main.js <DynamoDB endpoint>
import { announceReady, serveCommands } from '../process/ipc-protocol.js';
import { CountingProxy } from './counting-proxy.js';

/** What the proxy child announces when it is ready. */
export interface ProxyReady {
  readonly endpoint: string;
}

const target = process.argv[2];
if (target === undefined) throw new Error('usage: proxy-main.js <DynamoDB endpoint>');
const proxy = await CountingProxy.start(target);
serveCommands({
  snapshot: () => proxy.snapshot(),
  reset: () => proxy.reset(),
  stop: async () => {
    await proxy.close();
    setTimeout(() => process.exit(0), 10);
  },
});
announceReady({ endpoint: proxy.endpoint } satisfies ProxyReady);
