import type { UnsealedItems } from '../options/dynamo-session.options.js';
import { ttlSeconds } from '../rules/session-lifetime.js';
import {
  AUTHENTICATED_AT_ATTRIBUTE,
  CREATED_AT_ATTRIBUTE,
  EXPIRES_AT_MS_ATTRIBUTE,
  END_SEAL_ATTRIBUTE,
  SEAL_ATTRIBUTE,
  TOUCHED_AT_ATTRIBUTE,
  USER_AGENT_ATTRIBUTE,
  CLIENT_IP_ATTRIBUTE,
  USER_ID_ATTRIBUTE,
} from '../table/session-table.constants.js';
import type {
  SessionChanges,
  SessionDetails,
  SessionTimes,
  StoredSession,
} from './session-repository.js';
import type { ItemSeal, SealedFields } from './item-seal.js';
import type { ListedSession } from './session-device.js';
import { SessionIntegrityError } from './session-integrity.error.js';

/** A DynamoDB item, as the document client reads and writes it. */
export type Item = Record<string, unknown>;

/** The names of the configurable attributes (module options `keyAttribute`, `expiresAttribute`, `dataAttribute`). */
export interface SessionItemNames {
  readonly keyAttribute: string;
  readonly expiresAttribute: string;
  readonly dataAttribute: string;
  /** What is done with an item that has no seal (module option `unsealedItems`). Default `'refuse'`. */
  readonly unsealedItems?: UnsealedItems;
}

/** Characters of the table key named in errors. */
const KEY_PREFIX_LENGTH = 8;

const stringOf = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

/** A DynamoDB map as read: an object, neither a list nor binary. */
const isMap = (value: unknown): value is Item =>
  typeof value === 'object' &&
  value !== null &&
  !Array.isArray(value) &&
  !(value instanceof Uint8Array) &&
  !(value instanceof Set);

/** `{ [name]: value }`, or nothing when `value` is undefined: for optional fields of an object literal. */
export function optional<K extends string, V>(name: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [name]: value }) as { [P in K]?: V };
}

/**
 * One session's item, both ways: the key, the data map (values as coded), the expiry in epoch seconds
 * (the TTL attribute) and exactly (epoch ms), createdAt and touchedAt in epoch ms, the optional
 * identity, User-Agent and client IP, and with `seal` the item's seal (see {@link ItemSeal}).
 */
export class SessionItem {
  constructor(
    readonly names: SessionItemNames,
    private readonly seal?: ItemSeal,
  ) {}

  /** The item to store. */
  toItem(key: string, codedData: Item, times: SessionTimes, details: SessionDetails = {}): Item {
    return {
      [this.names.keyAttribute]: key,
      [this.names.dataAttribute]: codedData,
      ...this.timeAttributes(key, times),
      [CREATED_AT_ATTRIBUTE]: times.createdAt,
      ...this.sealAttribute(key, sealedFieldsOf(times, details)),
      ...optional(USER_ID_ATTRIBUTE, details.userId),
      ...optional(AUTHENTICATED_AT_ATTRIBUTE, details.authenticatedAt),
      ...optional(USER_AGENT_ATTRIBUTE, details.userAgent),
      ...optional(CLIENT_IP_ATTRIBUTE, details.clientIp),
    };
  }

  /**
   * What every write sets of `times`: the TTL attribute (epoch seconds), the exact end and the last
   * write (ms), and (items being sealed) the end seal of the item under `key`.
   */
  timeAttributes(key: string, times: SessionTimes): Item {
    return {
      [this.names.expiresAttribute]: ttlSeconds(times.expiresAt),
      [EXPIRES_AT_MS_ATTRIBUTE]: times.expiresAt,
      [TOUCHED_AT_ATTRIBUTE]: times.touchedAt,
      ...optional(END_SEAL_ATTRIBUTE, this.seal?.sealEnd(key, times.expiresAt)),
    };
  }

  /** The seal of the item under `key` holding `fields`, as an attribute; none when items are not sealed. */
  sealAttribute(key: string, fields: SealedFields): Item {
    return optional(SEAL_ATTRIBUTE, this.seal?.seal(key, fields));
  }

  /** Whether `item` (read, and accepted) carries a seal: one that verified, or it would not be read. */
  private isSealed(item: Item): boolean {
    return this.seal !== undefined && item[SEAL_ATTRIBUTE] !== undefined;
  }

  /**
   * Whether `item` (read, and accepted) should be sealed anew by its next write: it has no seal
   * (`unsealedItems: 'accept'`), or one under a key that no longer seals (a rotated secret or key).
   */
  resealDue(item: Item): boolean {
    const seal = item[SEAL_ATTRIBUTE];
    return this.seal !== undefined && (seal === undefined || !this.seal.sealedWithCurrentKey(seal));
  }

  /**
   * Whether an update writes the seal: when it moves an identity (the identity is sealed), or when the
   * item is due to be sealed anew (see {@link resealDue}). Other updates leave the seal as it is: what
   * it covers does not change after a session is created.
   */
  updateSeals(movesIdentity: boolean, reseal: boolean): boolean {
    return this.seal !== undefined && (movesIdentity || reseal);
  }

  /**
   * Why the item read under `key` must not be served: its data attribute is not a map, or (items
   * being sealed) its seal does not verify, or it has none and `unsealedItems` is not `'accept'`.
   * Undefined when it may be served.
   */
  integrityError(key: string, item: Item): SessionIntegrityError | undefined {
    const fail = (reason: string, keyId?: string, keyMissing = false) =>
      new SessionIntegrityError(
        key.slice(0, KEY_PREFIX_LENGTH),
        undefined,
        keyId,
        reason,
        keyMissing,
      );
    const data = item[this.names.dataAttribute];
    if (data !== undefined && !isMap(data)) return fail('has a data attribute that is not a map');
    if (this.seal === undefined) return undefined;
    const seal = item[SEAL_ATTRIBUTE];
    if (seal === undefined) {
      return this.acceptsUnsealed
        ? undefined
        : fail(
            'carries no seal (written by an earlier version or another tool; unsealedItems: "accept" serves such items while upgrading)',
          );
    }
    const failure =
      this.seal.check(key, this.sealedFields(item), seal) ??
      this.seal.checkEnd(key, Number(item[EXPIRES_AT_MS_ATTRIBUTE]), item[END_SEAL_ATTRIBUTE]);
    return failure === undefined
      ? undefined
      : fail(failure.reason, failure.keyId, failure.keyMissing);
  }

  private get acceptsUnsealed(): boolean {
    return this.names.unsealedItems === 'accept';
  }

  private sealedFields(item: Item): SealedFields {
    return {
      userId: stringOf(item[USER_ID_ATTRIBUTE]),
      createdAt: this.createdAt(item),
      ...optional('authenticatedAt', authenticatedAtOf(item)),
    };
  }

  /** The coded data map of `item` (undefined when it has none). */
  codedData(item: Item): Item | undefined {
    const stored = item[this.names.dataAttribute];
    return isMap(stored) ? stored : undefined;
  }

  /**
   * When the whole `item` (read, its seals verified) ends, in epoch ms. Items sealed (unsealed ones
   * refused): the exact end its end seal authenticates, or the end of the TTL second when that is
   * earlier (TTL is about to delete it). Else as {@link expiresAt} says.
   */
  servedUntil(item: Item): number {
    if (this.seal === undefined || this.acceptsUnsealed) return this.expiresAt(item);
    const exact = item[EXPIRES_AT_MS_ATTRIBUTE];
    const ttl = Number(item[this.names.expiresAttribute]);
    return typeof exact === 'number' ? Math.min(exact, ttl * 1000) : Number.NaN;
  }

  /**
   * When `item` expires, in epoch ms, by its times alone (an index's projection of it, without its
   * seals): its exact end, while it belongs to the TTL second the item holds; else (an item an older
   * version wrote or extended, which sets only the TTL attribute) the end of that second. NaN when it
   * has no expiry.
   */
  expiresAt(item: Item): number {
    const ttl = Number(item[this.names.expiresAttribute]);
    const exact = item[EXPIRES_AT_MS_ATTRIBUTE];
    return typeof exact === 'number' && ttlSeconds(exact) === ttl ? exact : ttl * 1000;
  }

  createdAt(item: Item): number {
    return Number(item[CREATED_AT_ATTRIBUTE] ?? 0);
  }

  key(item: Item): string {
    return String(item[this.names.keyAttribute]);
  }

  /** The session `item` holds, with its data decoded as `data`. */
  storedSession(key: string, item: Item, data: Record<string, unknown>): StoredSession {
    return {
      key,
      data,
      createdAt: this.createdAt(item),
      touchedAt: Number(item[TOUCHED_AT_ATTRIBUTE] ?? 0),
      expiresAt: this.servedUntil(item),
      ...optional('userId', stringOf(item[USER_ID_ATTRIBUTE])),
      ...optional('authenticatedAt', authenticatedAtOf(item)),
      ...optional('userAgent', stringOf(item[USER_AGENT_ATTRIBUTE])),
      ...optional('clientIp', stringOf(item[CLIENT_IP_ATTRIBUTE])),
      ...optional('resealDue', this.resealDue(item) ? (true as const) : undefined),
      ...optional('sealed', this.isSealed(item) ? (true as const) : undefined),
    };
  }

  /** The session `item` held, past its end: without its data (see `SessionReadOptions.withEnded`). */
  endedSession(key: string, item: Item): StoredSession {
    return { ...this.storedSession(key, item, {}), ended: true };
  }

  /**
   * The summary a listing shows of `item` (read from the user index's projection), its device not yet
   * parsed (see `withDevices`).
   */
  summary(item: Item): ListedSession {
    return {
      key: this.key(item),
      createdAt: this.createdAt(item),
      touchedAt: Number(item[TOUCHED_AT_ATTRIBUTE] ?? 0),
      expiresAt: this.expiresAt(item),
      ...optional('userAgent', stringOf(item[USER_AGENT_ATTRIBUTE])),
      ...optional('ip', stringOf(item[CLIENT_IP_ATTRIBUTE])),
    };
  }
}

/** What the seal of a session's item created with `times` and `details` covers. */
export function sealedFieldsOf(
  times: Pick<SessionTimes, 'createdAt'>,
  details: SessionDetails,
): SealedFields {
  return {
    userId: details.userId,
    createdAt: times.createdAt,
    ...optional('authenticatedAt', details.authenticatedAt),
  };
}

/**
 * What an update that seals the item anew (see `SessionItem.updateSeals`) seals: the identity it moves
 * out of the data, or the one stored, with the creation and later authentication stored.
 */
export function updateSealedFields(
  changes: Pick<SessionChanges, 'userId'>,
  times: Pick<SessionTimes, 'createdAt'>,
  details: SessionDetails,
): SealedFields {
  const userId = changes.userId ?? details.userId;
  return sealedFieldsOf(times, { userId, authenticatedAt: details.authenticatedAt });
}

/** The `authenticatedAt` attribute of `item`, when it holds a number. */
function authenticatedAtOf(item: Item): number | undefined {
  const value = item[AUTHENTICATED_AT_ATTRIBUTE];
  return typeof value === 'number' ? value : undefined;
}
