import { io, type Socket } from 'socket.io-client';

/** What a message got back: its acknowledgement, or the `exception` Nest sent for it. */
export type Answer = { ack: unknown } | { exception: { code?: string; message?: string } };

/**
 * A connected socket.io client of `url` (with its namespace), sending `cookie` in its handshake, and
 * `auth` as the handshake's auth payload (a header client's `{ sessionToken }`).
 */
export async function connectSocketIo(
  url: string,
  cookie?: string,
  auth?: Record<string, unknown>,
): Promise<Socket> {
  const socket = io(url, {
    transports: ['websocket'],
    forceNew: true,
    extraHeaders: cookie === undefined ? {} : { cookie },
    ...(auth === undefined ? {} : { auth }),
  });
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
  } catch (error) {
    socket.disconnect();
    throw error;
  }
  return socket;
}

/** Sends `event` and waits for its acknowledgement or an exception, whichever comes first. */
export function ask(socket: Socket, event: string, data: unknown = {}): Promise<Answer> {
  return new Promise((resolve) => {
    const onException = (exception: { code?: string; message?: string }): void =>
      resolve({ exception });
    socket.once('exception', onException);
    socket.emit(event, data, (ack: unknown) => {
      socket.off('exception', onException);
      resolve({ ack });
    });
  });
}
