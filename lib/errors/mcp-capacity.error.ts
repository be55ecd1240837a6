import { JsonRpcErrorCode } from '../protocol/json-rpc-error-codes.js';
import { McpProtocolError, type McpErrorKind } from './mcp-protocol.error.js';

/**
 * A request refused because a server limit is full (sessions, streams, tasks). Answered with the HTTP status of its kind (503
 * or 429) and a `Retry-After` header saying when trying again is worthwhile.
 */
export class McpCapacityError extends McpProtocolError {
  constructor(
    message: string,
    /** Seconds after which a retry may succeed; sent as `Retry-After`. */
    readonly retryAfterSeconds: number,
    kind: Extract<McpErrorKind, 'rate-limited' | 'overloaded'> = 'overloaded',
  ) {
    super(JsonRpcErrorCode.SERVER_ERROR, message, undefined, kind);
    this.name = 'McpCapacityError';
  }
}
