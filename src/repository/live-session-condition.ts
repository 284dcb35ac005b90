import { liveBounds, type SessionLifetime } from '../rules/session-lifetime.js';
import { CREATED_AT_ATTRIBUTE, TOUCHED_AT_ATTRIBUTE } from '../table/session-table.constants.js';

/** A DynamoDB condition expression with its names and values. */
export interface Condition {
  expression: string;
  names: Record<string, string>;
  values: Record<string, unknown>;
}

/**
 * The condition that an item is a live session at `now` under the current lifetime (see `liveBounds`):
 * it exists, its TTL second has not passed, neither its idle nor its absolute timeout has (to the
 * millisecond), and it was not created before `notBefore`. That it exists needs no `attribute_exists`
 * of its own: a comparison with an attribute an item lacks is false, and a missing item has none. The exact end (`expiresAtMs`) is not part of
 * it: an older version extending the item rewrites only the TTL second, so a condition on the exact end
 * could refuse a session that is live; reads check the exact end where it still belongs to that second.
 */
export function liveSessionCondition(
  names: { readonly expiresAttribute: string },
  lifetime: SessionLifetime,
  now: number,
): Condition {
  const bounds = liveBounds(lifetime, now);
  return {
    expression:
      '#expires > :nowSeconds AND #touchedAt > :idleCutoff AND #createdAt > :absoluteCutoff',
    names: {
      '#expires': names.expiresAttribute,
      '#touchedAt': TOUCHED_AT_ATTRIBUTE,
      '#createdAt': CREATED_AT_ATTRIBUTE,
    },
    values: {
      ':nowSeconds': bounds.nowSeconds,
      ':idleCutoff': bounds.idleCutoff,
      ':absoluteCutoff': bounds.absoluteCutoff,
    },
  };
}
