import { createConnection } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Resolves once 127.0.0.1:`port` accepts a TCP connection, polling every 50 ms; rejects after
 * `timeoutMs`. Nest logs "Nest application successfully started" when the app is initialised, before
 * `listen()` has bound the port, so a test that connects on that line alone can meet ECONNREFUSED.
 */
export async function waitForPort(port: number, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await accepts(port)) return;
    if (Date.now() >= deadline)
      throw new Error(`nothing accepted connections on 127.0.0.1:${port} within ${timeoutMs} ms`);
    await sleep(50);
  }
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => {
      socket.destroy();
      resolve(false);
    });
  });
}
