import { Logger } from '@nestjs/common';
import { McpCapacityError } from '../errors/mcp-capacity.error.js';
import { McpProtocolError } from '../errors/mcp-protocol.error.js';
import { JsonRpcErrorCode } from '../protocol/json-rpc-error-codes.js';
import { httpStatusOfKind } from '../codecs/mcp-wire.codec.js';
import type { JsonRpcId } from '../protocol/json-rpc.types.js';
import type { McpHttpReply } from './mcp-http.types.js';

/**
 * An HTTP answer carrying one JSON-RPC error. Anything that is not an {@link McpProtocolError} (a store's failure,
 * a Redis error reply) becomes a -32603 internal error with HTTP 500, without its message or stack.
 */
export function errorReply(
  thrown: unknown,
  id: JsonRpcId | null = null,
  headers: Readonly<Record<string, string>> = {},
  status?: number,
): McpHttpReply {
  const error = thrown instanceof McpProtocolError ? thrown : internalError(thrown);
  const retry: Record<string, string> = error instanceof McpCapacityError ? { 'retry-after': String(Math.max(1, Math.ceil(error.retryAfterSeconds))) } : {};
  return {
    kind: 'reply',
    status: status ?? httpStatusOfKind(error.kind, false),
    headers: { ...retry, ...headers },
    body: { jsonrpc: '2.0', id, error: error.toJsonRpc() },
  };
}

/** `202 Accepted` with no body: the answer to notifications and to a client's responses. */
export function acceptedReply(headers: Record<string, string> = {}): McpHttpReply {
  return { kind: 'reply', status: 202, headers };
}

const logger = new Logger('McpTransport');

function internalError(thrown: unknown): McpProtocolError {
  logger.error(`A request failed outside its handler: ${(thrown as Error)?.stack ?? String(thrown)}`);
  return new McpProtocolError(
    JsonRpcErrorCode.INTERNAL_ERROR,
    'The server failed to handle the request. See the server logs.',
    undefined,
    'internal',
  );
}
