import { IntrinsicException } from '@nestjs/common';
import { JsonRpcErrorCode } from '../protocol/json-rpc-error-codes.js';
import type { JsonRpcErrorObject } from '../protocol/json-rpc.types.js';

/**
 * An error that goes to the client as a JSON-RPC error object, with the HTTP status the transport answers with.
 * Throw it from a handler to answer a request with a protocol error rather than a tool result.
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
    /** The HTTP status of the response that carries this error. @default 200 */
    readonly httpStatus = 200,
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
    return new McpProtocolError(JsonRpcErrorCode.PARSE_ERROR, message, undefined, 400);
  }

  static invalidRequest(message: string, httpStatus = 400): McpProtocolError {
    return new McpProtocolError(JsonRpcErrorCode.INVALID_REQUEST, message, undefined, httpStatus);
  }

  static methodNotFound(method: string, httpStatus = 200): McpProtocolError {
    return new McpProtocolError(
      JsonRpcErrorCode.METHOD_NOT_FOUND,
      `Method "${method}" is not supported by this server.`,
      { method },
      httpStatus,
    );
  }

  static invalidParams(message: string, data?: unknown, httpStatus = 200): McpProtocolError {
    return new McpProtocolError(JsonRpcErrorCode.INVALID_PARAMS, message, data, httpStatus);
  }

  static internal(message = 'The server failed to handle the request. See the server logs.'): McpProtocolError {
    return new McpProtocolError(JsonRpcErrorCode.INTERNAL_ERROR, message);
  }
}
