import type { IncomingMessage, Server, ServerResponse } from 'node:http';

/** The requests an app received, and how many it has not finished yet. */
export interface RequestCounts {
  readonly received: number;
  readonly inFlight: number;
}

/**
 * Counts the requests a target's HTTP server receives and finishes, below Nest and Express (the same
 * listener in every target). The bench divides DynamoDB calls by `received` once `inFlight` is 0,
 * so requests still running when the load generator stopped are counted on both sides.
 */
export class RequestCounter {
  private received = 0;
  private inFlight = 0;

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
    return { received: this.received, inFlight: this.inFlight };
  }

  reset(): void {
    this.received = 0;
  }
}
