import type { ServerResponse } from 'node:http';
import { serializeJsonRpcMessage } from '../protocol/json-object-fragment.js';
import type { McpHttpAnswer } from '../transport/mcp-http.types.js';
import { ServerResponseSseSink } from './server-response-sse.sink.js';

/**
 * Writes an answer to a Node response: Express hands its own response, Fastify its `reply.raw` once the reply is
 * hijacked. A stream gets its head at once, then the sink; a reply is written whole.
 */
export function writeNodeAnswer(response: ServerResponse, answer: McpHttpAnswer): void {
  if (answer.kind === 'stream') {
    response.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
      ...answer.headers,
    });
    response.flushHeaders();
    answer.start(new ServerResponseSseSink(response));
    return;
  }
  response.statusCode = answer.status;
  for (const [name, value] of Object.entries(answer.headers)) response.setHeader(name, value);
  if (answer.body === undefined) {
    response.end();
    return;
  }
  response.setHeader('content-type', 'application/json');
  response.end(serializeJsonRpcMessage(answer.body));
}
