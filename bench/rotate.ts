/** `items` rotated left by `by`, so that no target always runs first (DynamoDB Local drifts). */
export function rotate<T>(items: readonly T[], by: number): T[] {
  const shift = items.length === 0 ? 0 : by % items.length;
  return [...items.slice(shift), ...items.slice(0, shift)];
}
