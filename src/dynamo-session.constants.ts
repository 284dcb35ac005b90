/** Token of the validated {@link ResolvedSessionOptions}. Internal. */
export const SESSION_OPTIONS = Symbol('DynamoSessionOptions');
/** Token of the `DynamoDBDocumentClient` the repository uses. Internal. */
export const SESSION_DOCUMENT_CLIENT = Symbol('DynamoSessionDocumentClient');
/** Token of the {@link SessionValueCodec} (compression and encryption of stored values). Internal. */
export const SESSION_VALUE_CODEC = Symbol('DynamoSessionValueCodec');
/** Token of the {@link SessionClient} (document client + whether the module owns it). Internal. */
export const SESSION_CLIENT = Symbol('DynamoSessionClient');
/**
 * Metadata key set by `@Session()` (and `@UseSession()`) on handlers that need the session loaded: `true`,
 * or `'destroy'` when the handler's only session parameter is `@Session('destroy')` (it can only end the
 * session, so the session is not read).
 */
export const USES_SESSION = 'nestjs-dynamodb-session:uses-session';
/** Token of the session event listeners (`onSessionEvent`, `@nestjs/event-emitter`). Internal. */
export const SESSION_EVENT_LISTENERS = Symbol('DynamoSessionEventListeners');
/**
 * Token of the {@link SessionEndings} a repository tells which sessions it ended at the app's request
 * (`destroyByUser`, `destroyByHandle`), for the `revoked` events. Internal.
 */
export const SESSION_ENDINGS = Symbol('DynamoSessionEndings');
/** Metadata key set by `@RequireRecentLogin(seconds)`: the seconds, which {@link SessionGuard} checks. */
export const RECENT_LOGIN = 'nestjs-dynamodb-session:recent-login';
