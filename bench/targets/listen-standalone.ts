import type { AddressInfo } from 'node:net';
import type { NestExpressApplication } from '@nestjs/platform-express';

/** The line a standalone target writes to stdout once it listens: `listening <port>`. */
export const LISTENING_LINE = /^listening (\d+)$/m;

/**
 * Serves a target app as a plain Node program does (the per-target entries that the cold start
 * bundles): listens on a free port of 127.0.0.1 and says which on stdout, with no IPC channel, so
 * that the process does nothing a real app would not.
 */
export async function listenStandalone(app: NestExpressApplication): Promise<void> {
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  process.stdout.write(`listening ${port}\n`);
}
