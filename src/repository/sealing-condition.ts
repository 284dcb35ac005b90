import {
  AUTHENTICATED_AT_ATTRIBUTE,
  CREATED_AT_ATTRIBUTE,
  USER_ID_ATTRIBUTE,
} from '../table/session-table.constants.js';
import type { Condition } from './live-session-condition.js';
import { optional, updateSealedFields, type SessionItem } from './session-item.js';
import type { SessionChanges, SessionDetails, SessionTimes } from './session-repository.js';
import type { UpdateExpressionBuilder } from './update-expression-builder.js';

/** The update of one session's item, as far as its seal goes. */
export interface SealedUpdate {
  readonly key: string;
  readonly changes: SessionChanges;
  readonly times: SessionTimes;
  readonly details: SessionDetails;
}

/**
 * When the update writes the item's seal (see `SessionItem.updateSeals`): sets the seal in `expression`
 * and answers the condition that the item holds what it seals (the creation of `times`, the identity
 * and later authentication of `details`; no identity, for an identity the update moves), so that a
 * caller's mistake makes the update write nothing rather than a seal that would end the session.
 * Else undefined.
 */
export function sealingCondition(
  items: SessionItem,
  { key, changes, times, details }: SealedUpdate,
  expression: UpdateExpressionBuilder,
): Condition | undefined {
  if (!items.updateSeals(changes.userId !== undefined, changes.reseal === true)) return undefined;
  const sealed = updateSealedFields(changes, times, details);
  for (const [name, value] of Object.entries(items.sealAttribute(key, sealed)))
    expression.set(name, value);
  const { userId, authenticatedAt } = sealed;
  // The item holds this identity, or (none stored yet) none: a move of the identity that a parallel
  // request made already is the same move, and seals the same.
  const identity =
    userId === undefined
      ? 'attribute_not_exists(#sealedUserId)'
      : changes.userId === undefined
        ? '#sealedUserId = :sealedUserId'
        : '(attribute_not_exists(#sealedUserId) OR #sealedUserId = :sealedUserId)';
  const authenticated =
    authenticatedAt === undefined
      ? 'attribute_not_exists(#sealedAuthenticatedAt)'
      : '#sealedAuthenticatedAt = :sealedAuthenticatedAt';
  return {
    expression: `#sealedCreatedAt = :sealedCreatedAt AND ${identity} AND ${authenticated}`,
    names: {
      '#sealedCreatedAt': CREATED_AT_ATTRIBUTE,
      '#sealedUserId': USER_ID_ATTRIBUTE,
      '#sealedAuthenticatedAt': AUTHENTICATED_AT_ATTRIBUTE,
    },
    values: {
      ':sealedCreatedAt': times.createdAt,
      ...optional(':sealedUserId', userId),
      ...optional(':sealedAuthenticatedAt', authenticatedAt),
    },
  };
}
