import { storeCallError } from './session-store-rejected.error.js';

/**
 * Sends the session table's DynamoDB commands, each within `requestTimeout` (retries included); any
 * failure becomes a `SessionStoreUnavailableError` (or, for a request DynamoDB refused as
 * wrong, a `SessionStoreRejectedError`) naming the operation and the table.
 */
export class DynamoCommandSender {
  constructor(
    readonly table: string,
    private readonly timeoutMs: number,
  ) {}

  async send<Output>(
    operation: string,
    call: (abortSignal: AbortSignal) => Promise<Output>,
  ): Promise<Output> {
    // A controller and a timer cleared on the answer: cheaper per call than AbortSignal.timeout().
    const timeoutMs = this.timeoutMs;
    const controller = new AbortController();
    const timer = setTimeout(
      () => controller.abort(new DOMException(`no answer within ${timeoutMs} ms`, 'TimeoutError')),
      timeoutMs,
    );
    try {
      return await call(controller.signal);
    } catch (error) {
      throw storeCallError({ operation, tableName: this.table, cause: error, timeoutMs });
    } finally {
      clearTimeout(timer);
    }
  }
}
