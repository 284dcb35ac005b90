/** `value` as an identity: a non-empty string as it is, a finite number as its decimal string. */
export function identityOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value === '' ? undefined : value;
  return typeof value === 'number' && Number.isFinite(value) ? String(value) : undefined;
}

/**
 * An identity kept as the data key `userId` (a non-empty string or a finite number), as an older
 * version of this module and many express-session apps kept it; undefined when there is none.
 */
export function identityInData(data: Readonly<Record<string, unknown>>): string | undefined {
  return identityOf(data['userId']);
}
