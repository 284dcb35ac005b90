import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import type { SessionEvent } from '../src/index.js';

/** How many events of each user the log keeps. */
const PER_USER = 50;
/** How many users it keeps events of (the oldest user's go first): a demo's memory stays bounded. */
const USERS = 10_000;

/**
 * The session events the sample heard, per user, newest first: `@nestjs/event-emitter` delivers them
 * (`EventEmitterModule.forRoot({ wildcard: true })`, events `session.<type>`). In memory, so per
 * process: a real app would store or forward them.
 */
@Injectable()
export class SessionEventLog {
  private readonly byUser = new Map<string, SessionEvent[]>();

  @OnEvent('session.*')
  heard(event: SessionEvent): void {
    if (event.userId === undefined) return; // A guest's: nobody to show it to.
    const events = this.byUser.get(event.userId) ?? [];
    this.byUser.delete(event.userId); // Re-inserted: the most recently active user last.
    events.unshift(event);
    events.length = Math.min(events.length, PER_USER);
    this.byUser.set(event.userId, events);
    if (this.byUser.size > USERS) this.byUser.delete(this.byUser.keys().next().value as string);
  }

  /** The last events of `userId`, newest first. */
  of(userId: string): readonly SessionEvent[] {
    return this.byUser.get(userId) ?? [];
  }
}
