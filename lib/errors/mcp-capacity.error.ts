import { JsonRpcErrorCode } from '../protocol/json-rpc-error-codes.js';
import { McpProtocolError } from './mcp-protocol.error.js';

/**
 * A request refused because a server limit is full (sessions, streams, tasks). Answered with its HTTP status (503
 * or 429) and a `Retry-After` header saying when trying again is worthwhile.
 */
export class McpCapacityError extends McpProtocolError {
  constructor(
    message: string,
    /** Seconds after which a retry may succeed; sent as `Retry-After`. */
    readonly retryAfterSeconds: number,
    httpStatus: 429 | 503 = 503,
  ) {
    super(JsonRpcErrorCode.SERVER_ERROR, message, undefined, httpStatus);
    this.name = 'McpCapacityError';
  }
}
