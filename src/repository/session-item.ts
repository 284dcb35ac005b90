import { ttlSeconds } from '../rules/session-lifetime.js';
import {
  CREATED_AT_ATTRIBUTE,
  EXPIRES_AT_MS_ATTRIBUTE,
  TOUCHED_AT_ATTRIBUTE,
  USER_AGENT_ATTRIBUTE,
  USER_ID_ATTRIBUTE,
} from '../table/session-table.constants.js';
import type {
  SessionDetails,
  SessionSummary,
  SessionTimes,
  StoredSession,
} from './session-repository.js';

/** A DynamoDB item, as the document client reads and writes it. */
export type Item = Record<string, unknown>;

/** The names of the configurable attributes (module options `keyAttribute`, `expiresAttribute`, `dataAttribute`). */
export interface SessionItemNames {
  readonly keyAttribute: string;
  readonly expiresAttribute: string;
  readonly dataAttribute: string;
}

const stringOf = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

/** `{ [name]: value }`, or nothing when `value` is undefined: for optional fields of an object literal. */
export function optional<K extends string, V>(name: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [name]: value }) as { [P in K]?: V };
}

/**
 * One session's item, both ways: the key, the data map (values as coded), the expiry in epoch seconds
 * (the TTL attribute) and exactly (epoch ms), createdAt and touchedAt in epoch ms, and the optional
 * identity and User-Agent.
 */
export class SessionItem {
  constructor(readonly names: SessionItemNames) {}

  /** The item to store. */
  toItem(key: string, codedData: Item, times: SessionTimes, details: SessionDetails = {}): Item {
    return {
      [this.names.keyAttribute]: key,
      [this.names.dataAttribute]: codedData,
      ...this.timeAttributes(times),
      [CREATED_AT_ATTRIBUTE]: times.createdAt,
      ...optional(USER_ID_ATTRIBUTE, details.userId),
      ...optional(USER_AGENT_ATTRIBUTE, details.userAgent),
    };
  }

  /** What every write sets of `times`: the TTL attribute (epoch seconds), the exact end and the last write (ms). */
  timeAttributes(times: SessionTimes): Item {
    return {
      [this.names.expiresAttribute]: ttlSeconds(times.expiresAt),
      [EXPIRES_AT_MS_ATTRIBUTE]: times.expiresAt,
      [TOUCHED_AT_ATTRIBUTE]: times.touchedAt,
    };
  }

  /** The coded data map of `item` (undefined when it has none). */
  codedData(item: Item): Item | undefined {
    const stored = item[this.names.dataAttribute];
    return typeof stored === 'object' && stored !== null ? (stored as Item) : undefined;
  }

  /**
   * When `item` expires, in epoch ms: its exact end, while it belongs to the TTL second the item holds;
   * else (an item an older version wrote or extended, which sets only the TTL attribute) the end of that
   * second. NaN when it has no expiry.
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
      expiresAt: this.expiresAt(item),
      ...optional('userId', stringOf(item[USER_ID_ATTRIBUTE])),
      ...optional('userAgent', stringOf(item[USER_AGENT_ATTRIBUTE])),
    };
  }

  /** The summary a listing shows of `item` (read from the user index's projection). */
  summary(item: Item): SessionSummary {
    return {
      key: this.key(item),
      createdAt: this.createdAt(item),
      touchedAt: Number(item[TOUCHED_AT_ATTRIBUTE] ?? 0),
      expiresAt: this.expiresAt(item),
      ...optional('userAgent', stringOf(item[USER_AGENT_ATTRIBUTE])),
    };
  }
}
