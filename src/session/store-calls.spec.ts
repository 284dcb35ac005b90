import { storeCallError } from '../repository/session-store-rejected.error.js';
import { SessionTooLargeError } from '../repository/session-too-large.error.js';
import { SessionStoreRejectedError } from '../repository/session-store-rejected.error.js';
import { SessionStoreUnavailableError } from '../repository/session-store-unavailable.error.js';
import { STORE_UNAVAILABLE, StoreCalls } from './store-calls.js';
import { RecordingLogger } from './session-core.fixture.js';

const storeError = (name: string) => {
  const cause = new Error('boom');
  cause.name = name;
  return storeCallError({ operation: 'GetItem', tableName: 'sessions', cause });
};

describe('StoreCalls', () => {
  it('turns an outage into SessionStoreUnavailableError and a refusal into SessionStoreRejectedError, logged', async () => {
    const logger = new RecordingLogger();
    const calls = new StoreCalls(logger, false);
    const outage = calls.run('save', () => Promise.reject(storeError('ThrottlingException')));
    await expect(outage).rejects.toBeInstanceOf(SessionStoreUnavailableError);
    const refusal = calls.run('save', () => Promise.reject(storeError('ValidationException')));
    await expect(refusal).rejects.toBeInstanceOf(SessionStoreRejectedError);
    expect(logger.lines).toHaveLength(2);
    expect(logger.lines[0]).toMatch(/^error Could not save the session: GetItem on DynamoDB table/);
  });

  it('passes a session too large on as it is, and anything else untouched', async () => {
    const calls = new StoreCalls(new RecordingLogger(), false);
    const tooLarge = new SessionTooLargeError(500_000, 400_000);
    await expect(calls.run('save', () => Promise.reject(tooLarge))).rejects.toBe(tooLarge);
    const bug = new TypeError('a bug');
    await expect(calls.run('save', () => Promise.reject(bug))).rejects.toBe(bug);
  });

  it('answers STORE_UNAVAILABLE for a failed load only under failOpen', async () => {
    const failing = () => Promise.reject(storeError('ThrottlingException'));
    const open = new StoreCalls(new RecordingLogger(), true);
    await expect(open.load('the session', failing)).resolves.toBe(STORE_UNAVAILABLE);
    const closed = new StoreCalls(new RecordingLogger(), false);
    await expect(closed.load('the session', failing)).rejects.toBeInstanceOf(
      SessionStoreUnavailableError,
    );
  });
});
