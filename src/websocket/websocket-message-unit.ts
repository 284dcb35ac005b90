import type { ExecutionContext } from '@nestjs/common';

/**
 * The unit of work of one WebSocket message: the key of its session in the per-unit memo. Nest hands the
 * guards and the interceptors of a message one arguments array, but `@Session()` a copy of it, so the
 * key travels inside the array: put in just before its last element (the pattern), where the client,
 * the data (`getData()`), the ack (`@Ack()`) and the pattern (`getPattern()`) are still found.
 */
export class WebSocketMessageUnit {}

/** The unit of `context`'s message, made (and put into its arguments) by the first who asks. */
export function messageUnitOf(context: ExecutionContext): WebSocketMessageUnit {
  const args = context.getArgs<unknown[]>();
  const found = args.find((arg) => arg instanceof WebSocketMessageUnit);
  if (found !== undefined) return found;
  const unit = new WebSocketMessageUnit();
  args.splice(Math.max(args.length - 1, 0), 0, unit);
  return unit;
}
