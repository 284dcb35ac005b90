import type { Provider, Type } from '@nestjs/common';
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
 * `EventEmitter2` (events named `session.<type>`) when the app imports `EventEmitterModule`. The
 * emitter is found among the app's providers, which are all known before any is made, and fetched on
 * the first event, once the app is up: the library never loads the package itself (a cold start saves
 * its import), and an app without the module has, without `onSessionEvent`, no listener, so its
 * requests pay nothing for events. Internal.
 */
export const sessionEventListenersProvider: Provider = {
  provide: SESSION_EVENT_LISTENERS,
  inject: [SESSION_OPTIONS, ModuleRef, ModulesContainer],
  useFactory: (
    options: ResolvedSessionOptions,
    moduleRef: ModuleRef,
    modules: ModulesContainer,
  ): SessionEventListener[] => {
    const listeners: SessionEventListener[] = [];
    if (options.onSessionEvent !== undefined) listeners.push(options.onSessionEvent);
    const token = eventEmitterToken(modules);
    if (token !== undefined) listeners.push(emittingOn(moduleRef, token));
    return listeners;
  },
};

/**
 * The provider token of the app's `EventEmitter2`, if it has one. By its shape (the class of the
 * `eventemitter2` package, with `emitAsync` and `onAny`), not its name: a bundler may rename classes.
 */
function eventEmitterToken(modules: ModulesContainer): Type<Emitter> | undefined {
  for (const module of modules.values()) {
    for (const token of module.providers.keys()) {
      if (typeof token !== 'function') continue;
      const prototype = (token as { prototype?: Record<string, unknown> }).prototype;
      if (
        typeof prototype?.['emitAsync'] === 'function' &&
        typeof prototype['onAny'] === 'function'
      )
        return token as Type<Emitter>;
    }
  }
  return undefined;
}

/** A listener that emits each event on the app's `EventEmitter2` (looked up on the first event). */
function emittingOn(moduleRef: ModuleRef, token: Type<Emitter>): SessionEventListener {
  let emitter: Emitter | null | undefined;
  return (event) => {
    if (emitter === undefined) {
      try {
        emitter = moduleRef.get(token, { strict: false });
      } catch {
        emitter = null; // Not resolvable from here: no event through it.
      }
    }
    emitter?.emit(sessionEventName(event.type), event);
  };
}
