import type { IncomingMessage, Server, ServerResponse } from 'node:http';

/** The requests an app received, how many it has not finished yet, and the CPU it used. */
export interface RequestCounts {
  readonly received: number;
  readonly inFlight: number;
  /** CPU time (user + system) of the whole process since the last reset, in milliseconds. */
  readonly cpuMs: number;
}

/**
 * Counts the requests a target's HTTP server receives and finishes, below Nest and Express (the same
 * listener in every target), and the CPU time the process spends meanwhile. The bench divides DynamoDB calls by `received` once `inFlight` is 0,
 * so requests still running when the load generator stopped are counted on both sides.
 */
export class RequestCounter {
  private received = 0;
  private inFlight = 0;
  private cpuSince = process.cpuUsage();

  attach(server: Server): void {
    server.on('request', (_request: IncomingMessage, response: ServerResponse) => {
      this.received += 1;
      this.inFlight += 1;
      response.once('close', () => {
        this.inFlight -= 1;
      });
    });
  }

  counts(): RequestCounts {
    const cpu = process.cpuUsage(this.cpuSince);
    return {
      received: this.received,
      inFlight: this.inFlight,
      cpuMs: (cpu.user + cpu.system) / 1000,
    };
  }

  reset(): void {
    this.received = 0;
    this.cpuSince = process.cpuUsage();
  }
}
