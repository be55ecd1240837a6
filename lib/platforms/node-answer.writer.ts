import type { ServerResponse } from 'node:http';
import { serializeJsonRpcMessage } from '../protocol/json-object-fragment.js';
import type { McpHttpAnswer } from '../transport/mcp-http.types.js';
import { mergeHeaderList } from '../endpoint/exposed-headers.js';
import { ServerResponseSseSink } from './server-response-sse.sink.js';

/**
 * Writes an answer to a Node response: Express hands its own response, Fastify its `reply.raw` once the reply is
 * hijacked. A stream gets its head at once, then the sink; a reply is written whole.
 */
export function writeNodeAnswer(response: ServerResponse, answer: McpHttpAnswer): void {
  const exposed = answer.headers['access-control-expose-headers'];
  if (exposed !== undefined) {
    // The app's CORS handling may have set its own list already: keep it and add ours.
    answer = { ...answer, headers: { ...answer.headers, 'access-control-expose-headers': mergeHeaderList(response.getHeader('access-control-expose-headers'), exposed) } };
  }
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
