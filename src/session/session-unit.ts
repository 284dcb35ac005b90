import { AsyncLocalStorage } from 'node:async_hooks';
import { Observable, type Subscription } from 'rxjs';
import type { SessionAnswer } from './session-answer.js';
import type { SessionInput } from './session-input.js';
import type { NotStoredReport, SessionManager } from './session-manager.js';

/** How a unit of work hands what its commit answered (a cookie or a token) to its client. */
export interface SessionUnitEnd {
  /**
   * Whether a cookie or token can still reach the client (HTTP: its headers are not out yet;
   * WebSocket: never).
   */
  canSetCookie(): boolean;
  /** Sends what a commit answered (not called when nothing can reach the client any more). */
  send(answer: SessionAnswer): void;
  /** How a commit reports a session it cannot store for want of a cookie (see `SessionManager.commit`). */
  readonly notStored?: NotStoredReport;
  /**
   * Save before each value the handler emits, rather than once it completes: for a stream that may
   * never complete (server-sent events). Else the values are held back until the save is done.
   */
  readonly streaming?: boolean;
}

/** One unit of work of a transport, as {@link runSessionUnit} runs it. */
export interface SessionUnitRun {
  readonly manager: SessionManager;
  /** The unit's key (`SessionTransport.unitOf`). */
  readonly unit: object;
  /** What the session is loaded from, read on the first load of the unit only. */
  readonly input: () => SessionInput;
  /** Load without reading the store: the handler can only end the session (`manager.loadUnread`). */
  readonly unread?: boolean;
  /**
   * How the unit ends. Without it, the transport saves the session itself when its unit ends (a GraphQL
   * operation, once all its resolvers ran): the sequence then only loads the session before the handler.
   */
  readonly end?: SessionUnitEnd;
  /** The error the client sees for `error` (the transport's form of a core error). */
  failure(error: unknown): unknown;
}

/**
 * The one sequence of every transport: loads the unit's session, runs the handler (`handle`), then
 * saves what it changed and hands the cookie to the client before the handler's values go out, so a
 * failed save is a failed unit of work, never a success. A handler that fails (or a failed load or
 * save) ends the unit with `commitAfterError` (without `saveOnError` only a `destroy()` is applied)
 * and fails with the transport's form of the error.
 */
export function runSessionUnit(
  run: SessionUnitRun,
  handle: () => Observable<unknown>,
): Observable<unknown> {
  const { manager, unit, end } = run;
  const commit = (afterError: boolean): Promise<void> => {
    if (end === undefined) return Promise.resolve();
    const canSetCookie = end.canSetCookie();
    const committing = afterError
      ? manager.commitAfterError(unit, canSetCookie, end.notStored)
      : manager.commit(unit, canSetCookie, end.notStored);
    return committing.then((values) => {
      if (end.canSetCookie()) end.send(values);
    });
  };
  // One hand-made Observable rather than an operator chain: this runs on every unit of work that uses
  // the session, and the chain's subscribers cost more CPU than the rest of the sequence.
  return new Observable<unknown>((subscriber) => {
    let handled: Subscription | undefined;
    const fail = (error: unknown): void => {
      void commit(true)
        .catch(() => undefined)
        .then(() => {
          if (subscriber.closed) return; // The client left: nothing to answer.
          subscriber.error(run.failure(error));
        })
        .catch(() => subscriber.error(error));
    };
    const failLoad = (error: unknown): void => {
      if (end !== undefined) fail(error);
      else if (!subscriber.closed) subscriber.error(run.failure(error));
    };
    const start = (): void => {
      if (subscriber.closed) return;
      if (end === undefined) {
        handled = handle().subscribe(subscriber);
        return;
      }
      const held: unknown[] = [];
      const saved = (): Promise<void> => commit(false);
      handled = handle().subscribe({
        next: (value) => {
          if (!end.streaming) held.push(value);
          else
            saved()
              .then(() => subscriber.next(value))
              .catch(fail);
        },
        error: fail,
        complete: () => {
          saved()
            .then(() => {
              for (const value of held) subscriber.next(value);
              subscriber.complete();
            })
            .catch(fail);
        },
      });
    };
    void (
      run.unread === true ? manager.loadUnread(unit, run.input) : manager.load(unit, run.input)
    ).then(start, failLoad);
    return () => handled?.unsubscribe();
  });
}

/**
 * Arguments of handlers' contexts (an HTTP request, a GraphQL context value) by the unit of work they
 * belong to, so that `@Session()`, which sees only its handler's arguments, finds the unit's session.
 */
const units = new WeakMap<object, object>();

/** The unit of work whose handler runs now, for units no argument stands for (a WebSocket message). */
const running = new AsyncLocalStorage<object>();

/** Makes `unit` findable from `argument`, one of its handlers' context arguments; answers `unit`. */
export function shareUnit(argument: object, unit: object): object {
  units.set(argument, unit);
  return unit;
}

/** Runs `work` (a handler and what it calls) as the unit `unit`: see {@link unitOfArguments}. */
export function runAsUnit<T>(unit: object, work: () => T): T {
  return running.run(unit, work);
}

/**
 * The unit of work a handler's context arguments belong to: one its transport shared
 * ({@link shareUnit}), else the unit running now ({@link runAsUnit}); undefined when none did.
 */
export function unitOfArguments(args: readonly unknown[]): object | undefined {
  for (const argument of args) {
    if (typeof argument !== 'object' || argument === null) continue;
    const unit = units.get(argument);
    if (unit !== undefined) return unit;
  }
  return running.getStore();
}
