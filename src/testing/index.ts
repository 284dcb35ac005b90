// nestjs-dynamodb-session/testing: run an app's own tests without DynamoDB. Anything not exported here is internal.
export { DynamoSessionTestingModule } from './dynamo-session-testing.module.js';
export { InMemorySessionRepository } from './in-memory-session.repository.js';
export { TestClock } from './test-clock.js';
export { createSessionCookie, type SessionCookieContents } from './create-session-cookie.js';
export { SessionClock } from '../session-clock.js';
