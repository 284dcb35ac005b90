import { DynamoSessionError } from '../dynamo-session.error.js';

/**
 * A unit of work that cannot set a cookie (a WebSocket message: the socket is open, its handshake is
 * over) would have started or regenerated a session (`logIn()`, `logOut()`, `regenerate()`, or data
 * put in a session that was never stored). Nothing was stored, and the session the client holds is
 * kept as it was. Start or regenerate the session over HTTP, then (re)connect the socket.
 */
export class SessionNotStoredError extends DynamoSessionError {
  override readonly name = 'SessionNotStoredError';
  readonly code = 'SESSION_NOT_STORED';

  constructor() {
    super(
      'This message would start or regenerate a session, but no cookie can be set over an open socket: nothing was stored. Log in (or start the session) over HTTP, then reconnect the socket.',
    );
  }
}
