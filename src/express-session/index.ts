// `nestjs-dynamodb-session/express-session`: needs express-session (an optional peer dependency).
export { DynamoSessionStore } from './dynamo-session-store.js';
export type { DynamoSessionStoreOptions } from './dynamo-session-store.options.js';
export type { ExpressSessionCookie } from './express-session-expiry.js';
export { UnsupportedStoreOperationError } from './unsupported-store-operation.error.js';
