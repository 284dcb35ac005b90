// The public surface of nestjs-dynamodb-session. Anything not exported here is internal.
export { DynamoSessionModule } from './dynamo-session.module.js';
export type {
  DynamoSessionModuleExtras,
  DynamoSessionOptionsFactory,
} from './dynamo-session.module-definition.js';
export type {
  ConsistentReadMode,
  CookiePriority,
  DynamoSessionModuleOptions,
  LegacySessionOptions,
  SameSite,
  SessionCompressionOptions,
  SessionCookieOptions,
  SessionEncryptionKey,
  SessionEncryptionOptions,
  SessionLimitPolicy,
  SessionTokenOptions,
} from './options/dynamo-session.options.js';
export { sessionOptionsFromEnv } from './options/session-options-from-env.js';
export { DynamoSessionError, type DynamoSessionErrorCode } from './dynamo-session.error.js';
export { InvalidSessionOptionsError } from './options/invalid-session-options.error.js';
export { SessionClock } from './session-clock.js';
export { Session } from './nest/session.decorator.js';
export { UseSession } from './nest/use-session.decorator.js';
export type { SessionControls, SessionData } from './session/session.js';
export type {
  SessionEvent,
  SessionEventListener,
  SessionEventType,
} from './session/session-event.js';
export { SessionDataError } from './session/session-data.error.js';
export { RESERVED_SESSION_KEYS, sessionValueProblem } from './session/session-data.js';
export { SessionGuard } from './nest/session.guard.js';
export { RequireRecentLogin } from './nest/require-recent-login.decorator.js';
export { CsrfGuard } from './nest/csrf.guard.js';
export { SessionInterceptor } from './nest/session.interceptor.js';
export {
  SessionRepository,
  type ListByUserOptions,
  type SessionChanges,
  type DeletedSession,
  type SessionDetails,
  type SessionDevice,
  type SessionDeviceType,
  type SessionPage,
  type SessionSummary,
  type SessionTimes,
  type StoredSession,
} from './repository/session-repository.js';
export { sessionDeviceOf } from './repository/session-device.js';
export { InvalidSessionCursorError } from './repository/invalid-session-cursor.error.js';
export { InjectSessionRepository } from './repository/inject-session-repository.decorator.js';
export { DynamoSessionRepository } from './repository/dynamo-session.repository.js';
export { SessionTooLargeError } from './repository/session-too-large.error.js';
export { SessionLimitError } from './repository/session-limit.error.js';
export { SessionIntegrityError } from './repository/session-integrity.error.js';
export { SessionStoreUnavailableError } from './repository/session-store-unavailable.error.js';
export { SessionStoreRejectedError } from './repository/session-store-rejected.error.js';
export { SessionConflictError } from './session/session-conflict.error.js';
export { SessionReadOnlyError } from './session/session-read-only.error.js';
export { createSessionTable } from './table/create-session-table.js';
export { checkSessionTable, type SessionTableCheck } from './table/check-session-table.js';
export {
  deleteSessionTable,
  type DeleteSessionTableOptions,
} from './table/delete-session-table.js';
export type {
  SessionTableBilling,
  SessionTableOptions,
  SessionTableStreamViewType,
} from './table/session-table-options.js';
export { SessionTableError, type SessionTableErrorKind } from './table/session-table.error.js';
export {
  DEFAULT_USER_INDEX_NAME,
  USER_ID_ATTRIBUTE,
  USER_INDEX_PROJECTION,
} from './table/session-table.constants.js';
