import type { SessionDetails } from '../repository/session-repository.js';
import type { SessionState } from './session-state.js';

/**
 * What a session's item records besides its data and times (`SessionDetails`), from the session's
 * state: the identity, when it last proved itself if later than the creation, and the User-Agent.
 */

/** The details of a new item for `state`, created from a request with the User-Agent `agent` (`trackUserAgent`). */
export function newItemDetails(state: SessionState, agent: string | undefined): SessionDetails {
  return {
    ...(agent === undefined ? {} : { userAgent: agent }),
    ...(state.userId === undefined ? {} : { userId: state.userId }),
    ...(state.authenticatedAt === undefined ? {} : { authenticatedAt: state.authenticatedAt }),
  };
}

/**
 * The details the stored item of `state` holds, for an update: they count towards the size limit, and
 * an update that seals the item anew seals them.
 */
export function storedItemDetails(state: SessionState): SessionDetails {
  return newItemDetails(state, state.storedUserAgent);
}
