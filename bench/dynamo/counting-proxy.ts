import {
  Agent,
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { Socket } from 'node:net';
import { forwardCall, readAll } from './forward-call.js';
import { READ_OPERATIONS, WRITE_OPERATIONS } from './operation-kinds.js';
import { OperationTally, type TallySnapshot } from './operation-tally.js';

/** A {@link TallySnapshot} plus the calls still being answered and the proxy's CPU time. */
export interface ProxySnapshot extends TallySnapshot {
  readonly inFlight: number;
  /** CPU time (user + system) of the proxy's process since the last reset, in milliseconds. */
  readonly cpuMs: number;
}

type Body = Record<string, unknown>;

function parseJson(buffer: Buffer): Body | undefined {
  try {
    const value: unknown = JSON.parse(buffer.toString('utf8'));
    return typeof value === 'object' && value !== null ? (value as Body) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * An HTTP proxy in front of DynamoDB (Local) that counts every operation it forwards by its
 * `X-Amz-Target` header, so it counts any client the same way (this library's, connect-dynamodb's,
 * hand-written calls). It also asks DynamoDB for the capacity each read and write consumed (it adds
 * `ReturnConsumedCapacity: TOTAL` to requests that do not ask for it; DynamoDB Local computes it from
 * item sizes) and adds it up. Answers are passed back byte for byte.
 */
export class CountingProxy {
  private readonly tally = new OperationTally();
  private inFlight = 0;
  private cpuSince = process.cpuUsage();
  private readonly sockets = new Set<Socket>();
  private readonly server: Server;
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 256 });
  private port = 0;

  private constructor(private readonly target: URL) {
    this.server = createServer((request, response) => void this.handle(request, response));
    this.server.keepAliveTimeout = 60_000;
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  /** Starts a proxy on a free port of 127.0.0.1 in front of `target` (DynamoDB Local's endpoint). */
  static async start(target: string): Promise<CountingProxy> {
    const proxy = new CountingProxy(new URL(target));
    await new Promise<void>((resolve, reject) => {
      proxy.server.once('error', reject);
      proxy.server.listen(0, '127.0.0.1', () => resolve());
    });
    const address = proxy.server.address();
    if (typeof address === 'object' && address !== null) proxy.port = address.port;
    return proxy;
  }

  get endpoint(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  snapshot(): ProxySnapshot {
    const cpu = process.cpuUsage(this.cpuSince);
    return {
      ...this.tally.snapshot(),
      inFlight: this.inFlight,
      cpuMs: (cpu.user + cpu.system) / 1000,
    };
  }

  reset(): void {
    this.tally.reset();
    this.cpuSince = process.cpuUsage();
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      for (const socket of this.sockets) socket.destroy();
    });
    this.agent.destroy();
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    this.inFlight += 1;
    let done = false;
    const finish = (): void => {
      if (!done) this.inFlight -= 1;
      done = true;
    };
    response.on('close', finish);
    try {
      const target = String(request.headers['x-amz-target'] ?? '');
      const operation = target.slice(target.indexOf('.') + 1);
      let body = await readAll(request);
      const parsed = parseJson(body);
      this.tally.request(operation, parsed);
      const measured = READ_OPERATIONS.has(operation) || WRITE_OPERATIONS.has(operation);
      if (measured && parsed !== undefined && parsed['ReturnConsumedCapacity'] === undefined) {
        body = Buffer.from(JSON.stringify({ ...parsed, ReturnConsumedCapacity: 'TOTAL' }));
      }
      const answer = await this.send(request, body);
      const answerBody = await readAll(answer);
      if (measured && answer.statusCode === 200) {
        const consumed = parseJson(answerBody)?.['ConsumedCapacity'];
        if (consumed !== undefined) this.tally.capacity(operation, consumed);
      }
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      response.end(answerBody);
    } catch {
      response.destroy();
    } finally {
      finish();
    }
  }

  private send(request: IncomingMessage, body: Buffer): Promise<IncomingMessage> {
    return forwardCall(this.target, this.agent, request, body);
  }
}
