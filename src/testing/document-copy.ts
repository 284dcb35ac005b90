/**
 * A deep copy of `value` as DynamoDB's document client would store it and read it back: strings,
 * booleans, null, numbers, binaries, lists and plain maps; `undefined` left out of maps and lists (the
 * module writes with `removeUndefinedValues`). Anything the document client refuses to write (a
 * `Date`, a class instance, `NaN`, a number beyond ±2^53) throws, naming it, as the write would fail.
 */
export function documentCopy(value: unknown, path: string): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      if (!Number.isFinite(value) || Math.abs(value) > Number.MAX_SAFE_INTEGER)
        throw new TypeError(`${path}: the number ${value} cannot be stored in DynamoDB`);
      return value === 0 ? 0 : value;
    case 'object': {
      if (value === null) return null;
      if (value instanceof Uint8Array) return Uint8Array.from(value);
      if (Array.isArray(value))
        return value
          .map((item, index) => documentCopy(item, `${path}[${index}]`))
          .filter((item) => item !== undefined);
      const prototype = Object.getPrototypeOf(value) as unknown;
      if (prototype !== Object.prototype && prototype !== null)
        throw new TypeError(
          `${path}: a ${value.constructor?.name ?? 'class'} instance cannot be stored in DynamoDB (the document client writes plain objects only)`,
        );
      const copy: Record<string, unknown> = {};
      for (const [name, item] of Object.entries(value)) {
        const stored = documentCopy(item, `${path}.${name}`);
        if (stored !== undefined) copy[name] = stored;
      }
      return copy;
    }
    case 'undefined':
      return undefined;
    default:
      throw new TypeError(`${path}: a ${typeof value} cannot be stored in DynamoDB`);
  }
}
