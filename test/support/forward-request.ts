import { request as forward, type IncomingMessage, type ServerResponse } from 'node:http';
import { crc32 } from 'node:zlib';

/**
 * Sends `request` on to `target` and pipes the answer back to `response`. The body is `body` when the
 * caller already read it, else the request stream itself. With `rewrite`, the answer's body is read
 * whole and replaced by what `rewrite` returns (DynamoDB's `x-amz-crc32` recomputed). With
 * `answered`, the answer is read whole but not passed on, and `answered` is called instead. A failed
 * upstream drops the connection.
 */
export function forwardRequest(
  target: URL,
  request: IncomingMessage,
  response: ServerResponse,
  body?: Buffer,
  rewrite?: (answer: Buffer) => Buffer,
  answered?: () => void,
): void {
  const upstream = forward(
    {
      host: target.hostname,
      port: target.port,
      method: request.method,
      path: request.url,
      headers: request.headers,
    },
    (answer) => {
      if (answered !== undefined) {
        answer.resume();
        answer.on('end', answered);
        return;
      }
      if (rewrite === undefined) {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
        return;
      }
      const chunks: Buffer[] = [];
      answer.on('data', (chunk: Buffer) => chunks.push(chunk));
      answer.on('end', () => {
        const rewritten = rewrite(Buffer.concat(chunks));
        response.writeHead(answer.statusCode ?? 502, {
          ...answer.headers,
          'content-length': String(rewritten.length),
          'x-amz-crc32': String(crc32(rewritten)),
        });
        response.end(rewritten);
      });
    },
  );
  upstream.on('error', () => response.destroy());
  if (body === undefined) request.pipe(upstream);
  else upstream.end(body);
}
