import { createHmac, timingSafeEqual } from 'node:crypto';
import { BoundedMemo } from './bounded-memo.js';

/** One key that seals items: its id (named in the seal and in errors) and its 32 bytes. */
export interface SealKey {
  readonly id: string;
  readonly key: Buffer;
}

/**
 * What a seal authenticates of a session's item, besides its table key: what a session is and what
 * its life is counted from. Both are set when the session is created and never change after (bar the
 * identity an older version kept in its data, moved once), so a write to a session leaves its seal.
 */
export interface SealedFields {
  /** The identity (the top-level `userId` attribute); undefined for an anonymous session. */
  readonly userId: string | undefined;
  /** Creation (epoch ms): what `absoluteTimeout` and `notBefore` count from. */
  readonly createdAt: number;
  /**
   * When the identity last proved itself, where that is later than the creation (epoch ms): what
   * `@RequireRecentLogin()` counts from. Covered only when present, so the seals of items without it
   * (all of an earlier version's) stay as they were.
   */
  readonly authenticatedAt?: number;
}

/** Why a seal did not verify. */
export class SealFailure {
  constructor(
    readonly keyId: string | undefined,
    readonly reason: string,
    /** It names a key that is not configured (see `SessionIntegrityError.sealKeyMissing`). */
    readonly keyMissing = false,
  ) {}
}

/** Versions what is authenticated, so that a later layout cannot be confused with this one. */
const LABEL = 'nestjs-dynamodb-session/item-seal/v1';
const MAC_BYTES = 32;
/** At most the length a key id can have in the seal's one length byte. */
const MAX_ID_BYTES = 255;
/**
 * MACs kept for the next seal or check of the same thing (about 500 bytes each with a short identity):
 * a write's end seal is what the next read of that item checks, and a session's identity seal is the
 * same on each read.
 */
const MACS_KEPT = 4096;
/**
 * The longest message whose MAC is kept: an identity of up to 1024 characters (`logIn`'s limit), as
 * JSON. A longer one (an item a table writer gave a longer identity) is worked out each time.
 */
const MAX_KEPT_MESSAGE = 1536;

/**
 * An HMAC-SHA256 over what identifies a session and bounds its life (its table key, identity and
 * creation), stored with the item as `[id length][key id][mac]`: an item whose identity or creation
 * was changed outside the library, or moved to another table key, does not verify. The first key
 * seals, every key verifies (rotation).
 */
export class ItemSeal {
  private readonly current: SealKey;
  private readonly currentId: Buffer;
  private readonly keys: ReadonlyMap<string, Buffer>;
  private sizingSeal: ItemSeal | undefined;
  private readonly macs = new BoundedMemo<Buffer>(MACS_KEPT);

  constructor(keys: readonly SealKey[]) {
    const first = keys[0];
    if (first === undefined) throw new TypeError('ItemSeal needs at least one key');
    for (const { id } of keys) {
      if (id === '' || Buffer.byteLength(id) > MAX_ID_BYTES)
        throw new TypeError(`An item seal key id must be 1 to ${MAX_ID_BYTES} bytes`);
    }
    const byId = new Map<string, Buffer>();
    for (const { id, key } of keys) {
      // A MAC is kept by its message, which names the key id (see messageOf): one id, one key.
      if (byId.get(id)?.equals(key) === false)
        throw new TypeError(
          `Two item seal keys have the id "${id}": give each key an id of its own`,
        );
      byId.set(id, key);
    }
    this.current = first;
    this.currentId = Buffer.from(first.id);
    this.keys = byId;
  }

  /** The seal of the item of the session under `tableKey` that holds `fields`, with the current key. */
  seal(tableKey: string, fields: SealedFields): Buffer {
    return this.sealOf(tableKey, identityParts(fields));
  }

  /**
   * The end seal of that item: its exact end (epoch ms), which every write moves, sealed on its own so
   * that a write need not know the rest. A table writer can put back an older one, which ends the
   * session sooner, never later.
   */
  sealEnd(tableKey: string, expiresAt: number): Buffer {
    return this.sealOf(tableKey, endParts(expiresAt));
  }

  /**
   * A stand-in whose seals are as long as this one's but hold no MAC (zeros), computing no digest: what
   * an item's size is counted with before the write that seals it. Never stored, never verified.
   */
  get sizing(): ItemSeal {
    return (this.sizingSeal ??= new SizingSeal(this.current));
  }

  /** Whether `seal` (as stored) names the current key: sealing now would give it another key id otherwise. */
  sealedWithCurrentKey(seal: unknown): boolean {
    if (!(seal instanceof Uint8Array)) return false;
    const idLength = seal[0] ?? 0;
    return (
      idLength === this.currentId.length &&
      this.currentId.equals(Buffer.from(seal.buffer, seal.byteOffset + 1, idLength))
    );
  }

  /** Undefined when `seal` (as stored) authenticates `fields` for `tableKey`; else why not. */
  check(tableKey: string, fields: SealedFields, seal: unknown): SealFailure | undefined {
    return this.verify(tableKey, identityParts(fields), seal);
  }

  /** Undefined when `seal` (as stored) is the end seal of `expiresAt` for `tableKey`; else why not. */
  checkEnd(tableKey: string, expiresAt: number, seal: unknown): SealFailure | undefined {
    return this.verify(tableKey, endParts(expiresAt), seal);
  }

  private sealOf(tableKey: string, parts: readonly Part[]): Buffer {
    const mac = this.currentMac(tableKey, parts);
    return Buffer.concat([Buffer.of(this.currentId.length), this.currentId, mac]);
  }

  private verify(tableKey: string, parts: readonly Part[], seal: unknown): SealFailure | undefined {
    if (!(seal instanceof Uint8Array)) return new SealFailure(undefined, 'is not a seal');
    const bytes = Buffer.from(seal.buffer, seal.byteOffset, seal.byteLength);
    const idLength = bytes[0] ?? 0;
    if (idLength === 0 || bytes.length !== 1 + idLength + MAC_BYTES)
      return new SealFailure(undefined, 'is not a well-formed seal');
    const id = bytes.subarray(1, 1 + idLength).toString();
    const key = this.keys.get(id);
    if (key === undefined)
      return new SealFailure(
        id,
        'was sealed with a key that is not configured here (a secret rotated in elsewhere first, or removed)',
        true,
      );
    const message = messageOf(id, tableKey, parts);
    const kept = this.macs.get(message);
    const expected = kept ?? hmac(key, message);
    if (!timingSafeEqual(expected, bytes.subarray(1 + idLength)))
      return new SealFailure(
        id,
        'does not verify: its identity or creation time was changed outside the library, or it was moved from another session',
      );
    // Kept only once it verified: an item a table writer changed fills nothing.
    if (kept === undefined) this.keep(message, expected);
    return undefined;
  }

  /** The MAC with the current key over the table key and `parts`, worked out once while it is kept. */
  private currentMac(tableKey: string, parts: readonly Part[]): Buffer {
    const message = messageOf(this.current.id, tableKey, parts);
    const kept = this.macs.get(message);
    if (kept !== undefined) return kept;
    const mac = hmac(this.current.key, message);
    this.keep(message, mac);
    return mac;
  }

  private keep(message: string, mac: Buffer): void {
    if (message.length <= MAX_KEPT_MESSAGE) this.macs.keep(message, mac);
  }
}

/** See {@link ItemSeal.sizing}. */
class SizingSeal extends ItemSeal {
  private readonly blank: Buffer;

  constructor(current: SealKey) {
    super([current]);
    this.blank = Buffer.alloc(1 + Buffer.byteLength(current.id) + MAC_BYTES);
  }

  override get sizing(): ItemSeal {
    return this;
  }

  override seal(): Buffer {
    return this.blank;
  }

  override sealEnd(): Buffer {
    return this.blank;
  }
}

type Part = string | number | null;

/** What the identity seal covers: the identity (none: null), the creation, and a later authentication. */
const identityParts = (fields: SealedFields): Part[] => [
  'identity',
  fields.userId ?? null,
  fields.createdAt,
  ...(fields.authenticatedAt === undefined ? [] : ['authenticated', fields.authenticatedAt]),
];

/** What the end seal covers: the exact end. */
const endParts = (expiresAt: number): Part[] => ['end', expiresAt];

/** What a MAC authenticates, as JSON: every part delimited unambiguously, whatever characters an identity holds. */
const messageOf = (keyId: string, tableKey: string, parts: readonly Part[]): string =>
  JSON.stringify([LABEL, keyId, tableKey, ...parts]);

const hmac = (key: Buffer, message: string): Buffer =>
  createHmac('sha256', key).update(message).digest();
