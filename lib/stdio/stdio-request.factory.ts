import { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';

/**
 * Builds the request object handlers see for messages that arrived over stdio: a Node `IncomingMessage` (so
 * `ctx.request`, guards, `@Req()` and `@Headers()` work as on HTTP) for `POST /mcp` with the configured headers,
 * names lowercased as Node presents them. Its socket is not connected to anything. One object per message, so what
 * a guard or middleware writes on it never leaks into another call.
 */
export function createStdioRequestFactory(headers: Record<string, string | undefined>): () => IncomingMessage {
  const entries = Object.entries(headers).filter((entry): entry is [string, string] => typeof entry[1] === 'string');
  const normalized = Object.fromEntries(entries.map(([name, value]) => [name.toLowerCase(), value]));
  const rawHeaders = entries.flat();
  const socket = new Socket();
  return () => {
    const request = new IncomingMessage(socket);
    request.method = 'POST';
    request.url = '/mcp';
    request.httpVersion = '1.1';
    request.headers = { ...normalized };
    request.rawHeaders = [...rawHeaders];
    request.complete = true;
    return request;
  };
}
