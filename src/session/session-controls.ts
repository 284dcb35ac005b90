import type { SessionControls } from './session.js';

/**
 * Every control a session offers besides its data ({@link SessionControls}), in one list, each marked
 * by whether using it changes the session. The `satisfies` makes a control added to the interface
 * fail to compile until it is listed here, so the reserved names, the read-only view and the session
 * prototype cannot miss it.
 */
const CONTROLS = {
  id: 'reads',
  isNew: 'reads',
  handle: 'reads',
  userId: 'reads',
  authenticatedAt: 'reads',
  logIn: 'changes',
  reauthenticated: 'changes',
  logOut: 'changes',
  regenerate: 'changes',
  destroy: 'changes',
  touch: 'changes',
  csrfToken: 'changes',
} as const satisfies Record<keyof SessionControls, 'reads' | 'changes'>;

type Controls = typeof CONTROLS;

/** The controls that change a session when called: all of them are methods. */
export type ChangingControl = {
  [Name in keyof Controls]: Controls[Name] extends 'changes' ? Name : never;
}[keyof Controls];

/** The names of all the controls. */
export const SESSION_CONTROL_NAMES = Object.freeze(
  Object.keys(CONTROLS) as (keyof SessionControls)[],
);

/** The names of the controls that change a session (logIn, reauthenticated, logOut, regenerate, ...). */
export const CHANGING_CONTROLS = Object.freeze(
  SESSION_CONTROL_NAMES.filter((name): name is ChangingControl => CONTROLS[name] === 'changes'),
);
