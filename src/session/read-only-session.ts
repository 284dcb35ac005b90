import type { Session } from './session.js';
import { CHANGING_CONTROLS } from './session-controls.js';
import { SessionReadOnlyError } from './session-read-only.error.js';
import { shareState } from './session-state.js';

const CHANGING = new Set<PropertyKey>(CHANGING_CONTROLS);

/**
 * A view of `session` that reads as it does but throws {@link SessionReadOnlyError}, saying `reason`,
 * on every write: assigning or deleting a key and the controls that change it (logIn, logOut,
 * regenerate, destroy, touch, csrfToken). For a unit of work that can neither set a cookie nor save.
 */
export function readOnlySession(session: Session, reason: string): Session {
  const refuse = (): never => {
    throw new SessionReadOnlyError(reason);
  };
  const view = new Proxy(session, {
    get(target, key) {
      if (CHANGING.has(key)) return refuse;
      return Reflect.get(target, key, target) as unknown;
    },
    set: refuse,
    defineProperty: refuse,
    deleteProperty: refuse,
    setPrototypeOf: refuse,
  });
  shareState(view, session);
  return view;
}
