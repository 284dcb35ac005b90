import { IsNotIn, Matches, NotEquals } from 'class-validator';
import { RESERVED_SESSION_KEYS } from '../../src/index.js';

/**
 * Names `/kv` must not touch: the session object's own controls (assigning or deleting them throws)
 * and `__proto__` (assigning it would replace the session object's prototype).
 */
const RESERVED_KEYS = [...RESERVED_SESSION_KEYS, '__proto__'];

/** The route parameters of `/kv/:key`. */
export class KvKeyDto {
  /**
   * A top-level session key: 1 to 64 letters, digits, `_` or `-`. Never `userId`, the identity that
   * only `POST /auth/login` sets (`session.logIn()`); the session refuses it as a data key anyway.
   */
  @Matches(/^[A-Za-z0-9_-]{1,64}$/, {
    message: 'key must be 1 to 64 letters, digits, "_" or "-"',
  })
  @NotEquals('userId', {
    message: 'key "userId" is not available through /kv: log in with POST /auth/login instead',
  })
  @IsNotIn(RESERVED_KEYS, {
    message: `key must not be one of ${RESERVED_KEYS.join(', ')}: they are reserved by the session object`,
  })
  key!: string;
}
