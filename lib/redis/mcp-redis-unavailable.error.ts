import { McpProtocolError } from '../errors/mcp-protocol.error.js';
import { JsonRpcErrorCode } from '../protocol/json-rpc-error-codes.js';

/**
 * A request needed Redis while it was unreachable. It goes to the client as a JSON-RPC server error with HTTP 503
 * (retry later); the cause, with the Redis address, stays on the server (`cause`, and the connection's log).
 */
export class McpRedisUnavailableError extends McpProtocolError {
  constructor(cause: unknown) {
    super(
      JsonRpcErrorCode.SERVER_ERROR,
      'The server cannot reach Redis, where it keeps its shared state. Retry in a moment.',
      undefined,
      'overloaded',
    );
    this.name = 'McpRedisUnavailableError';
    this.cause = cause;
  }
}
