/**
 * The size DynamoDB counts for an item (its limit is 400 KB), from the rules it documents: attribute
 * names and strings in UTF-8 bytes; a number 1 byte per two significant digits plus 1; a boolean or
 * null 1 byte; a binary its bytes; a list or map 3 bytes plus its elements, each 1 byte more (map keys count as names).
 */
export function dynamoItemSize(item: Readonly<Record<string, unknown>>): number {
  let size = 0;
  for (const [name, value] of Object.entries(item))
    size += Buffer.byteLength(name) + dynamoValueSize(value);
  return size;
}

/** The size DynamoDB counts for one attribute value (see {@link dynamoItemSize}), its name not included. */
export function dynamoValueSize(value: unknown): number {
  switch (typeof value) {
    case 'string':
      return Buffer.byteLength(value);
    case 'number':
      return Math.ceil(significantDigits(value) / 2) + 1;
    case 'boolean':
      return 1;
    case 'object': {
      if (value === null) return 1;
      if (value instanceof Uint8Array) return value.byteLength; // binary: its bytes
      if (Array.isArray(value))
        return 3 + value.reduce<number>((sum, item) => sum + 1 + dynamoValueSize(item), 0);
      let size = 3;
      for (const [name, item] of Object.entries(value))
        size += 1 + Buffer.byteLength(name) + dynamoValueSize(item);
      return size;
    }
    default:
      return 0; // undefined and functions are not stored
  }
}

function significantDigits(value: number): number {
  // Integers (every time and TTL of an item, most counters): trailing zeros off, then the digits left;
  // on every write, so without the string work below.
  if (Number.isSafeInteger(value)) {
    let digits = Math.abs(value);
    if (digits === 0) return 1;
    while (digits % 10 === 0) digits /= 10;
    return digitCount(digits);
  }
  if (!Number.isFinite(value)) {
    const mantissa = Math.abs(value).toExponential().split('e')[0] ?? '0';
    return Math.max(1, mantissa.replace('.', '').replace(/0+$/, '').length);
  }
  return fractionDigits(String(Math.abs(value)));
}

/**
 * The significant digits of a finite number's shortest decimal form (`"123.45"`, `"0.000123"`,
 * `"1.5e-7"`): the digits before any exponent, without the point and the leading and trailing zeros.
 * The same count as `toExponential()`'s mantissa (both are the shortest form that reads back as the
 * number), without its string copies and regular expression.
 */
function fractionDigits(text: string): number {
  let digits = 0;
  let zeros = 0;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code === 101) break; // 'e'
    if (code === 46) continue; // '.'
    if (code === 48) {
      // '0': leading zeros are not counted, inner ones are once a non-zero digit follows them.
      if (digits > 0) zeros += 1;
      continue;
    }
    digits += zeros + 1;
    zeros = 0;
  }
  return Math.max(1, digits);
}

/** The decimal digits of a positive safe integer. */
function digitCount(value: number): number {
  let count = 1;
  for (let rest = value; rest >= 10; rest = Math.floor(rest / 10)) count += 1;
  return count;
}
