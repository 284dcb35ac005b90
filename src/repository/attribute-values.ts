import type { AttributeValue } from '@aws-sdk/client-dynamodb';

/**
 * The session table's values in DynamoDB's own form and back, for the plain commands of
 * `plain-commands.ts`: the conversion the document client makes with the module's options
 * (`removeUndefinedValues`), without its generic walks.
 *
 * Written: strings, numbers (finite, within ±`Number.MAX_SAFE_INTEGER`), booleans, null, lists,
 * plain objects, binary (`Uint8Array`, such as a coded value) and sets of strings, numbers or binary;
 * `undefined` and functions inside a list or an object are left out. Read: every DynamoDB type, a
 * number beyond the safe integers as a `BigInt` (as the document client reads it), a set as a `Set`.
 */
export type Attributes = Record<string, AttributeValue>;

/** `value` in DynamoDB's form. Throws for what DynamoDB cannot hold, naming it. */
export function toAttributeValue(value: unknown): AttributeValue {
  switch (typeof value) {
    case 'string':
      return { S: value };
    case 'number':
      return { N: numberText(value) };
    case 'boolean':
      return { BOOL: value };
    case 'bigint':
      return { N: value.toString() };
    case 'object':
      if (value === null) return { NULL: true };
      if (Array.isArray(value)) return { L: listOf(value) };
      if (value instanceof Uint8Array) return { B: value };
      if (value instanceof Set) return setOf(value as Set<unknown>);
      if (isPlainObject(value)) return { M: toAttributes(value as Record<string, unknown>) };
      throw new TypeError(`A ${value.constructor.name} cannot be stored in DynamoDB`);
    default:
      throw new TypeError(`A value of type ${typeof value} cannot be stored in DynamoDB`);
  }
}

/** Each attribute of `record` in DynamoDB's form; `undefined` and functions left out. */
export function toAttributes(record: Readonly<Record<string, unknown>>): Attributes {
  const attributes: Attributes = {};
  for (const name of Object.keys(record)) {
    const value = record[name];
    if (value !== undefined && typeof value !== 'function')
      attributes[name] = toAttributeValue(value);
  }
  return attributes;
}

/** A value as DynamoDB holds it, as JavaScript. */
export function fromAttributeValue(value: AttributeValue): unknown {
  if (value.S !== undefined) return value.S;
  if (value.N !== undefined) return numberFrom(value.N);
  if (value.M !== undefined) return fromAttributes(value.M);
  if (value.L !== undefined) return value.L.map(fromAttributeValue);
  if (value.BOOL !== undefined) return value.BOOL;
  if (value.NULL !== undefined) return null;
  if (value.B !== undefined) return value.B;
  if (value.SS !== undefined) return new Set(value.SS);
  if (value.NS !== undefined) return new Set(value.NS.map(numberFrom));
  if (value.BS !== undefined) return new Set(value.BS);
  throw new TypeError(`DynamoDB answered a value of a type this library does not read`);
}

/** Each attribute of an item as DynamoDB holds it, as JavaScript. */
export function fromAttributes(attributes: Readonly<Attributes>): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (const name of Object.keys(attributes)) {
    record[name] = fromAttributeValue(attributes[name] as AttributeValue);
  }
  return record;
}

function numberText(value: number): string {
  if (!Number.isFinite(value)) throw new TypeError(`DynamoDB cannot store the number ${value}`);
  if (value > Number.MAX_SAFE_INTEGER || value < Number.MIN_SAFE_INTEGER) {
    throw new TypeError(
      `The number ${value} is beyond Number.MAX_SAFE_INTEGER: store it as a string`,
    );
  }
  return String(value);
}

function numberFrom(text: string): number | bigint {
  const value = Number(text);
  if (value <= Number.MAX_SAFE_INTEGER && value >= Number.MIN_SAFE_INTEGER) return value;
  try {
    return BigInt(text);
  } catch {
    throw new TypeError(
      `DynamoDB answered the number ${text}, which JavaScript cannot hold exactly`,
    );
  }
}

function listOf(values: readonly unknown[]): AttributeValue[] {
  const list: AttributeValue[] = [];
  for (const value of values) {
    if (value !== undefined && typeof value !== 'function') list.push(toAttributeValue(value));
  }
  return list;
}

function setOf(values: Set<unknown>): AttributeValue {
  const items = [...values].filter((value) => value !== undefined);
  const [first] = items;
  if (typeof first === 'string') return { SS: items as string[] };
  if (typeof first === 'number' || typeof first === 'bigint') {
    return {
      NS: items.map((item) =>
        typeof item === 'bigint' ? item.toString() : numberText(item as number),
      ),
    };
  }
  if (first instanceof Uint8Array) return { BS: items as Uint8Array[] };
  throw new TypeError('DynamoDB stores only non-empty sets of strings, numbers or binary');
}

function isPlainObject(value: object): boolean {
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}
