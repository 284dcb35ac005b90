import { Agent, createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { forwardCall, readAll } from '../dynamo/forward-call.js';

/** The DynamoDB writes the stub answers itself once frozen. */
const WRITES: ReadonlySet<string> = new Set(['PutItem', 'UpdateItem', 'DeleteItem']);

/** An answer to a call, whole. */
interface Answer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: Buffer;
}

const JSON_TYPE = { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': 'stub' };

/**
 * A stand-in for DynamoDB that costs next to no CPU, so that what a target costs is not lost in what
 * the emulator costs on the same cores. Until {@link freeze} it forwards every call to DynamoDB Local
 * and keeps the last answer to each `GetItem` (by table and key). Frozen, it answers a `GetItem` it
 * kept an answer to with that answer, and a write with success (`{}`, or an `Attributes` with an
 * `expires` when the call asks for values back, as connect-dynamodb's `touch` does) without reaching
 * DynamoDB Local; any other call is still forwarded. A target then reads the session it read last
 * before the freeze, every time, and its writes change nothing: the work of a read and a write
 * without the store's.
 */
export class StubDynamoDb {
  private readonly kept = new Map<string, Buffer>();
  private frozen = false;
  private readonly agent = new Agent({ keepAlive: true });

  private constructor(
    private readonly upstream: URL,
    private readonly server: Server,
  ) {}

  /** Starts the stub on a free port of 127.0.0.1, in front of `upstream` (DynamoDB Local's endpoint). */
  static async start(upstream: string): Promise<StubDynamoDb> {
    const server = createServer();
    const stub = new StubDynamoDb(new URL(upstream), server);
    server.on('request', (req, res) => {
      stub.answer(req).then(
        ({ status, headers, body }) => {
          res.writeHead(status, headers);
          res.end(body);
        },
        () => res.destroy(),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return stub;
  }

  get endpoint(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** From now on, answers kept reads and every write itself. */
  freeze(): void {
    this.frozen = true;
  }

  /** How many reads it keeps an answer to. */
  get keptReads(): number {
    return this.kept.size;
  }

  async close(): Promise<void> {
    this.agent.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async answer(req: IncomingMessage): Promise<Answer> {
    const body = await readAll(req);
    const target = String(req.headers['x-amz-target'] ?? '');
    const operation = target.slice(target.indexOf('.') + 1);
    const call = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
    const key = JSON.stringify([call['TableName'], call['Key']]);
    if (this.frozen) {
      const kept = operation === 'GetItem' ? this.kept.get(key) : undefined;
      if (kept !== undefined) return { status: 200, headers: JSON_TYPE, body: kept };
      if (WRITES.has(operation)) {
        const values = call['ReturnValues'] === undefined || call['ReturnValues'] === 'NONE';
        const answer = values ? '{}' : '{"Attributes":{"expires":{"N":"1"}}}';
        return { status: 200, headers: JSON_TYPE, body: Buffer.from(answer) };
      }
    }
    const forwarded = await this.forward(req, body);
    if (operation === 'GetItem' && forwarded.status === 200 && !this.frozen)
      this.kept.set(key, forwarded.body);
    return forwarded;
  }

  private async forward(req: IncomingMessage, body: Buffer): Promise<Answer> {
    const answer = await forwardCall(this.upstream, this.agent, req, body);
    return {
      status: answer.statusCode ?? 502,
      headers: answer.headers,
      body: await readAll(answer),
    };
  }
}
