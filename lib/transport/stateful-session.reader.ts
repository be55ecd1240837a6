import { Injectable } from '@nestjs/common';
import { McpProtocolError } from '../errors/mcp-protocol.error.js';
import { JsonRpcErrorCode } from '../protocol/json-rpc-error-codes.js';
import { isSupportedStatefulVersion } from '../protocol/protocol-version.js';
import { callerKeyOf } from '../auth/caller-key.js';
import { McpSessionManager } from '../sessions/mcp-session.manager.js';
import type { McpSession } from '../stores/mcp-session.js';
import { MCP_PROTOCOL_VERSION_HEADER, type McpHttpExchange } from './mcp-http.types.js';

/**
 * Reads the session every stateful request after `initialize` must name (POST, GET and DELETE alike), and checks
 * it was opened by the same caller.
 */
@Injectable()
export class StatefulSessionReader {
  constructor(private readonly sessions: McpSessionManager) {}

  /**
   * The session a request names, after checking its `Mcp-Session-Id` and `MCP-Protocol-Version` headers.
   * `completesInitialization`: the message is `notifications/initialized`, which the same store call records.
   */
  async require(sessionId: string | undefined, exchange: McpHttpExchange, completesInitialization = false): Promise<McpSession> {
    if (!sessionId) {
      throw new McpProtocolError(
        JsonRpcErrorCode.SERVER_ERROR,
        'Missing Mcp-Session-Id header. Send initialize first and repeat the session id it returns on every later request.',
        undefined,
        'rejected',
      );
    }
    const version = headerOf(exchange, MCP_PROTOCOL_VERSION_HEADER);
    if (version !== undefined && !isSupportedStatefulVersion(version)) {
      throw new McpProtocolError(
        JsonRpcErrorCode.SERVER_ERROR,
        `Unsupported MCP-Protocol-Version "${version}". This endpoint speaks 2025-11-25, 2025-06-18 and 2025-03-26 with sessions.`,
        undefined,
        'rejected',
      );
    }
    // A session used by another caller than the one that opened it answers as if it did not exist.
    return this.sessions.require(sessionId, { owner: callerKeyOf(exchange.request, exchange.headers), completesInitialization });
  }
}

/** A request header's first value, trimmed; `undefined` when absent or blank. */
export function headerOf(exchange: McpHttpExchange, name: string): string | undefined {
  const value = exchange.headers[name];
  return (Array.isArray(value) ? value[0] : value)?.trim() || undefined;
}
