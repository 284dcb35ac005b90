import { CREATED_AT_ATTRIBUTE, TOUCHED_AT_ATTRIBUTE } from '../table/session-table.constants.js';

/** The options that decide whether a session is live. */
export interface Timeouts {
  readonly idleTimeout: number;
  readonly absoluteTimeout: number;
  readonly notBefore?: number;
}

/** A DynamoDB condition expression with its names and values. */
export interface Condition {
  expression: string;
  names: Record<string, string>;
  values: Record<string, number>;
}

/**
 * The condition that an item is a live session, to the millisecond and under the current options:
 * it exists, its TTL expiry has not passed, neither its idle nor its absolute timeout has, and it
 * was not created before `notBefore`.
 */
export function liveSessionCondition(
  names: { readonly keyAttribute: string; readonly expiresAttribute: string },
  timeouts: Timeouts,
  now: number,
): Condition {
  const cutoffs = liveCutoffs(timeouts, now);
  return {
    expression:
      'attribute_exists(#key) AND #expires > :nowSeconds AND #touchedAt > :idleCutoff AND #createdAt > :absoluteCutoff',
    names: {
      '#key': names.keyAttribute,
      '#expires': names.expiresAttribute,
      '#touchedAt': TOUCHED_AT_ATTRIBUTE,
      '#createdAt': CREATED_AT_ATTRIBUTE,
    },
    values: {
      ':nowSeconds': cutoffs.nowSeconds,
      ':idleCutoff': cutoffs.idleCutoff,
      ':absoluteCutoff': cutoffs.absoluteCutoff,
    },
  };
}

/**
 * The bounds of a live session at `now`: its TTL expiry (epoch seconds) after `nowSeconds`, its last
 * write after `idleCutoff`, its creation after `absoluteCutoff` (which also ends the sessions created
 * before `notBefore`). Every repository's conditional writes use them.
 */
export function liveCutoffs(timeouts: Timeouts, now: number) {
  return {
    nowSeconds: Math.floor(now / 1000),
    idleCutoff: now - timeouts.idleTimeout * 1000,
    absoluteCutoff: Math.max(now - timeouts.absoluteTimeout * 1000, (timeouts.notBefore ?? 0) - 1),
  };
}
