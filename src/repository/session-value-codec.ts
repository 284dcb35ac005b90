import { brotliCompressSync, brotliDecompressSync, constants } from 'node:zlib';
import type { ItemSeal } from './item-seal.js';
import { defineLazy } from './lazy-value.js';
import { OpenFailure, SessionEncryption } from './session-encryption.js';
import { SessionIntegrityError } from './session-integrity.error.js';

/**
 * The first byte of a value stored as binary. A value stored natively (a string, number, map...) is
 * plain JSON as DynamoDB holds it; binary values are this library's own: JSON never holds binary.
 */
const Form = {
  /** The value's JSON, in UTF-8 (only inside a ciphertext). */
  Json: 0,
  /** The value's JSON, brotli-compressed. */
  Compressed: 1,
  /** A {@link SessionEncryption} ciphertext of a `Json` or `Compressed` body. */
  Encrypted: 2,
} as const;
type Form = (typeof Form)[keyof typeof Form];

/** Brotli quality 4: close to gzip's speed, smaller output; the default (11) costs ten times the CPU. */
const BROTLI_OPTIONS = { params: { [constants.BROTLI_PARAM_QUALITY]: 4 } };
/** A stored value never expands beyond this (a guard against a crafted one; sessions are far smaller). */
const MAX_DECOMPRESSED_BYTES = 64 * 1024 * 1024;
/** Characters of the table key named in errors. */
const KEY_PREFIX_LENGTH = 8;

/** How values are stored: compressed above a threshold, encrypted when keys are given; items sealed. */
export interface SessionValueCodecOptions {
  readonly encryption?: SessionEncryption;
  /** Seals each item (its identity and times), under keys derived as `itemSealKeys` says. */
  readonly seal?: ItemSeal;
  /** Values whose JSON is longer than this many bytes are compressed. */
  readonly compressionThreshold?: number;
}

/**
 * Turns each top-level session value into what is stored and back: compressed (brotli, as binary)
 * when its JSON is above the threshold, then encrypted (AES-256-GCM, bound to the session's table key
 * and the value's key) when encryption is on. Values are coded one by one, so a write of one changed
 * key still touches only that key. Reading accepts a compressed or a plain value whatever the
 * threshold, so turning compression on or off breaks no session; with encryption on, only values
 * that authenticate are accepted.
 */
export class SessionValueCodec {
  private readonly encryption: SessionEncryption | undefined;
  private readonly threshold: number;
  /** The seal of the items whose values this codec codes (built from the same keys, at boot). */
  readonly seal: ItemSeal | undefined;

  constructor({ encryption, compressionThreshold, seal }: SessionValueCodecOptions = {}) {
    this.encryption = encryption;
    this.seal = seal;
    this.threshold = compressionThreshold ?? Number.POSITIVE_INFINITY;
  }

  /** Whether values are stored other than as they are. */
  get active(): boolean {
    return this.encryption !== undefined || Number.isFinite(this.threshold);
  }

  /**
   * Whether a value whose JSON is `jsonLength` code units long is stored as it is (not encrypted, and
   * under the compression threshold even at 3 UTF-8 bytes a unit): then its size is its own.
   */
  storesAsIs(jsonLength: number): boolean {
    return this.encryption === undefined && 3 * jsonLength <= this.threshold;
  }

  /** The stored form of the value under `name` of the session under `tableKey`. */
  encode(tableKey: string, name: string, value: unknown): unknown {
    if (!this.active) return value;
    const json = JSON.stringify(value);
    const utf8 = Buffer.from(json);
    const compress = utf8.length > this.threshold;
    if (this.encryption === undefined) {
      return compress ? withForm(Form.Compressed, brotliCompressSync(utf8, BROTLI_OPTIONS)) : value;
    }
    const body = compress
      ? withForm(Form.Compressed, brotliCompressSync(utf8, BROTLI_OPTIONS))
      : withForm(Form.Json, utf8);
    return withForm(Form.Encrypted, this.encryption.seal(body, context(tableKey, name)));
  }

  /** Every value of `data`, stored form; see {@link encode}. */
  encodeAll(tableKey: string, data: Readonly<Record<string, unknown>>): Record<string, unknown> {
    if (!this.active) return { ...data };
    return Object.fromEntries(
      Object.entries(data).map(([name, value]) => [name, this.encode(tableKey, name, value)]),
    );
  }

  /**
   * The values of a stored data map: a value stored as it is right away, a compressed or encrypted one
   * decoded when first read (see `lazy-value.ts`), so that a unit of work decodes only what it reads.
   * An encrypted value is authenticated now: one that does not authenticate throws
   * {@link SessionIntegrityError} here. A compressed value that does not decompress (only a table
   * writer can make one, and only without encryption) throws it when read.
   */
  decodeAll(tableKey: string, stored: Readonly<Record<string, unknown>>): Record<string, unknown> {
    return this.decodeSized(tableKey, stored).data;
  }

  /**
   * {@link decodeAll}, and the stored size of each value that is stored in the very form {@link encode}
   * gives it now (compressed while compression is on, sealed with the current key), so that an update
   * counts it at that size: a binary value, whose size is its bytes. A plain value is left out (its
   * size is a walk of the value, no cheaper here than when it is written).
   */
  decodeSized(
    tableKey: string,
    stored: Readonly<Record<string, unknown>>,
  ): { data: Record<string, unknown>; sizes: Record<string, number> } {
    const data: Record<string, unknown> = {};
    const sizes: Record<string, number> = {};
    for (const name of Object.keys(stored)) {
      const value = stored[name];
      if (!(value instanceof Uint8Array)) {
        // A plain value is accepted only without encryption: else anyone who can write the table could plant one.
        data[name] =
          this.encryption === undefined
            ? value
            : this.fail(tableKey, name, 'is stored in plain text while encryption is on');
        continue;
      }
      const { decode, current } = this.opened(tableKey, name, value);
      defineLazy(data, name, decode);
      if (current === true) sizes[name] = value.byteLength;
      // Whether a compressed value is still compressed as the threshold says depends on its JSON's
      // length: known once it is decoded, which only a write that counts it asks for.
      else if (current !== false) defineLazy(sizes, name, () => sizeIf(current, value.byteLength));
    }
    return { data, sizes };
  }

  /**
   * A binary value, opened as far as it must be now (decrypted, so authenticated): how to decode the
   * rest when it is read, and whether it is stored as {@link encode} would store it now.
   */
  private opened(
    tableKey: string,
    name: string,
    stored: Uint8Array,
  ): { decode: () => unknown; current: boolean | (() => boolean) } {
    const fail = (reason: string, keyId?: string): never =>
      this.fail(tableKey, name, reason, keyId);
    const bytes = Buffer.from(stored.buffer, stored.byteOffset, stored.byteLength);
    /** A compressed body, decoded once: its value, and whether its JSON is still above the threshold. */
    const compressedBody = (body: Buffer) => {
      let json: Buffer | undefined;
      const inflated = (): Buffer => (json ??= inflate(body, fail));
      return {
        decode: () => parse(inflated(), fail),
        aboveThreshold: () => inflated().length > this.threshold,
      };
    };
    if (bytes[0] === Form.Compressed && this.encryption === undefined) {
      const { decode, aboveThreshold } = compressedBody(bytes.subarray(1));
      return { decode, current: aboveThreshold };
    }
    if (bytes[0] !== Form.Encrypted) {
      return fail(
        this.encryption === undefined
          ? 'is not a form this library writes'
          : 'is not encrypted while encryption is on',
      );
    }
    if (this.encryption === undefined) {
      return fail('is encrypted, but no encryption keys are configured');
    }
    const sealed = bytes.subarray(1);
    const body = this.encryption.open(sealed, context(tableKey, name));
    if (body instanceof OpenFailure) return fail(body.reason, body.keyId);
    const currentKey = this.encryption.sealedWithCurrentKey(sealed);
    if (body[0] === Form.Json) {
      return {
        decode: () => parse(body.subarray(1), fail),
        current: currentKey && body.length - 1 <= this.threshold,
      };
    }
    if (body[0] === Form.Compressed) {
      const { decode, aboveThreshold } = compressedBody(body.subarray(1));
      return { decode, current: currentKey && aboveThreshold };
    }
    return fail('holds a form this library does not write');
  }

  private fail(tableKey: string, name: string, reason: string, keyId?: string): never {
    throw new SessionIntegrityError(tableKey.slice(0, KEY_PREFIX_LENGTH), name, keyId, reason);
  }
}

/** `size` when `current()` says the value is stored as it would be now; undefined when not, or it does not decode. */
function sizeIf(current: () => boolean, size: number): number | undefined {
  try {
    return current() ? size : undefined;
  } catch {
    return undefined;
  }
}

function withForm(form: Form, bytes: Uint8Array): Buffer {
  return Buffer.concat([Buffer.of(form), bytes]);
}

/** What a ciphertext is bound to besides its key id: the session and the value's key. */
function context(tableKey: string, name: string): string {
  return `${tableKey}\0${name}`;
}

function inflate(bytes: Buffer, fail: (reason: string) => never): Buffer {
  try {
    return brotliDecompressSync(bytes, { maxOutputLength: MAX_DECOMPRESSED_BYTES });
  } catch {
    return fail('does not decompress');
  }
}

function parse(utf8: Buffer, fail: (reason: string) => never): unknown {
  try {
    return JSON.parse(utf8.toString()) as unknown;
  } catch {
    return fail('does not hold JSON');
  }
}
