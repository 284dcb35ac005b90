import { createHash } from 'node:crypto';

/** Width of one bucket of recent logins. */
const BUCKET_MS = 5 * 60_000;
/** Prefix of the attributes that hold one session key each (`s:<key>` = creation time). */
const SESSION_PREFIX = 's:';

/**
 * The recent logins of a user, kept so that "log out everywhere" also ends sessions the user index (an
 * eventually consistent global secondary index) has not caught up with yet.
 *
 * Storing a session with an identity first notes its key in the user's bucket of the current five
 * minutes: one small item of the sessions table, under a key no session id can hash to
 * (`~recent-logins#<SHA-256 of the user id>#<bucket>`), without a `userId` attribute (so outside the
 * user index) and with a TTL that lets DynamoDB delete it once no one reads it any more.
 * `destroyByUser` reads the buckets of the last 10 to 15 minutes (and the next one, for clocks that
 * run ahead) with consistent reads: every session stored before it is in them or in the index, unless
 * the index lags by more than 10 minutes.
 */
export class RecentLogins {
  constructor(
    private readonly keyName: string,
    private readonly expiresName: string,
  ) {}

  /** The UpdateItem (without TableName) that notes `sessionKey` in `userId`'s current bucket. */
  record(userId: string, sessionKey: string, createdAt: number, now: number) {
    const bucket = Math.floor(now / BUCKET_MS);
    return {
      Key: { [this.keyName]: this.bucketKey(userId, bucket) },
      UpdateExpression: 'SET #expires = :expires, #session = :createdAt',
      ExpressionAttributeNames: {
        '#expires': this.expiresName,
        '#session': `${SESSION_PREFIX}${sessionKey}`,
      },
      ExpressionAttributeValues: {
        // Read while it is one of the last three buckets (see bucketKeys); then TTL may delete it.
        ':expires': Math.ceil(((bucket + 4) * BUCKET_MS) / 1000),
        ':createdAt': createdAt,
      },
    };
  }

  /** Keys of the buckets that can hold a login up to two buckets ago, and of the next bucket. */
  bucketKeys(userId: string, now: number): string[] {
    const bucket = Math.floor(now / BUCKET_MS);
    return [bucket - 2, bucket - 1, bucket, bucket + 1].map((b) => this.bucketKey(userId, b));
  }

  /** The session keys noted in a bucket item. */
  sessionKeysIn(item: Readonly<Record<string, unknown>>): string[] {
    return Object.keys(item)
      .filter((name) => name.startsWith(SESSION_PREFIX))
      .map((name) => name.slice(SESSION_PREFIX.length));
  }

  private bucketKey(userId: string, bucket: number): string {
    const user = createHash('sha256').update(userId).digest('base64url');
    return `~recent-logins#${user}#${bucket}`;
  }
}
