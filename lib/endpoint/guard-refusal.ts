import { HttpStatus } from '@nestjs/common';
import type { JsonRpcId } from '../protocol/json-rpc.types.js';
import type { McpHttpReply } from '../transport/mcp-http.types.js';
import { refusalReply } from './auth-challenge.js';

/** The parts of Nest's `HttpException` read here (duck-typed, so an exception of another copy of Nest counts). */
interface HttpExceptionLike {
  getStatus(): number;
  getResponse(): string | object;
  readonly message: string;
}

/** Whether a guard threw an HTTP exception (as opposed to failing). */
export function isHttpException(error: unknown): error is HttpExceptionLike {
  const candidate = error as Partial<HttpExceptionLike> | null;
  return typeof candidate?.getStatus === 'function' && typeof candidate.getResponse === 'function';
}

/** What answering a guard's refusal needs of the endpoint. */
export interface GuardRefusalContext {
  /** The id of the refused message (`null` when there is none). */
  readonly id: JsonRpcId | null;
  /** The platform's response, on which a throttler set `Retry-After`. */
  readonly response: unknown;
  /** The 401 challenge of the endpoint, with the guard's message. */
  unauthorized(message: string): McpHttpReply;
}

/**
 * The answer to an HTTP exception a guard threw on the endpoint, the MCP way, never with Nest's plain body:
 * `UnauthorizedException` becomes 401 with the `WWW-Authenticate` challenge, a throttler's 429 keeps its
 * `Retry-After`, any other status stays; every body is a JSON-RPC error echoing the message's id.
 */
export function guardRefusal(exception: HttpExceptionLike, context: GuardRefusalContext): McpHttpReply {
  const status = exception.getStatus();
  const message = messageOf(exception);
  if (status === HttpStatus.UNAUTHORIZED) return context.unauthorized(message);
  if (status === HttpStatus.TOO_MANY_REQUESTS) {
    const seconds = retryAfterOf(context.response) ?? '1';
    return refusalReply(status, `${message} Retry after ${seconds} s.`, { 'retry-after': seconds }, context.id);
  }
  return refusalReply(status, message, {}, context.id);
}

function messageOf(exception: HttpExceptionLike): string {
  const body = exception.getResponse();
  const text = typeof body === 'string' ? body : (body as { message?: unknown }).message;
  const message = Array.isArray(text) ? text.join('; ') : typeof text === 'string' ? text : exception.message;
  return /[.!?]$/.test(message) ? message : `${message}.`;
}

type ResponseWithHeaders = { getHeaders?(): Record<string, unknown>; raw?: { getHeaders?(): Record<string, unknown> } };

/** The `Retry-After` a throttler set on the response (named throttlers suffix the header with their name). */
function retryAfterOf(response: unknown): string | undefined {
  const holder = response as ResponseWithHeaders | undefined;
  const headers = holder?.getHeaders?.() ?? holder?.raw?.getHeaders?.() ?? {};
  const name = Object.keys(headers).find((header) => header.toLowerCase().startsWith('retry-after'));
  return name === undefined ? undefined : String(headers[name]);
}
