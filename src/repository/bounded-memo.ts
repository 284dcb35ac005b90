/**
 * Values worked out before, by a text key, at most `capacity` of them, the most recent kept. For
 * results that cost more to work out again than to look up (an HMAC) and that a busy server asks for
 * again and again: the seal of an item it wrote or read a moment ago, the signature of the cookie it
 * issued with the last response.
 *
 * Only what follows from the key alone belongs here (the MAC of a message under a fixed key, not
 * whether a session is live): an entry is never out of date, only gone.
 *
 * Two generations of at most half the capacity each: once the newer is full it becomes the older and
 * the older is dropped whole. Every call is O(1) (dropping entries one by one from the front of a Map
 * is not: its iterator steps over the holes they leave).
 */
export class BoundedMemo<V> {
  private newer = new Map<string, V>();
  private older = new Map<string, V>();
  private readonly generation: number;

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 2)
      throw new RangeError(`A memo holds at least two entries (capacity ${capacity})`);
    this.generation = Math.floor(capacity / 2);
  }

  /** The value kept for `key`; undefined when none is. A value found in the older generation is kept on. */
  get(key: string): V | undefined {
    const newer = this.newer.get(key);
    if (newer !== undefined) return newer;
    const older = this.older.get(key);
    if (older !== undefined) this.keep(key, older);
    return older;
  }

  /** Keeps `value` for `key`. */
  keep(key: string, value: V): void {
    if (this.newer.size >= this.generation && !this.newer.has(key)) {
      this.older = this.newer;
      this.newer = new Map();
    }
    this.newer.set(key, value);
  }

  /** How many values are kept (a value in both generations counts twice). */
  get size(): number {
    return this.newer.size + this.older.size;
  }
}
