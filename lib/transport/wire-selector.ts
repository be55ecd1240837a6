import type { IncomingHttpHeaders } from 'node:http';
import { isSupportedStatefulVersion } from '../protocol/protocol-version.js';
import { MetaKey } from '../protocol/stateless-protocol.js';
import type { McpWireCodec } from '../codecs/mcp-wire.codec.js';
import { STATEFUL_CODEC } from '../codecs/stateful.codec.js';
import { STATELESS_CODEC } from '../codecs/stateless.codec.js';
import { MCP_PROTOCOL_VERSION_HEADER, MCP_SESSION_ID_HEADER } from './mcp-http.types.js';

/**
 * Picks the wire codec of a POST, so one endpoint serves both families:
 * - a request with `Mcp-Session-Id` is stateful (2025-11-25 and older);
 * - otherwise it is stateless (2026-07-28) when it carries the per-request `_meta` protocol version, or an
 *   `MCP-Protocol-Version` header that is not a stateful revision;
 * - everything else (notably `initialize` with no `_meta`) is stateful.
 */
export function selectCodec(headers: IncomingHttpHeaders, message: unknown): McpWireCodec {
  if (headers[MCP_SESSION_ID_HEADER] !== undefined) return STATEFUL_CODEC;
  const meta = metaOf(message);
  if (meta && (MetaKey.PROTOCOL_VERSION in meta || MetaKey.CLIENT_CAPABILITIES in meta)) return STATELESS_CODEC;
  const header = headers[MCP_PROTOCOL_VERSION_HEADER];
  const version = Array.isArray(header) ? header[0] : header;
  if (version === undefined) return STATEFUL_CODEC;
  return isSupportedStatefulVersion(version.trim()) && !(meta && !isInitialize(message)) ? STATEFUL_CODEC : STATELESS_CODEC;
}

function metaOf(message: unknown): Record<string, unknown> | undefined {
  const params = (message as { params?: { _meta?: unknown } } | null)?.params;
  const meta = params && typeof params === 'object' ? params._meta : undefined;
  return meta && typeof meta === 'object' && !Array.isArray(meta) ? (meta as Record<string, unknown>) : undefined;
}

function isInitialize(message: unknown): boolean {
  return (message as { method?: unknown } | null)?.method === 'initialize';
}
