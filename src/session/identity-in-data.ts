/**
 * An identity kept as the data key `userId` (a non-empty string or a finite number), as an older
 * version of this module and many express-session apps kept it; undefined when there is none.
 */
export function identityInData(data: Readonly<Record<string, unknown>>): string | undefined {
  const value = data['userId'];
  if (typeof value === 'string') return value === '' ? undefined : value;
  return typeof value === 'number' && Number.isFinite(value) ? String(value) : undefined;
}
