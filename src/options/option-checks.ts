import type { Check } from './option-definition.js';

/**
 * The rules options are checked with. Each returns what a value must be, in words a user can act on,
 * and the option's definition adds its path and the value it got.
 */

/** One of `values`. */
export const oneOf =
  (values: readonly unknown[], message: string): Check =>
  (value) =>
    values.includes(value) ? undefined : message;

/** `true` or `false`. */
export const isBoolean: Check = oneOf([true, false], 'must be true or false');

/** A string that `pattern` matches. */
export const matches =
  (pattern: RegExp, message: string): Check =>
  (value) =>
    typeof value === 'string' && pattern.test(value) ? undefined : message;

/** A string, empty or not. */
export const isString =
  (message: string): Check =>
  (value) =>
    typeof value === 'string' ? undefined : message;

/** A string with at least one character. */
export const isNonEmptyString =
  (message: string): Check =>
  (value) =>
    typeof value === 'string' && value !== '' ? undefined : message;

/** An integer (a number: an environment variable's text that is not one stays text). */
export const isWholeNumber =
  (message: string): Check =>
  (value) =>
    Number.isInteger(value) ? undefined : message;

/** At least `min` (checked after {@link isWholeNumber}). */
export const atLeast =
  (min: number, message: string): Check =>
  (value) =>
    (value as number) >= min ? undefined : message;

/** At most `max` (checked after {@link isWholeNumber}). */
export const atMost =
  (max: number, message: string): Check =>
  (value) =>
    (value as number) <= max ? undefined : message;

/** A non-empty list; a single value counts as a list of one (`secret`). */
export const isNonEmptyList =
  (message: string): Check =>
  (value) =>
    Array.isArray(value) && value.length > 0 ? undefined : message;

/** Every entry of a list meets `check`. */
export const each =
  (check: Check): Check =>
  (value, context) =>
    (value as unknown[]).map((entry) => check(entry, context)).find((text) => text !== undefined);
