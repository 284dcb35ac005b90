import { Agent, createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The DynamoDB writes the stub answers itself once frozen. */
const WRITES: ReadonlySet<string> = new Set(['PutItem', 'UpdateItem', 'DeleteItem']);

const JSON_TYPE = { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': 'stub' };

async function readAll(stream: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

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

  private async answer(req: IncomingMessage): Promise<{
    status: number;
    headers: Record<string, string | string[] | undefined>;
    body: Buffer;
  }> {
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

  private forward(
    req: IncomingMessage,
    body: Buffer,
  ): Promise<{
    status: number;
    headers: Record<string, string | string[] | undefined>;
    body: Buffer;
  }> {
    return new Promise((resolve, reject) => {
      const upstream = request(
        {
          host: this.upstream.hostname,
          port: this.upstream.port,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, 'content-length': String(body.length) },
          agent: this.agent,
        },
        (answer) => {
          readAll(answer).then(
            (answerBody) =>
              resolve({
                status: answer.statusCode ?? 502,
                headers: answer.headers,
                body: answerBody,
              }),
            reject,
          );
        },
      );
      upstream.once('error', reject);
      upstream.end(body);
    });
  }
}
