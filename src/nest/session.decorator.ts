import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { USES_SESSION } from '../dynamo-session.constants.js';
import type { Session as SessionObject, SessionData } from '../session/session.js';
import { loadedSession } from '../session/session-context.js';
import { unitOfArguments } from '../session/session-unit.js';
import { sessionUnavailableIn } from './session-transports.js';

/** The session type: `@Session() session: Session` (or `Session<MyData>`). */
export type Session<T extends object = SessionData> = SessionObject<T>;

const sessionParam = createParamDecorator((key: string | undefined, context: ExecutionContext) => {
  // The guard or the interceptor that loaded the session had its transport make the unit findable from
  // the handler's arguments: a parameter decorator has no dependency injection to ask the transport.
  const unit = unitOfArguments(context.getArgs<unknown[]>());
  const loaded = unit === undefined ? undefined : loadedSession(unit);
  if (loaded === undefined) {
    const type = context.getType<string>();
    // A wiring mistake: a plain Error, so Nest logs it and the client sees a bare 500.
    throw new Error(
      'The session was not loaded for this route. If DynamoSessionModule has globalInterceptor: false, ' +
        'add @UseInterceptors(SessionInterceptor) to this controller or handler. If a method decorator ' +
        'replaces the handler function, apply it before @Session() marks it, or add @UseSession() to the handler.' +
        (type === 'http' ? '' : ` ${sessionUnavailableIn(type).message}`),
    );
  }
  return key === undefined ? loaded.session : loaded.session[key];
});

/**
 * Injects the request's session (`@Session() session: Session`) or one of its values
 * (`@Session('cart') cart?: string[]`). Routes without it (or {@link SessionGuard}) never load the
 * session, so they cost no DynamoDB call. A handler whose only session parameter is
 * `@Session('destroy') destroy: Session['destroy']` (a logout) does not read the session either: calling
 * `destroy()` deletes its item without a GetItem first.
 */
export function Session(key?: string): ParameterDecorator {
  return (target, method, index) => {
    if (method !== undefined) {
      const handler = (target as Record<string | symbol, unknown>)[method];
      if (typeof handler === 'function') {
        const before = Reflect.getMetadata(USES_SESSION, handler) as true | 'destroy' | undefined;
        const onlyDestroy = key === 'destroy' && before !== true;
        Reflect.defineMetadata(USES_SESSION, onlyDestroy ? 'destroy' : true, handler);
      }
    }
    sessionParam(key)(target, method, index);
  };
}
