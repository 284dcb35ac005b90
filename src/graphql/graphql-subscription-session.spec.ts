import { jest } from '@jest/globals';
import type { SessionManager } from '../session/session-manager.js';
import { connectSubscription } from './graphql-subscription-session.js';

/** A manager whose read of the connection's session succeeds at once. */
const manager = { loadReadOnly: () => Promise.resolve({}) } as unknown as SessionManager;

function socketIn(readyState: number) {
  const listeners: (() => void)[] = [];
  const closed: [number, string][] = [];
  const socket = {
    readyState,
    close: (code: number, reason: string) => void closed.push([code, reason]),
    once: (_event: 'close', listener: () => void) => void listeners.push(listener),
  };
  return { socket, listeners, closed };
}

describe('connectSubscription with a maximum connection age', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('closes an open connection once it is that old, and not after it closed by itself', async () => {
    const open = socketIn(1);
    expect(await connectSubscription(manager, { request: {}, socket: open.socket }, 1000)).toBe(
      true,
    );
    jest.advanceTimersByTime(999);
    expect(open.closed).toEqual([]);
    jest.advanceTimersByTime(1);
    expect(open.closed).toEqual([[1000, 'CONNECTION_MAX_AGE: reconnect to go on']]);

    const left = socketIn(1);
    await connectSubscription(manager, { request: {}, socket: left.socket }, 1000);
    for (const listener of left.listeners) listener();
    expect(jest.getTimerCount()).toBe(0);
  });

  it('sets no timer for a connection that closed while its session was read', async () => {
    const gone = socketIn(3);
    await connectSubscription(manager, { request: {}, socket: gone.socket }, 1000);
    expect(gone.listeners).toEqual([]);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('connects a connection once: a second connection_init (Mercurius runs onConnect again) reads nothing and adds no timer', async () => {
    let reads = 0;
    const counting = {
      loadReadOnly: () => {
        reads += 1;
        return Promise.resolve({});
      },
    } as unknown as SessionManager;
    const open = socketIn(1);
    const connection = { request: {}, socket: open.socket };
    await connectSubscription(counting, connection, 1000);
    const again = { ...connection, connectionParams: { sessionToken: 'another user' } };
    expect(await connectSubscription(counting, again, 1000)).toBe(true);
    expect(reads).toBe(1);
    expect(open.listeners).toHaveLength(1);
    expect(jest.getTimerCount()).toBe(1);
  });
});
