import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { SESSION_EVENT_LISTENERS } from '../dynamo-session.constants.js';
import type { SessionEndings } from '../repository/session-repository.js';
import { SessionClock, systemClock } from '../session-clock.js';
import type { SessionEventListener } from './session-event.js';
import { SessionEvents } from './session-events.js';

/**
 * The `revoked` events of sessions the app ended through the repository (`destroyByUser`: "log out
 * everywhere"; `destroyByHandle`: one session from a device list), one per session, with its user,
 * handle and the time. The repository tells it once the sessions are deleted. Internal.
 */
@Injectable()
export class SessionRevocations implements SessionEndings {
  private readonly events: SessionEvents;

  constructor(
    @Optional() @Inject(SESSION_EVENT_LISTENERS) listeners?: SessionEventListener[] | null,
    @Optional() @Inject(SessionClock) private readonly clock: SessionClock = systemClock,
  ) {
    this.events = new SessionEvents(listeners ?? [], new Logger('DynamoSession'));
  }

  revoked(userId: string, handles: readonly string[]): void {
    if (!this.events.enabled) return;
    const at = this.clock.now();
    for (const handle of handles) this.events.emit({ type: 'revoked', userId, handle, at });
  }
}
