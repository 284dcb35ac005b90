import type { Provider } from '@nestjs/common';
import { ModuleRef, ModulesContainer } from '@nestjs/core';
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
 * `EventEmitter2` (events named `session.<type>`) when the app imports `EventEmitterModule` (looked
 * up on the first event, once the app is up). An app without that module does not load the package
 * (a cold start saves its import, 10 to 20 ms) and, without `onSessionEvent`, has no listener, so its
 * requests pay nothing for events. Internal.
 */
export const sessionEventListenersProvider: Provider = {
  provide: SESSION_EVENT_LISTENERS,
  inject: [SESSION_OPTIONS, ModuleRef, ModulesContainer],
  useFactory: async (
    options: ResolvedSessionOptions,
    moduleRef: ModuleRef,
    modules: ModulesContainer,
  ): Promise<SessionEventListener[]> => {
    const listeners: SessionEventListener[] = [];
    if (options.onSessionEvent !== undefined) listeners.push(options.onSessionEvent);
    if (importsEventEmitterModule(modules)) {
      const viaEventEmitter = await eventEmitterListener(moduleRef);
      if (viaEventEmitter !== undefined) listeners.push(viaEventEmitter);
    }
    return listeners;
  },
};

/**
 * Whether the app imports `@nestjs/event-emitter`'s module. By its class name: its class is what
 * loading the package would give, and the app's modules are all known before any provider is made.
 */
function importsEventEmitterModule(modules: ModulesContainer): boolean {
  for (const module of modules.values()) {
    if (module.metatype?.name === 'EventEmitterModule') return true;
  }
  return false;
}

/** A listener that emits on the app's `EventEmitter2`; undefined when `@nestjs/event-emitter` cannot be loaded. */
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
