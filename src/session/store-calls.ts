import type { Logger } from '@nestjs/common';
import { SessionStoreError } from '../repository/session-store.error.js';
import { SessionTooLargeError } from '../repository/session-too-large.error.js';
import { SessionStoreRejectedError } from '../repository/session-store-rejected.error.js';
import { SessionStoreUnavailableError } from '../repository/session-store-unavailable.error.js';

/** What a load answers when the store failed and `failOpen` lets the unit go on without it. */
export const STORE_UNAVAILABLE = Symbol('store unavailable');

/**
 * The one place store failures become the core's errors, and `failOpen` is applied: every store call
 * of the core goes through it. Never "no session".
 */
export class StoreCalls {
  constructor(
    private readonly logger: Logger,
    private readonly failOpen: boolean,
  ) {}

  /** Runs a store call, turning its failure into the core's error the unit of work fails with. */
  async run<T>(action: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      throw this.failure(action, error);
    }
  }

  /**
   * Runs a read of `what`; with `failOpen`, a store failure answers {@link STORE_UNAVAILABLE} (logged),
   * so the unit goes on with an empty session that will not be saved.
   */
  async load<T>(what: string, call: () => Promise<T>): Promise<T | typeof STORE_UNAVAILABLE> {
    try {
      return await call();
    } catch (error) {
      if (!(this.failOpen && error instanceof SessionStoreError)) throw this.failure('load', error);
      this.logger.warn(
        `Could not load ${what}, going on with an empty one that will not be saved (failOpen): ${error.message}`,
      );
      return STORE_UNAVAILABLE;
    }
  }

  /**
   * A store failure as the core's error, logged once: {@link SessionStoreUnavailableError} when DynamoDB
   * is down, slow or throttling; {@link SessionStoreRejectedError} when it rejected the request; a
   * `SessionTooLargeError` (session over `maxSessionSize`) as it is. Anything else is not the store's.
   */
  private failure(action: string, error: unknown): unknown {
    if (error instanceof SessionTooLargeError) {
      this.logger.warn(`Could not ${action} the session: ${error.message}`);
      return error;
    }
    if (!(error instanceof SessionStoreError)) return error;
    this.logger.error(`Could not ${action} the session: ${error.message}`);
    return error.rejected
      ? new SessionStoreRejectedError({ cause: error })
      : new SessionStoreUnavailableError({ cause: error });
  }
}
