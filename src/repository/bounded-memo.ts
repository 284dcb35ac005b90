/**
 * Values worked out before, by a text key, at most `capacity` of them: once full, each new entry drops
 * the oldest. For results that cost more to work out again than to look up (an HMAC, a SHA-256) and
 * that a busy server asks for again and again: the seal of an item it wrote or read a moment ago, the
 * signature of the cookie it issued with the last response.
 *
 * Only what follows from the key alone belongs here (the MAC of a message under a fixed key, not
 * whether a session is live): an entry is never out of date, only gone.
 */
export class BoundedMemo<V> {
  private readonly entries = new Map<string, V>();

  constructor(private readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError(`A memo holds at least one entry (capacity ${capacity})`);
  }

  /** The value kept for `key`, else `compute()`'s, kept. */
  of(key: string, compute: () => V): V {
    const kept = this.entries.get(key);
    if (kept !== undefined) return kept;
    const value = compute();
    this.keep(key, value);
    return value;
  }

  /** The value kept for `key`; undefined when none is. */
  get(key: string): V | undefined {
    return this.entries.get(key);
  }

  /** Keeps `value` for `key` (dropping the oldest entry when full). */
  keep(key: string, value: V): void {
    if (this.entries.size >= this.capacity && !this.entries.has(key)) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(key, value);
  }

  get size(): number {
    return this.entries.size;
  }
}
