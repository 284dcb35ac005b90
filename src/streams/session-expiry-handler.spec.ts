import { jest } from '@jest/globals';
import type { SessionEvent } from '../session/session-event.js';
import { sessionExpiryHandler } from './session-expiry-handler.js';
import type { SessionStreamRecord } from './session-stream-event.js';
import { TTL_PRINCIPAL } from './ttl-deletion.js';

const HANDLE_A = 'a'.repeat(43);
const HANDLE_B = 'B'.repeat(42) + '_';

/** A stream record of a deletion of the item under `handle`, by DynamoDB's TTL unless told. */
function removal(
  handle: string,
  sequence: string,
  extra: { userId?: string; by?: 'ttl' | 'app'; keyAttribute?: string; at?: number } = {},
): SessionStreamRecord {
  const key = extra.keyAttribute ?? 'id';
  return {
    eventName: 'REMOVE',
    ...(extra.by === 'app'
      ? {}
      : { userIdentity: { type: 'Service', principalId: TTL_PRINCIPAL } }),
    dynamodb: {
      ApproximateCreationDateTime: extra.at ?? 1_800_000_000,
      Keys: { [key]: { S: handle } },
      OldImage: {
        [key]: { S: handle },
        ...(extra.userId === undefined ? {} : { userId: { S: extra.userId } }),
      },
      SequenceNumber: sequence,
    },
  };
}

describe('sessionExpiryHandler', () => {
  it('turns each TTL deletion of a session into an expired event, in order: handle, user, deletion time', async () => {
    const events: SessionEvent[] = [];
    const handler = sessionExpiryHandler({ onSessionEvent: (event) => void events.push(event) });
    const result = await handler({
      Records: [
        removal(HANDLE_A, '1', { userId: 'alice', at: 1_800_000_000.5 }),
        removal(HANDLE_B, '2'),
      ],
    });
    expect(result).toEqual({ batchItemFailures: [] });
    expect(events).toEqual([
      { type: 'expired', userId: 'alice', handle: HANDLE_A, at: 1_800_000_000_500 },
      { type: 'expired', userId: undefined, handle: HANDLE_B, at: 1_800_000_000_000 },
    ]);
  });

  it("skips the app's own deletes, inserts and updates, and items that are not sessions", async () => {
    const events: SessionEvent[] = [];
    const handler = sessionExpiryHandler({ onSessionEvent: (event) => void events.push(event) });
    const ttl = removal(HANDLE_A, '1');
    await handler({
      Records: [
        removal(HANDLE_A, '1', { by: 'app', userId: 'alice' }),
        { ...ttl, eventName: 'INSERT' },
        { ...ttl, eventName: 'MODIFY' },
        { ...ttl, userIdentity: { type: 'Service', principalId: 'someone.else.amazonaws.com' } },
        removal('sess:legacy-connect-dynamodb-item', '5'),
        removal('short', '6'),
        { eventName: 'REMOVE', userIdentity: ttl.userIdentity },
      ],
    });
    expect(events).toEqual([]);
  });

  it('reads the key attribute the module was configured with', async () => {
    const events: SessionEvent[] = [];
    const handler = sessionExpiryHandler({
      onSessionEvent: (event) => void events.push(event),
      keyAttribute: 'sid',
    });
    await handler({ Records: [removal(HANDLE_A, '1', { keyAttribute: 'sid', userId: 'bob' })] });
    expect(events.map((event) => [event.handle, event.userId])).toEqual([[HANDLE_A, 'bob']]);
    // Under the default name it finds no key, so no session.
    const byDefault: SessionEvent[] = [];
    await sessionExpiryHandler({ onSessionEvent: (event) => void byDefault.push(event) })({
      Records: [removal(HANDLE_A, '1', { keyAttribute: 'sid' })],
    });
    expect(byDefault).toEqual([]);
  });

  it('answers the record whose listener failed and stops there, for Lambda to deliver it and the rest again', async () => {
    const seen: string[] = [];
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const handler = sessionExpiryHandler({
        onSessionEvent: async (event) => {
          seen.push(event.handle);
          if (event.handle === HANDLE_B) throw new Error('queue unavailable');
        },
      });
      const result = await handler({
        Records: [removal(HANDLE_A, '1'), removal(HANDLE_B, '2'), removal(HANDLE_A, '3')],
      });
      expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: '2' }] });
      expect(seen).toEqual([HANDLE_A, HANDLE_B]);
      expect(errors).toHaveBeenCalledWith(expect.stringContaining('queue unavailable'));
    } finally {
      errors.mockRestore();
    }
  });

  it('fails the whole batch when a failed record has no sequence number', async () => {
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const record = removal(HANDLE_A, '1');
      const handler = sessionExpiryHandler({
        onSessionEvent: () => {
          throw new Error('no');
        },
      });
      await expect(
        handler({
          Records: [{ ...record, dynamodb: { ...record.dynamodb, SequenceNumber: undefined } }],
        }),
      ).rejects.toThrow('A session event listener failed on "expired"');
    } finally {
      errors.mockRestore();
    }
  });

  it('refuses bad options and an event that is not a stream event, naming the fix', async () => {
    expect(() => sessionExpiryHandler({} as never)).toThrow(/onSessionEvent must be a function/);
    expect(() => sessionExpiryHandler(undefined as never)).toThrow(/onSessionEvent/);
    expect(() =>
      sessionExpiryHandler({ onSessionEvent: () => undefined, keyAttribute: '' }),
    ).toThrow(/keyAttribute must be the table's key attribute/);
    const handler = sessionExpiryHandler({ onSessionEvent: () => undefined });
    await expect(handler({} as never)).rejects.toThrow(/the event has no Records/);
    await expect(handler(null as never)).rejects.toThrow(/the event has no Records/);
  });
});
