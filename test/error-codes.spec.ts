import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  DynamoSessionError,
  InvalidSessionCursorError,
  InvalidSessionOptionsError,
  SessionConflictError,
  SessionDataError,
  SessionIntegrityError,
  SessionReadOnlyError,
  SessionStoreRejectedError,
  SessionStoreUnavailableError,
  SessionTableError,
  SessionTooLargeError,
  SessionLimitError,
} from '../src/index.js';
import { UnsupportedStoreOperationError } from '../src/express-session/index.js';
import { SessionNotStoredError } from '../src/websocket/index.js';
import { CliUsageError } from '../src/cli/cli-usage-error.js';
import { storeCallError } from '../src/repository/session-store-rejected.error.js';

const src = join(import.meta.dirname, '..', 'src');

/** Every .ts file below `dir`, specs left out. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

describe('the errors of the library', () => {
  it('each has its stable code and extends DynamoSessionError', () => {
    const errors: [DynamoSessionError, string][] = [
      [new SessionStoreUnavailableError(), 'SESSION_STORE_UNAVAILABLE'],
      [new SessionStoreRejectedError(), 'SESSION_STORE_REJECTED'],
      [new SessionConflictError('ended'), 'SESSION_CONFLICT'],
      [new SessionTooLargeError(500_000, 400_000), 'SESSION_TOO_LARGE'],
      [new SessionLimitError(3), 'SESSION_LIMIT'],
      [new SessionNotStoredError(), 'SESSION_NOT_STORED'],
      [new SessionReadOnlyError('a subscription'), 'SESSION_READ_ONLY'],
      [new SessionDataError('cart', 'a cycle'), 'SESSION_DATA_INVALID'],
      [new SessionIntegrityError('abcd', 'cart', undefined, 'failed'), 'SESSION_INTEGRITY_FAILED'],
      [new InvalidSessionCursorError('forged'), 'INVALID_SESSION_CURSOR'],
      [new InvalidSessionOptionsError(['secret is missing']), 'INVALID_SESSION_OPTIONS'],
      [new UnsupportedStoreOperationError('all', 'Use listByUser.'), 'UNSUPPORTED_STORE_OPERATION'],
      [
        new SessionTableError('gone', 'DescribeTable', 't', 'not-found', 'X'),
        'SESSION_TABLE_FAILED',
      ],
      [new CliUsageError('unknown command'), 'CLI_USAGE'],
    ];
    for (const [error, code] of errors) {
      expect({
        name: error.name,
        base: error instanceof DynamoSessionError,
        code: error.code,
      }).toEqual({ name: error.name, base: true, code });
    }
  });

  it('none but DynamoSessionError extends Error itself', () => {
    const direct = sources(src)
      .filter((file) => /\bextends Error\b/.test(readFileSync(file, 'utf8')))
      .map((file) => file.slice(src.length + 1));
    expect(direct).toEqual(['dynamo-session.error.ts']);
  });

  it('a store outage is one type: the repository names the call, the core answers clients without it', () => {
    const cause = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    const stored = storeCallError({ operation: 'GetItem', tableName: 'sessions', cause });
    expect(stored).toBeInstanceOf(SessionStoreUnavailableError);
    expect(stored).toMatchObject({
      code: 'SESSION_STORE_UNAVAILABLE',
      awsErrorName: 'ThrottlingException',
      operation: 'GetItem',
      tableName: 'sessions',
      fromRepository: true,
      message: expect.stringContaining('GetItem on DynamoDB table "sessions" failed'),
    });
    const core = new SessionStoreUnavailableError({ cause: stored });
    expect(core).toMatchObject({
      message: 'The session store is unavailable; try again shortly.',
      awsErrorName: 'ThrottlingException',
      fromRepository: false,
      cause: stored,
    });
    const invalid = Object.assign(new Error('bad key'), { name: 'ValidationException' });
    expect(storeCallError({ operation: 'PutItem', tableName: 't', cause: invalid })).toBeInstanceOf(
      SessionStoreRejectedError,
    );
  });
});
