import type { Provider } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { SESSION_EVENT_LISTENERS, SESSION_OPTIONS } from '../dynamo-session.constants.js';
import type { ResolvedSessionOptions } from '../options/resolved-session-options.js';
import {
  sessionEventName,
  type SessionEvent,
  type SessionEventListener,
} from '../session/session-event.js';

/** What of `@nestjs/event-emitter`'s `EventEmitter2` the events need. */
interface Emitter {
  emit(name: string, payload: SessionEvent): unknown;
}

/**
 * The app's session event listeners: the `onSessionEvent` option, and `@nestjs/event-emitter`'s
 * `EventEmitter2` (events named `session.<type>`) when the package is installed and the app imports
 * `EventEmitterModule` (looked up on the first event, once the app is up). Internal.
 */
export const sessionEventListenersProvider: Provider = {
  provide: SESSION_EVENT_LISTENERS,
  inject: [SESSION_OPTIONS, ModuleRef],
  useFactory: async (
    options: ResolvedSessionOptions,
    moduleRef: ModuleRef,
  ): Promise<SessionEventListener[]> => {
    const listeners: SessionEventListener[] = [];
    if (options.onSessionEvent !== undefined) listeners.push(options.onSessionEvent);
    const viaEventEmitter = await eventEmitterListener(moduleRef);
    if (viaEventEmitter !== undefined) listeners.push(viaEventEmitter);
    return listeners;
  },
};

/** A listener that emits on the app's `EventEmitter2`; undefined when `@nestjs/event-emitter` is not installed. */
async function eventEmitterListener(
  moduleRef: ModuleRef,
): Promise<SessionEventListener | undefined> {
  let token: unknown;
  try {
    ({ EventEmitter2: token } = await import('@nestjs/event-emitter'));
  } catch {
    return undefined; // An optional peer dependency the app does not have.
  }
  let emitter: Emitter | null | undefined;
  return (event) => {
    if (emitter === undefined) {
      try {
        emitter = moduleRef.get(token as new () => Emitter, { strict: false });
      } catch {
        emitter = null; // Installed, but the app does not import EventEmitterModule.
      }
    }
    emitter?.emit(sessionEventName(event.type), event);
  };
}
