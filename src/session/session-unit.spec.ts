import { lastValueFrom, Observable, of, Subject, tap, throwError, toArray } from 'rxjs';
import type { SessionManager } from './session-manager.js';
import { runSessionUnit, type SessionUnitEnd, type SessionUnitRun } from './session-unit.js';

/** A manager that records the calls the sequence makes, in order, and answers one cookie per commit. */
function recordingManager(events: string[], failLoad?: Error): SessionManager {
  const answer = (name: string) => () => {
    events.push(name);
    return Promise.resolve({ cookies: ['sid=1'], headers: {} });
  };
  return {
    load: () => {
      events.push('load');
      return failLoad === undefined ? Promise.resolve({}) : Promise.reject(failLoad);
    },
    loadUnread: () => {
      events.push('loadUnread');
      return Promise.resolve({});
    },
    commit: answer('commit'),
    commitAfterError: answer('commitAfterError'),
  } as unknown as SessionManager;
}

function run(
  events: string[],
  options: { end?: Partial<SessionUnitEnd>; unread?: boolean; failLoad?: Error } = {},
): SessionUnitRun {
  return {
    manager: recordingManager(events, options.failLoad),
    unit: {},
    input: () => ({ cookieHeader: undefined, https: false, userAgent: undefined }),
    unread: options.unread,
    end:
      options.end === undefined
        ? undefined
        : {
            canSetCookie: () => true,
            send: (answer) => events.push(`cookies ${answer.cookies.join()}`),
            ...options.end,
          },
    failure: (error) => new Error(`mapped: ${(error as Error).message}`),
  };
}

describe('runSessionUnit, the one sequence of every transport', () => {
  it('loads, runs the handler, saves and sets the cookie, then lets every value out', async () => {
    const events: string[] = [];
    const handler = new Observable<string>((subscriber) => {
      events.push('handler');
      subscriber.next('a');
      subscriber.next('b');
      subscriber.complete();
    });
    const values = await lastValueFrom(
      runSessionUnit(run(events, { end: {} }), () => handler).pipe(
        tap((value) => events.push(`value ${value as string}`)),
        toArray(),
      ),
    );
    expect(values).toEqual(['a', 'b']);
    expect(events).toEqual(['load', 'handler', 'commit', 'cookies sid=1', 'value a', 'value b']);
  });

  it('loads without a read for a handler that can only end the session', async () => {
    const events: string[] = [];
    await lastValueFrom(runSessionUnit(run(events, { end: {}, unread: true }), () => of(1)));
    expect(events).toEqual(['loadUnread', 'commit', 'cookies sid=1']);
  });

  it('a failed handler ends the unit with commitAfterError and fails with the mapped error', async () => {
    const events: string[] = [];
    const unit = runSessionUnit(run(events, { end: {} }), () =>
      throwError(() => new Error('boom')),
    );
    await expect(lastValueFrom(unit)).rejects.toThrow('mapped: boom');
    expect(events).toEqual(['load', 'commitAfterError', 'cookies sid=1']);
  });

  it('sets no cookie once none can reach the client', async () => {
    const events: string[] = [];
    await lastValueFrom(
      runSessionUnit(run(events, { end: { canSetCookie: () => false } }), () => of(1)),
    );
    expect(events).toEqual(['load', 'commit']);
  });

  it('streaming: saves before each value goes out, not at the end only', async () => {
    const events: string[] = [];
    const source = new Subject<string>();
    const seen: string[] = [];
    const done = new Promise<void>((resolve) =>
      runSessionUnit(run(events, { end: { streaming: true } }), () => source).subscribe({
        next: (value) => {
          seen.push(value as string);
          events.push(`value ${value as string}`);
        },
        complete: resolve,
      }),
    );
    await new Promise((resolve) => setImmediate(resolve));
    source.next('first');
    source.next('second');
    source.complete();
    await done;
    expect(seen).toEqual(['first', 'second']);
    expect(events.indexOf('commit')).toBeLessThan(events.indexOf('value first'));
  });

  it('without an end (the transport saves when its unit ends): loads, runs, saves nothing', async () => {
    const events: string[] = [];
    const values = await lastValueFrom(runSessionUnit(run(events), () => of(1, 2)).pipe(toArray()));
    expect(values).toEqual([1, 2]);
    expect(events).toEqual(['load']);
  });

  it('a failed load fails with the mapped error and never runs the handler', async () => {
    const events: string[] = [];
    const unit = runSessionUnit(run(events, { failLoad: new Error('down') }), () => {
      events.push('handler');
      return of(1);
    });
    await expect(lastValueFrom(unit)).rejects.toThrow('mapped: down');
    expect(events).toEqual(['load']);
  });
});
