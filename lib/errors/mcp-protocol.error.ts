import { IntrinsicException } from '@nestjs/common';
import { JsonRpcErrorCode } from '../protocol/json-rpc-error-codes.js';
import type { JsonRpcErrorObject } from '../protocol/json-rpc.types.js';

/**
 * What a protocol error means to the transport, beyond its JSON-RPC code. The HTTP status is decided from it at the
 * edge, by the wire codec:
 * - `answer`: an ordinary JSON-RPC error answer (HTTP 200 once dispatched; 400 when the message never reached a
 *   method);
 * - `rejected`: the message itself is unacceptable (malformed, wrong headers, wrong order) — HTTP 400;
 * - `unknown-method`: no method of that name on this wire (the stateless wire answers HTTP 404);
 * - `not-found`: the session named by the request does not exist — HTTP 404;
 * - `not-acceptable`: the client does not accept the only media type the answer can take — HTTP 406;
 * - `conflict`: the request collides with one in progress — HTTP 409;
 * - `rate-limited`: the caller asks too often or holds too much — HTTP 429;
 * - `overloaded`: the server has no room left — HTTP 503;
 * - `internal`: the server failed outside any method handler (a store's failure) — HTTP 500.
 */
export type McpErrorKind =
  | 'answer'
  | 'rejected'
  | 'unknown-method'
  | 'not-found'
  | 'not-acceptable'
  | 'conflict'
  | 'rate-limited'
  | 'overloaded'
  | 'internal';

/**
 * An error that goes to the client as a JSON-RPC error object. Its `kind` says what it means to the transport; the
 * HTTP status that carries it is decided at the edge. Throw it from a handler to answer a request with a protocol
 * error rather than a tool result.
 *
 * An `IntrinsicException`: it is an expected answer, so Nest does not log it as a crash.
 *
 * @example
 * ```ts
 * throw McpProtocolError.invalidParams('Unknown tool "nope". Call tools/list to see the available tools.');
 * ```
 */
export class McpProtocolError extends IntrinsicException {
  constructor(
    /** The JSON-RPC error code. */
    readonly code: number,
    message: string,
    /** Structured details for the client. */
    readonly data?: unknown,
    /** What the error means to the transport. @default 'answer' */
    readonly kind: McpErrorKind = 'answer',
  ) {
    super(message);
    this.name = 'McpProtocolError';
  }

  /** The JSON-RPC error object. */
  toJsonRpc(): JsonRpcErrorObject {
    return this.data === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, data: this.data };
  }

  static parseError(message: string): McpProtocolError {
    return new McpProtocolError(JsonRpcErrorCode.PARSE_ERROR, message, undefined, 'rejected');
  }

  static invalidRequest(message: string): McpProtocolError {
    return new McpProtocolError(JsonRpcErrorCode.INVALID_REQUEST, message, undefined, 'rejected');
  }

  /** -32601 for a method a handler does not serve in this configuration (an ordinary answer). */
  static methodNotFound(method: string): McpProtocolError {
    return new McpProtocolError(JsonRpcErrorCode.METHOD_NOT_FOUND, `Method "${method}" is not supported by this server.`, { method });
  }

  /** -32601 for a method that does not exist on the request's wire. */
  static unknownMethod(method: string): McpProtocolError {
    return new McpProtocolError(
      JsonRpcErrorCode.METHOD_NOT_FOUND,
      `Method "${method}" is not supported by this server.`,
      { method },
      'unknown-method',
    );
  }

  static invalidParams(message: string, data?: unknown, kind: McpErrorKind = 'answer'): McpProtocolError {
    return new McpProtocolError(JsonRpcErrorCode.INVALID_PARAMS, message, data, kind);
  }

  static internal(message = 'The server failed to handle the request. See the server logs.'): McpProtocolError {
    return new McpProtocolError(JsonRpcErrorCode.INTERNAL_ERROR, message);
  }
}
