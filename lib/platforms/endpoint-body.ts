import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { McpCancelledError } from '../errors/mcp-cancelled.error.js';
import type { McpRequestBody } from '../endpoint/mcp-endpoint-exchange.js';
import type { McpRequestAbort } from '../transport/mcp-http.types.js';
import { readEndpointBody, type BodyReadLimits } from './raw-body.reader.js';

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
 * Reads an endpoint request's body (up to `limits.limit` bytes, within `limits.timeoutMs`) and keeps it on the
 * request for the endpoint. The
 * headers that announce a body are then hidden, so the platform's own body parsers (with their own size limits
 * and error pages) see nothing to parse; {@link restoreBodyHeaders} puts them back before the route runs.
 */
export async function takeBody(request: IncomingMessage, limits: BodyReadLimits): Promise<TakenBody> {
  const body = await readEndpointBody(request, limits);
  const headers: IncomingHttpHeaders = {};
  for (const name of BODY_HEADERS) headers[name] = request.headers[name];
  const taken: TakenBody = { body, headers };
  (request as WithTakenBody)[MCP_TAKEN_BODY] = taken;
  // Set to undefined rather than deleted: the frameworks test `=== undefined`, and deleting keys would turn the
  // headers object into a slow dictionary for every later read.
  for (const name of BODY_HEADERS) if (request.headers[name] !== undefined) request.headers[name] = undefined;
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

/**
 * The one abort controller of a request: it aborts when the response's connection closes before the answer
 * finished, until the transport detaches it from the client (a streamed answer a client may resume), and when the
 * transport cancels the request. The controller (and its `close` listener) is created on the first read of
 * `signal` or the first `abort`: most calls never look at their signal, and an `AbortController` per request is a
 * measurable part of a call's cost. A signal first read after the connection closed is aborted already.
 */
export function requestAbort(response: ServerResponse): McpRequestAbort {
  return new LazyRequestAbort(response);
}

class LazyRequestAbort implements McpRequestAbort {
  private controller?: AbortController;
  private attached = true;

  constructor(private readonly response: ServerResponse) {}

  get signal(): AbortSignal {
    return (this.controller ??= this.open()).signal;
  }

  abort(reason: unknown): void {
    (this.controller ??= this.open()).abort(reason);
  }

  detachFromClient(): void {
    this.attached = false;
  }

  private open(): AbortController {
    const controller = new AbortController();
    const response = this.response;
    const onClose = () => {
      if (this.attached && !response.writableFinished) controller.abort(new McpCancelledError('The client closed the connection.'));
    };
    if (response.closed) onClose();
    else response.once('close', onClose);
    return controller;
  }
}

/** Whether a request arrived over TLS. */
export function isTls(request: IncomingMessage): boolean {
  return (request.socket as { encrypted?: boolean } | undefined)?.encrypted === true;
}
