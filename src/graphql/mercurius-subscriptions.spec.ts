import type { SessionManager } from '../session/session-manager.js';
import {
  checkMercuriusSubscription,
  mercuriusSubscriptionOptions,
} from './mercurius-subscriptions.js';

/** A manager whose read of a connection's session succeeds at once, and that calls every session live. */
const manager = {
  loadReadOnly: () => Promise.resolve({}),
  stillLive: () => Promise.resolve(true),
} as unknown as SessionManager;

const socket = { close: () => undefined };

describe('the Mercurius subscription options', () => {
  it("refuse a subscription whose connection never ran our onConnect (an app's own replaced it), naming the fix", async () => {
    const options = mercuriusSubscriptionOptions(() => manager, undefined);
    const context = options.context(socket, {});
    await expect(checkMercuriusSubscription(manager, context)).rejects.toThrow(
      /needs both its context and its onConnect/,
    );
    await options.onConnect.call({ context }, { payload: {} });
    await expect(checkMercuriusSubscription(manager, context)).resolves.toBeUndefined();
  });

  it('refuse a subscription on a connection refused at connect (closed) as such, not as a wiring mistake', async () => {
    const options = mercuriusSubscriptionOptions(() => manager, undefined);
    const context = options.context({ close: () => undefined, readyState: 3 }, {});
    await expect(checkMercuriusSubscription(manager, context)).rejects.toThrow(
      /refused at connect/,
    );
  });

  it('onConnect outside a Mercurius connection fails naming the fix', async () => {
    const options = mercuriusSubscriptionOptions(() => manager, undefined);
    await expect(options.onConnect.call(undefined, { payload: {} })).rejects.toThrow(
      /needs both its context and its onConnect/,
    );
  });
});
