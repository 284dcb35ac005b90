import type { Logger } from '@nestjs/common';
import type { SessionEvent, SessionEventListener } from './session-event.js';

/**
 * Hands session events to the app's listeners (`onSessionEvent`, and `@nestjs/event-emitter` when the
 * app has it). A listener that throws, or whose promise rejects, is logged: an event never fails the
 * request it came from. Without listeners nothing is made: `enabled` is false.
 */
export class SessionEvents {
  constructor(
    private readonly listeners: readonly SessionEventListener[],
    private readonly logger: Logger,
  ) {}

  get enabled(): boolean {
    return this.listeners.length > 0;
  }

  emit(event: SessionEvent): void {
    for (const listener of this.listeners) {
      try {
        const result = listener(event);
        if (result instanceof Promise) result.catch((error: unknown) => this.failed(event, error));
      } catch (error) {
        this.failed(event, error);
      }
    }
  }

  private failed(event: SessionEvent, error: unknown): void {
    const reason = error instanceof Error ? (error.stack ?? error.message) : String(error);
    this.logger.error(`A session event listener failed on "${event.type}": ${reason}`);
  }
}
