import type { SessionDetails } from '../repository/session-repository.js';
import type { ClientDetails } from './client-details.js';
import type { SessionState } from './session-state.js';

/**
 * What a session's item records besides its data and times (`SessionDetails`), from the session's
 * state: the identity, when it last proved itself if later than the creation, and the client's
 * User-Agent and IP.
 */

/** The details of a new item for `state`, created by the client `client` (`deviceDetails`). */
export function newItemDetails(
  state: SessionState,
  client: ClientDetails | undefined,
): SessionDetails {
  return {
    ...(client?.userAgent === undefined ? {} : { userAgent: client.userAgent }),
    ...(client?.clientIp === undefined ? {} : { clientIp: client.clientIp }),
    ...(state.userId === undefined ? {} : { userId: state.userId }),
    ...(state.authenticatedAt === undefined ? {} : { authenticatedAt: state.authenticatedAt }),
  };
}

/**
 * The details the stored item of `state` holds, for an update: they count towards the size limit, and
 * an update that seals the item anew seals them.
 */
export function storedItemDetails(state: SessionState): SessionDetails {
  return newItemDetails(state, state.storedClient);
}

/**
 * The client details an item was written with (`details`), as plain values: the IP read once, when the
 * item was written (a `ClientDetails` of the request reads it when asked).
 */
export function storedClientOf({ userAgent, clientIp }: SessionDetails): ClientDetails {
  return { userAgent, clientIp };
}
