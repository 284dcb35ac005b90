import { CallDeadlines } from './call-deadlines.js';
import { storeCallError } from './session-store-rejected.error.js';

/**
 * Sends the session table's DynamoDB commands, each within `requestTimeout` (retries included); any
 * failure becomes a `SessionStoreUnavailableError` (or, for a request DynamoDB refused as
 * wrong, a `SessionStoreRejectedError`) naming the operation and the table.
 */
export class DynamoCommandSender {
  private readonly deadlines: CallDeadlines;

  constructor(
    readonly table: string,
    private readonly timeoutMs: number,
  ) {
    this.deadlines = new CallDeadlines(timeoutMs);
  }

  async send<Output>(
    operation: string,
    call: (abortSignal: AbortSignal) => Promise<Output>,
  ): Promise<Output> {
    const timeoutMs = this.timeoutMs;
    try {
      return await call(this.deadlines.signal());
    } catch (error) {
      throw storeCallError({ operation, tableName: this.table, cause: error, timeoutMs });
    }
  }
}
