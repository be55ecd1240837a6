import type { McpHttpAnswer, McpHttpReply, McpHttpStream } from './mcp-http.types.js';

/** A response that may turn into a stream while its handler runs. */
export interface MaybeStreaming {
  /** Resolves when the handler first sends something on the request's own stream. */
  readonly opened: Promise<void>;
  /** Whether it did. */
  readonly isOpen: boolean;
}

/**
 * The one JSON-or-SSE decision both wires make for a request: wait until the handler either finishes or opens a
 * stream (a progress or log notification, a request to the client). Finished first: one JSON reply. Streamed
 * first: an SSE answer that carries the rest. Without a stream (the client does not accept SSE), always JSON.
 */
export async function answerJsonOrSse<T>(
  dispatching: Promise<T>,
  streaming: MaybeStreaming | undefined,
  answers: { json(outcome: T): McpHttpAnswer; sse(): McpHttpStream },
): Promise<McpHttpAnswer> {
  if (streaming) await Promise.race([dispatching, streaming.opened]);
  if (!streaming?.isOpen) return answers.json(await dispatching);
  return answers.sse();
}

/**
 * A JSON reply as the client accepts it: as it is, or, for a client that refuses JSON (`Accept: text/event-stream`
 * alone), a successful reply as an SSE stream of that one message. A refusal keeps its HTTP status and goes as JSON.
 */
export function asAccepted(reply: McpHttpReply, jsonAccepted: boolean): McpHttpAnswer {
  if (jsonAccepted || reply.status !== 200 || reply.body === undefined) return reply;
  return {
    kind: 'stream',
    headers: reply.headers,
    start: (sink) => {
      sink.sendEvent({ data: reply.body });
      sink.close();
    },
  };
}
