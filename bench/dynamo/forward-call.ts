import { request, type Agent, type IncomingMessage } from 'node:http';

/** The whole body of `stream`. */
export function readAll(stream: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

/**
 * Sends the DynamoDB call `call` (its method, path and headers) with `body` (read, maybe rewritten)
 * to `target` through `agent`; resolves with the answer, its body unread.
 */
export function forwardCall(
  target: URL,
  agent: Agent,
  call: IncomingMessage,
  body: Buffer,
): Promise<IncomingMessage> {
  const headers = { ...call.headers, 'content-length': String(body.length) };
  delete headers['transfer-encoding'];
  return new Promise((resolve, reject) => {
    const upstream = request(
      {
        host: target.hostname,
        port: target.port,
        method: call.method,
        path: call.url,
        headers,
        agent,
      },
      resolve,
    );
    upstream.on('error', reject);
    upstream.end(body);
  });
}
