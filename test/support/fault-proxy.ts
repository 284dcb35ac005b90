import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { crc32 } from 'node:zlib';
import { forwardRequest } from './forward-request.js';

/** What the proxy does with each request. */
export type FaultMode =
  /** forward to DynamoDB (after `latencyMs`) */
  | 'pass'
  /** accept the request and never answer */
  | 'blackhole'
  /** answer with DynamoDB's throttling error */
  | 'throttle'
  /** forward to DynamoDB, then drop the connection instead of answering: the call was made, its answer is lost */
  | 'lose-answer'
  /**
   * answer a TransactWriteItems as DynamoDB does when another transaction is at work on its items:
   * cancelled, each item's reason `TransactionConflict`; nothing written
   */
  | 'transaction-conflict';

/**
 * What an eventually consistent GetItem (ConsistentRead false or absent) is answered with, as a replica
 * that has not caught up would: `'old'` the first answer recorded for that key (its oldest version read),
 * `'last'` the latest answer recorded (the version read last, e.g. before it was deleted), `'missing'`
 * no item (also `'old'` and `'last'` for a key never read). Consistent reads pass through.
 */
export type StaleReads = 'old' | 'last' | 'missing';

/** A GetItem the proxy saw: its key (as sent) and whether it asked for a strongly consistent read. */
export interface SeenGetItem {
  readonly key: string;
  readonly consistent: boolean;
  /** It was answered stale (see {@link FaultProxy.staleReads}). */
  readonly stale: boolean;
}

/**
 * An HTTP proxy between the app and DynamoDB Local that injects the faults the emulator cannot produce:
 * refused connections, black holes, lost answers, latency and throttling. It records every DynamoDB operation it
 * sees (by `X-Amz-Target`), so it counts calls the same way for any client.
 */
export class FaultProxy {
  mode: FaultMode = 'pass';
  latencyMs = 0;
  /** The error `throttle` answers with. */
  throttleError: 'ProvisionedThroughputExceededException' | 'ThrottlingException' =
    'ProvisionedThroughputExceededException';
  /** Apply the fault only to these operations (e.g. `['UpdateItem']`); all when undefined. */
  faultOnly: readonly string[] | undefined;
  /** Apply the fault to this many more requests, then pass (undefined: no limit). */
  faultCount: number | undefined;
  /**
   * Index lag: drop the first item (the newest, as the library queries newest first) from every
   * successful Query answer, as a global secondary index that has not caught up yet would.
   */
  dropNewestFromQueries = false;
  /** Stale answers to eventually consistent GetItems (DynamoDB Local's reads are always consistent). */
  staleReads: StaleReads | undefined;
  /** Every GetItem seen, in arrival order, with its ConsistentRead flag. */
  readonly getItems: SeenGetItem[] = [];
  /** The answers holding an item that DynamoDB gave to GetItems, by key, oldest first: what `staleReads` replays. */
  private readonly answers = new Map<string, Buffer[]>();
  /** Operations seen, e.g. `GetItem`, in arrival order (answered or not). */
  readonly operations: string[] = [];
  private opened = 0;
  private readonly sockets = new Set<Socket>();
  private readonly server: Server;
  private port = 0;

  private constructor(private readonly target: URL) {
    this.server = createServer((request, response) => this.handle(request, response));
    this.server.on('connection', (socket) => {
      this.opened += 1;
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  /** Starts a proxy on a free port of 127.0.0.1 in front of `target` (e.g. DynamoDB Local's endpoint). */
  static async start(target: string): Promise<FaultProxy> {
    const proxy = new FaultProxy(new URL(target));
    await proxy.listen(0);
    return proxy;
  }

  get endpoint(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** How many TCP connections clients opened to the proxy (a keep-alive client reuses one). */
  get connections(): number {
    return this.opened;
  }

  /** How many times `operation` was seen (all operations without an argument). */
  count(operation?: string): number {
    return operation === undefined
      ? this.operations.length
      : this.operations.filter((seen) => seen === operation).length;
  }

  /** Stops listening and drops every connection: clients get "connection refused" until {@link restore}. */
  async refuse(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.dropConnections();
    });
  }

  /** Listens again on the same port after {@link refuse}, in `pass` mode. */
  async restore(): Promise<void> {
    this.heal();
    await this.listen(this.port);
  }

  async close(): Promise<void> {
    if (this.server.listening) await this.refuse();
  }

  private listen(port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => {
        this.server.off('error', reject);
        const address = this.server.address();
        if (typeof address === 'object' && address !== null) this.port = address.port;
        resolve();
      });
    });
  }

  private dropConnections(): void {
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }

  private handle(request: IncomingMessage, response: ServerResponse): void {
    const target = String(request.headers['x-amz-target'] ?? '');
    const operation = target.slice(target.indexOf('.') + 1);
    this.operations.push(operation);
    switch (this.faultFor(operation)) {
      case 'blackhole':
        request.resume(); // read the body, answer nothing
        return;
      case 'throttle':
        request.resume();
        request.on('end', () => this.answerThrottled(response));
        return;
      case 'lose-answer':
        forwardRequest(this.target, request, response, undefined, undefined, () =>
          response.destroy(),
        );
        return;
      case 'transaction-conflict':
        this.answerTransactionConflict(request, response);
        return;
      case 'pass': {
        if (operation === 'GetItem') {
          this.getItem(request, response);
          return;
        }
        const rewrite =
          this.dropNewestFromQueries && operation === 'Query' ? dropFirstItem : undefined;
        const forwardIt = () => forwardRequest(this.target, request, response, undefined, rewrite);
        if (this.latencyMs > 0) setTimeout(forwardIt, this.latencyMs);
        else forwardIt();
      }
    }
  }

  /** The GetItems seen (see {@link getItems}), split by their ConsistentRead flag. */
  getItemCounts(): { consistent: number; eventual: number } {
    const consistent = this.getItems.filter((get) => get.consistent).length;
    return { consistent, eventual: this.getItems.length - consistent };
  }

  /** Reads a GetItem's body, records it, and answers it stale or forwards it (recording the answer). */
  private getItem(request: IncomingMessage, response: ServerResponse): void {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      const { Key, ConsistentRead } = JSON.parse(body.toString('utf8')) as {
        Key?: unknown;
        ConsistentRead?: boolean;
      };
      const key = JSON.stringify(Key);
      const consistent = ConsistentRead === true;
      const stale = !consistent && this.staleReads !== undefined;
      this.getItems.push({ key, consistent, stale });
      if (stale) {
        const recorded = this.answers.get(key) ?? [];
        const old =
          this.staleReads === 'old'
            ? recorded[0]
            : this.staleReads === 'last'
              ? recorded.at(-1)
              : undefined;
        answerJson(response, old ?? Buffer.from('{}'));
        return;
      }
      const record = (answer: Buffer): Buffer => {
        // Only versions: an answer without the item is what 'missing' gives anyway.
        if (!answer.includes('"Item"')) return answer;
        const recorded = this.answers.get(key) ?? [];
        recorded.push(answer);
        this.answers.set(key, recorded);
        return answer;
      };
      const forwardIt = () => forwardRequest(this.target, request, response, body, record);
      if (this.latencyMs > 0) setTimeout(forwardIt, this.latencyMs);
      else forwardIt();
    });
  }

  /** The mode that applies to this request, counting it against `faultCount`. */
  private faultFor(operation: string): FaultMode {
    if (this.mode === 'pass') return 'pass';
    if (this.faultOnly !== undefined && !this.faultOnly.includes(operation)) return 'pass';
    if (this.faultCount !== undefined) {
      if (this.faultCount <= 0) return 'pass';
      this.faultCount -= 1;
    }
    return this.mode;
  }

  /** Back to forwarding everything at once. */
  heal(): void {
    this.mode = 'pass';
    this.latencyMs = 0;
    this.faultOnly = undefined;
    this.faultCount = undefined;
    this.dropNewestFromQueries = false;
    this.staleReads = undefined;
  }

  private answerTransactionConflict(request: IncomingMessage, response: ServerResponse): void {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const { TransactItems = [] } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        TransactItems?: unknown[];
      };
      const body = JSON.stringify({
        __type: 'com.amazonaws.dynamodb.v20120810#TransactionCanceledException',
        message:
          'Transaction cancelled, please refer cancellation reasons for specific reasons [TransactionConflict] (injected by FaultProxy)',
        CancellationReasons: TransactItems.map(() => ({
          Code: 'TransactionConflict',
          Message: 'Transaction is ongoing for the item',
        })),
      });
      response.writeHead(400, {
        'content-type': 'application/x-amz-json-1.0',
        'content-length': Buffer.byteLength(body),
      });
      response.end(body);
    });
  }

  private answerThrottled(response: ServerResponse): void {
    const body = JSON.stringify({
      __type: `com.amazonaws.dynamodb.v20120810#${this.throttleError}`,
      message: 'Rate of requests exceeds the allowed throughput (injected by FaultProxy).',
    });
    response.writeHead(400, {
      'content-type': 'application/x-amz-json-1.0',
      'content-length': Buffer.byteLength(body),
    });
    response.end(body);
  }
}

/** Answers `body` as DynamoDB does (JSON, with its CRC32 header). */
function answerJson(response: ServerResponse, body: Buffer): void {
  response.writeHead(200, {
    'content-type': 'application/x-amz-json-1.0',
    'content-length': body.length,
    'x-amz-crc32': String(crc32(body)),
  });
  response.end(body);
}

/** A Query answer without its first item (an error answer is left as it is). */
function dropFirstItem(answer: Buffer): Buffer {
  const body = JSON.parse(answer.toString('utf8')) as { Items?: unknown[]; Count?: number };
  if (!Array.isArray(body.Items) || body.Items.length === 0) return answer;
  body.Items = body.Items.slice(1);
  body.Count = body.Items.length;
  return Buffer.from(JSON.stringify(body));
}
