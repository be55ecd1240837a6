import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { McpCancelledError } from '../errors/mcp-cancelled.error.js';
import type { McpRequestBody } from '../endpoint/mcp-endpoint-exchange.js';
import { BodyTooLargeError, readRawBody } from './raw-body.reader.js';

/** Where a platform hook leaves what it read of an endpoint request, on the Node request. */
export const MCP_TAKEN_BODY = Symbol('mcp:taken-body');

/** A body taken off the wire before the platform's own parsers could see it, with the headers that described it. */
export interface TakenBody {
  readonly body: McpRequestBody;
  readonly headers: IncomingHttpHeaders;
}

type WithTakenBody = IncomingMessage & { [MCP_TAKEN_BODY]?: TakenBody };

/** The headers that make a platform's parsers read a body. */
const BODY_HEADERS = ['content-length', 'transfer-encoding', 'content-type'] as const;

/**
 * Reads an endpoint request's body (up to `limit` bytes) and keeps it on the request for the endpoint. The
 * headers that announce a body are then hidden, so the platform's own body parsers (with their own size limits
 * and error pages) see nothing to parse; {@link restoreBodyHeaders} puts them back before the route runs.
 */
export async function takeBody(request: IncomingMessage, limit: number): Promise<TakenBody> {
  let body: McpRequestBody;
  try {
    const bytes = await readRawBody(request, limit);
    body = bytes.length === 0 ? { kind: 'none' } : { kind: 'raw', data: bytes };
  } catch (error) {
    if (!(error instanceof BodyTooLargeError)) throw error;
    body = { kind: 'too-large' };
  }
  const taken: TakenBody = { body, headers: { ...request.headers } };
  (request as WithTakenBody)[MCP_TAKEN_BODY] = taken;
  for (const name of BODY_HEADERS) delete request.headers[name];
  return taken;
}

/** The body {@link takeBody} kept, restoring the headers it hid; `undefined` when none was taken. */
export function restoreBodyHeaders(request: IncomingMessage): TakenBody | undefined {
  const taken = (request as WithTakenBody)[MCP_TAKEN_BODY];
  if (!taken) return undefined;
  for (const name of BODY_HEADERS) {
    const value = taken.headers[name];
    if (value !== undefined) request.headers[name] = value as string;
  }
  return taken;
}

/** An abort signal that fires when the response's connection closes before the answer finished. */
export function closeSignal(response: ServerResponse): AbortSignal {
  const abort = new AbortController();
  response.once('close', () => {
    if (!response.writableFinished) abort.abort(new McpCancelledError('The client closed the connection.'));
  });
  return abort.signal;
}

/** Whether a request arrived over TLS. */
export function isTls(request: IncomingMessage): boolean {
  return (request.socket as { encrypted?: boolean } | undefined)?.encrypted === true;
}
