import { liveBounds, type SessionLifetime } from '../rules/session-lifetime.js';
import {
  CREATED_AT_ATTRIBUTE,
  EXPIRES_AT_MS_ATTRIBUTE,
  TOUCHED_AT_ATTRIBUTE,
} from '../table/session-table.constants.js';

/** A DynamoDB condition expression with its names and values. */
export interface Condition {
  expression: string;
  names: Record<string, string>;
  values: Record<string, number>;
}

/**
 * The condition that an item is a live session at `now`, to the millisecond and under the current
 * lifetime (see `liveBounds`): it exists, its exact end (or, for an item written before that was
 * stored, its TTL expiry) has not passed, neither its idle nor its absolute timeout has, and it was not
 * created before `notBefore`.
 */
export function liveSessionCondition(
  names: { readonly keyAttribute: string; readonly expiresAttribute: string },
  lifetime: SessionLifetime,
  now: number,
): Condition {
  const bounds = liveBounds(lifetime, now);
  return {
    expression:
      'attribute_exists(#key) AND #expires > :nowSeconds AND (attribute_not_exists(#expiresAtMs) OR #expiresAtMs > :now) AND #touchedAt > :idleCutoff AND #createdAt > :absoluteCutoff',
    names: {
      '#key': names.keyAttribute,
      '#expires': names.expiresAttribute,
      '#expiresAtMs': EXPIRES_AT_MS_ATTRIBUTE,
      '#touchedAt': TOUCHED_AT_ATTRIBUTE,
      '#createdAt': CREATED_AT_ATTRIBUTE,
    },
    values: {
      ':now': bounds.now,
      ':nowSeconds': bounds.nowSeconds,
      ':idleCutoff': bounds.idleCutoff,
      ':absoluteCutoff': bounds.absoluteCutoff,
    },
  };
}
