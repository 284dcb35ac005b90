import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Session } from '../session/session.js';
import type { SessionEventListener } from '../session/session-event.js';

/** `SameSite` values a session cookie may carry. */
export type SameSite = 'lax' | 'strict' | 'none';

/** What a login past `maxSessionsPerUser` does. */
export type SessionLimitPolicy = 'evict-oldest' | 'refuse';

/** How sessions are read: see {@link DynamoSessionModuleOptions.consistentRead}. */
export type ConsistentReadMode = boolean | 'auto';

/** What is done with a session item that carries no seal: see {@link DynamoSessionModuleOptions.unsealedItems}. */
export type UnsealedItems = 'refuse' | 'accept';

/** `Priority` values a session cookie may carry (Chromium evicts low-priority cookies first). */
export type CookiePriority = 'low' | 'medium' | 'high';

/** One encryption key of {@link SessionEncryptionOptions}. */
export interface SessionEncryptionKey {
  /**
   * A short name of the key (1 to 32 letters, digits, `_` or `-`), stored with every value it
   * encrypts, so that the right key decrypts it after a rotation.
   */
  id: string;
  /** 32 random bytes (AES-256), as a Buffer or Uint8Array, or their base64 text. */
  key: Uint8Array | string;
}

/** Encryption at rest of the session data (AES-256-GCM, each top-level value on its own). */
export interface SessionEncryptionOptions {
  /** The keys: the first encrypts, all decrypt (rotation: put a new key first). */
  keys?: readonly SessionEncryptionKey[];
  /**
   * Called once at boot, instead of `keys`, to get the keys from elsewhere: e.g. an envelope data key
   * that AWS KMS decrypts (see docs/protection.md). Its result is validated like `keys`.
   */
  keyProvider?: () => readonly SessionEncryptionKey[] | Promise<readonly SessionEncryptionKey[]>;
}

/** Compression of large session values. */
export interface SessionCompressionOptions {
  /** Values whose JSON is longer than this many bytes are stored compressed (brotli), as binary. */
  threshold: number;
}

/** How the session cookie is written. Every field has a secure default. */
export interface SessionCookieOptions {
  /** Cookie name. Default `sid`. A `__Host-` name requires `secure: true`, `path: '/'` and no `domain`. */
  name?: string;
  /** Default `/`. */
  path?: string;
  /** Default: none (host-only cookie). */
  domain?: string;
  /** `true`, `false` or `'auto'` (Secure when the request came over HTTPS). Default `'auto'`. */
  secure?: boolean | 'auto';
  /** Default `true`: the cookie is invisible to `document.cookie`. */
  httpOnly?: boolean;
  /** Default `'lax'`. `'none'` requires `secure: true`. */
  sameSite?: SameSite;
  /**
   * `true` (default): the cookie carries `Max-Age`/`Expires` equal to the session's expiry.
   * `false`: a browser-session cookie, dropped when the browser closes.
   */
  persistent?: boolean;
  /** `Partitioned` attribute (CHIPS: a cookie jar per top-level site). Requires `secure: true`. Default `false`. */
  partitioned?: boolean;
  /** `Priority` attribute: `low`, `medium` or `high`. Default: none (browsers treat it as medium). */
  priority?: CookiePriority;
}

/**
 * Header tokens: the session of a client that cannot keep cookies (a mobile or native app), carried in
 * a request header instead. A request that sends the header is a header client: its cookie is not
 * read, it gets no Set-Cookie, and it needs no CSRF token. See docs/sessions.md.
 */
export interface SessionTokenOptions {
  /**
   * The request header that carries the session token, and the response header that carries a new or
   * renewed one (empty when the session ended). An empty request header asks for a new session.
   * `false`: no header tokens. Default `'X-Session-Token'`.
   */
  header?: string | false;
  /** Also take the token from `Authorization: Bearer <token>` (the reply still uses `header`). Default `false`. */
  bearer?: boolean;
}

/**
 * Sessions of express-session + connect-dynamodb to move over, each once, when its client first comes
 * back (see `docs/migrating-from-express-session.md`): a request with no session cookie of this module
 * but a legacy cookie that verifies, whose session is live in connect-dynamodb's table, gets that
 * session's data in a new session of this module; the legacy item is deleted in the same transaction
 * and the legacy cookie cleared.
 */
export interface LegacySessionOptions {
  /** connect-dynamodb's table (its `table` option). Required. */
  tableName: string;
  /** connect-dynamodb's `hashKey`: the table's partition key attribute. Default `id`. */
  keyAttribute?: string;
  /** connect-dynamodb's `prefix`, in front of the session id in the key. Default `sess:`. */
  prefix?: string;
  /** express-session's `name`: the legacy cookie. Default `connect.sid`. Must differ from `cookie.name`. */
  cookieName?: string;
  /** express-session's `cookie.path`, to clear the legacy cookie. Default `/`. */
  cookiePath?: string;
  /** express-session's `cookie.domain`, to clear the legacy cookie. Default: none (host-only). */
  cookieDomain?: string;
  /** express-session's `secret` (all of them, if it rotated): they verify the legacy cookie. Default: `secret`. */
  secret?: string | readonly string[];
}

/** Options of {@link DynamoSessionModule}. Only `secret` is required. */
export interface DynamoSessionModuleOptions {
  /**
   * Secret(s) that sign the session cookie (HMAC-SHA256), each at least 32 characters. With several,
   * the first signs and all verify, so a secret can be rotated without logging everyone out.
   */
  secret: string | readonly string[];
  /** DynamoDB table name. Default `sessions`. */
  tableName?: string;
  /** Partition key attribute (type S, holds the SHA-256 of the session id). Default `id`. */
  keyAttribute?: string;
  /** Expiry attribute in epoch seconds, the table's TTL attribute. Default `expires`. */
  expiresAttribute?: string;
  /** Attribute holding the session data as a native map. Default `data`. */
  dataAttribute?: string;
  /** Seconds of inactivity after which a session ends. Default 1,209,600 (14 days). */
  idleTimeout?: number;
  /** Seconds after creation after which a session ends however active. Default 2,592,000 (30 days). */
  absoluteTimeout?: number;
  /**
   * Seconds after the last write before a request that changed nothing extends the expiry (one write).
   * Must be less than `idleTimeout`. Default: a tenth of `idleTimeout`, at most 3,600 (1 hour).
   */
  touchAfter?: number;
  /** Session cookie options. */
  cookie?: SessionCookieOptions;
  /** Header tokens for clients without cookies (env `SESSION_TOKEN_HEADER`, `SESSION_TOKEN_BEARER`). */
  token?: SessionTokenOptions;
  /** Store (and send a cookie for) new sessions that received no data. Default `false`. */
  saveUninitialized?: boolean;
  /**
   * How sessions are read (env `SESSION_CONSISTENT_READ`: `true`, `false` or `auto`). `true`: strongly
   * consistent reads (1 read unit per 4 KB). `false`: eventually consistent reads (half that), which can
   * answer an older version of a session, or none, for the table's replication lag; the reads that
   * decide (guards, WebSocket messages, GraphQL subscriptions, Passport) stay strongly consistent. `'auto'`: an
   * eventually consistent read, then one strongly consistent read exactly when its answer could be stale
   * for this client (a miss, or a version older than the last write the client's cookie marks); guards
   * read consistently. See docs/sessions.md, "Eventually consistent reads". Default `'auto'`.
   */
  consistentRead?: ConsistentReadMode;
  /** A DynamoDB client to use. When absent, one is built from `endpoint` and `region`. */
  client?: DynamoDBClient | DynamoDBDocumentClient;
  /** DynamoDB endpoint, e.g. `http://127.0.0.1:8000` for DynamoDB Local. Ignored when `client` is given. */
  endpoint?: string;
  /** AWS region. Ignored when `client` is given. Default: the SDK's own resolution (`AWS_REGION`). */
  region?: string;
  /**
   * Milliseconds one session store call may take, retries included, before the request answers 503.
   * Applies to any client (it is an abort signal); a client the module builds also uses it as its
   * socket timeout. Default 3000.
   */
  requestTimeout?: number;
  /** Attempts per store call (the SDK's standard retry mode, with backoff) of a client the module builds. Default 3. */
  maxAttempts?: number;
  /**
   * When the store cannot be read: `false` (default) answers 503 ("fail closed"); `true` goes on with an
   * empty stand-in session and logs a warning ("fail open"), for apps that prefer availability on
   * anonymous pages. A request that changes the stand-in, and a route behind SessionGuard, still answer 503.
   */
  failOpen?: boolean;
  /**
   * Largest session item, in bytes as DynamoDB counts them (names + values). A request that would store
   * more answers 413 and the stored session stays as it was. Default 358,400 (350 KiB; DynamoDB's limit is 400 KB).
   */
  maxSessionSize?: number;
  /**
   * Largest session once decoded: the characters of JSON of all its values. A request that would store
   * more answers 413 and the stored session stays as it was. It bounds what a compressed session
   * (`compression`), small as stored, makes every later request decode. Default 2,097,152 (2 MiB).
   */
  maxDecodedSize?: number;
  /**
   * The table's global secondary index on the top-level `userId` attribute (sort key `createdAt`,
   * projecting the summary attributes), used to list and end a user's sessions. Default `userId-index`.
   */
  userIndexName?: string;
  /**
   * Every item this version writes carries a seal: an HMAC, under a key derived from the secret (or
   * from the encryption key when encryption is on), of its table key, identity, creation and exact
   * end. An item whose seal does not verify is never served. An item with no seal (written by an
   * earlier version, or by another tool): `'refuse'` treats it as absent; `'accept'` serves it (and
   * the session's next write seals it), and honours an earlier version's extension of the expiry.
   * Use `'accept'` only while upgrading from a version without seals, for at most `idleTimeout`: it
   * lets a table writer strip a seal. Env `SESSION_UNSEALED_ITEMS`. Default `'refuse'`.
   */
  unsealedItems?: UnsealedItems;
  /**
   * Record, with each new session, the User-Agent and the client IP of the request that created it
   * (the login), for the device list (`listByUser`: browser, OS and device type parsed from the
   * User-Agent when listed, and the IP). The IP is the platform's: Express's `req.ip` (which honours
   * `trust proxy`), Fastify's `request.ip` (`trustProxy`). `false` stores none of it. Env
   * `SESSION_DEVICE_DETAILS`. Default `true`.
   */
  deviceDetails?: boolean;
  /**
   * @deprecated The older name of {@link deviceDetails} (which now records the client IP too): when
   * only it is given, `deviceDetails` takes its value. Default: none.
   */
  trackUserAgent?: boolean;
  /**
   * Save what a handler changed even when it throws. Default `false`: the changes of a failed request
   * are dropped (a login that fails after `session.logIn()` does not log anyone in), except `destroy()`,
   * which always holds.
   */
  saveOnError?: boolean;
  /** Create the table (with TTL and the user index) at boot when it is missing; for development. Default `false`. */
  createTable?: boolean;
  /**
   * Encrypt each top-level session value at rest (AES-256-GCM). Default: off. The top-level `userId`
   * attribute (the user index's key) stays in plain text.
   */
  encryption?: SessionEncryptionOptions;
  /** Store values whose JSON is above `threshold` bytes compressed. Default: off. */
  compression?: SessionCompressionOptions;
  /**
   * Every session created before this time is treated as absent (and writes to it are refused): one
   * config change ends every session. A `Date`, epoch seconds, or an ISO 8601 date. Default: none.
   */
  notBefore?: Date | number | string;
  /**
   * Move the sessions of express-session + connect-dynamodb over as their clients come back, so a
   * switch logs nobody out. Default: off (no cost).
   */
  legacy?: LegacySessionOptions;
  /**
   * The most live sessions one user may have. A login past it ends the user's oldest sessions
   * (`onLimit: 'evict-oldest'`) or is refused with a `SessionLimitError` (`'refuse'`, HTTP 409, code
   * `SESSION_LIMIT`). At most 100. It holds under parallel logins. Expired and logged-out sessions do not count.
   * Default: none (no limit, and no cost).
   */
  maxSessionsPerUser?: number;
  /** What a login past `maxSessionsPerUser` does: `'evict-oldest'` (default) or `'refuse'`. */
  onLimit?: SessionLimitPolicy;
  /** Decides what {@link SessionGuard} lets through. Default: the session has an identity (`session.userId`, set by `session.logIn()`). */
  isAuthenticated?: (session: Session) => boolean;
  /**
   * Called with every session event (created, logged in or out, renewed, destroyed, revoked, expired)
   * once it happened (a `SessionEvent`). What it throws is logged, never fails the request. With
   * `@nestjs/event-emitter`'s `EventEmitterModule` imported, the events are also emitted there as
   * `session.<type>`. Default: none.
   */
  onSessionEvent?: SessionEventListener;
}
