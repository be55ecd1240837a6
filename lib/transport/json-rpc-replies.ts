import { httpStatusOfKind } from '../codecs/mcp-wire.codec.js';
import type { McpProtocolError } from '../errors/mcp-protocol.error.js';
import type { JsonRpcId } from '../protocol/json-rpc.types.js';
import type { McpHttpReply } from './mcp-http.types.js';

/** An HTTP answer carrying one JSON-RPC error refused before any method ran (400 unless its kind says otherwise). */
export function errorReply(
  error: McpProtocolError,
  id: JsonRpcId | null = null,
  headers: Readonly<Record<string, string>> = {},
  status = httpStatusOfKind(error.kind, false),
): McpHttpReply {
  return {
    kind: 'reply',
    status,
    headers,
    body: { jsonrpc: '2.0', id, error: error.toJsonRpc() },
  };
}

/** `202 Accepted` with no body: the answer to notifications and to a client's responses. */
export function acceptedReply(headers: Record<string, string> = {}): McpHttpReply {
  return { kind: 'reply', status: 202, headers };
}
