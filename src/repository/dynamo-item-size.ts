/**
 * The size DynamoDB counts for an item (its limit is 400 KB), from the rules it documents: attribute
 * names and strings in UTF-8 bytes; a number 1 byte per two significant digits plus 1; a boolean or
 * null 1 byte; a binary its bytes; a list or map 3 bytes plus its elements, each 1 byte more (map keys count as names).
 */
export function dynamoItemSize(item: Readonly<Record<string, unknown>>): number {
  let size = 0;
  for (const name of Object.keys(item)) size += utf8Length(name) + dynamoValueSize(item[name]);
  return size;
}

/** The size DynamoDB counts for one attribute value (see {@link dynamoItemSize}), its name not included. */
export function dynamoValueSize(value: unknown): number {
  switch (typeof value) {
    case 'string':
      return utf8Length(value);
    case 'number':
      return Math.ceil(significantDigits(value) / 2) + 1;
    case 'boolean':
      return 1;
    case 'object': {
      if (value === null) return 1;
      if (value instanceof Uint8Array) return value.byteLength; // binary: its bytes
      let size = 3;
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i += 1) size += 1 + dynamoValueSize(value[i]);
        return size;
      }
      const map = value as Record<string, unknown>;
      for (const name of Object.keys(map))
        size += 1 + utf8Length(name) + dynamoValueSize(map[name]);
      return size;
    }
    default:
      return 0; // undefined and functions are not stored
  }
}

/**
 * At least the size {@link dynamoValueSize} gives a value whose JSON (`JSON.stringify`) is `jsonLength`
 * UTF-16 code units long, without walking it: 3 bytes a unit. A string takes at most 3 UTF-8 bytes a
 * unit and its JSON adds its quotes; a number's significant digits are among its characters; a list or
 * map adds 3 bytes and 1 per element where its JSON adds brackets and a comma or colon (and a key's
 * quotes). A value JSON does not hold (a DynamoDB set another writer stored) is not bounded by this.
 */
export function dynamoValueSizeBound(jsonLength: number): number {
  return 3 * jsonLength;
}

/** Longer texts are measured by `Buffer.byteLength`, shorter ones (names, most values) in JS. */
const SHORT_TEXT = 64;

/**
 * `Buffer.byteLength(text)`: the UTF-8 bytes of a text, a lone surrogate counting as the 3 bytes of the
 * U+FFFD it is written as. Each value of an item is measured on every write: a short text costs less
 * counted here than through a call into Node's C++.
 */
function utf8Length(text: string): number {
  if (text.length > SHORT_TEXT) return Buffer.byteLength(text);
  let bytes = text.length;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code < 0x80) continue;
    if (code < 0x800) {
      bytes += 1;
    } else if (isHighSurrogate(code) && isLowSurrogate(text.charCodeAt(i + 1))) {
      bytes += 2; // a pair: 4 bytes for its two code units
      i += 1;
    } else {
      bytes += 2;
    }
  }
  return bytes;
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;

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
