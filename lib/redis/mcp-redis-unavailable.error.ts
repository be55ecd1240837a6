import { McpCapacityError } from '../errors/mcp-capacity.error.js';

/** When a client refused because Redis is unreachable, hung or refusing commands is told to retry, in seconds. */
const RETRY_AFTER_SECONDS = 1;

/** Why Redis could not serve a request: it is unreachable (or did not answer in time), or it refused the command. */
export type McpRedisUnavailableReason = 'unreachable' | 'refused';

const MESSAGES: Record<McpRedisUnavailableReason, string> = {
  unreachable: 'The server cannot reach Redis, where it keeps its shared state. Retry in a moment.',
  refused: 'Redis, where the server keeps its shared state, cannot take this request right now. Retry in a moment.',
};

/**
 * A request needed Redis while it was unreachable, did not answer within the command timeout, or refused the command
 * for a passing reason (out of memory, loading, a failover under way). It goes to the client as a JSON-RPC server
 * error with HTTP 503 and `Retry-After: 1`; the cause, with the Redis address or reply, stays on the server (`cause`,
 * and the connection's log).
 */
export class McpRedisUnavailableError extends McpCapacityError {
  constructor(
    cause: unknown,
    /** Why Redis could not serve the request. */
    readonly reason: McpRedisUnavailableReason = 'unreachable',
  ) {
    super(MESSAGES[reason], RETRY_AFTER_SECONDS);
    this.name = 'McpRedisUnavailableError';
    this.cause = cause;
  }
}
