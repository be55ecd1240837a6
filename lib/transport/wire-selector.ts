import type { IncomingHttpHeaders } from 'node:http';
import { isSupportedStatefulVersion } from '../protocol/protocol-version.js';
import { MetaKey } from '../protocol/stateless-protocol.js';
import { MCP_PROTOCOL_VERSION_HEADER, MCP_SESSION_ID_HEADER } from './mcp-http.types.js';

/** Which revision family a request speaks. */
export type McpWire = 'stateful' | 'stateless';

/**
 * Picks the wire of a POST, so one endpoint serves both families:
 * - a request with `Mcp-Session-Id` is stateful (2025-11-25 and older);
 * - otherwise it is stateless (2026-07-28) when it carries the per-request `_meta` protocol version, or an
 *   `MCP-Protocol-Version` header that is not a stateful revision;
 * - everything else (notably `initialize` with no `_meta`) is stateful.
 */
export function selectWire(headers: IncomingHttpHeaders, message: unknown): McpWire {
  if (headers[MCP_SESSION_ID_HEADER] !== undefined) return 'stateful';
  const meta = metaOf(message);
  if (meta && (MetaKey.PROTOCOL_VERSION in meta || MetaKey.CLIENT_CAPABILITIES in meta)) return 'stateless';
  const header = headers[MCP_PROTOCOL_VERSION_HEADER];
  const version = Array.isArray(header) ? header[0] : header;
  if (version === undefined) return 'stateful';
  return isSupportedStatefulVersion(version.trim()) && !(meta && !isInitialize(message)) ? 'stateful' : 'stateless';
}

function metaOf(message: unknown): Record<string, unknown> | undefined {
  const params = (message as { params?: { _meta?: unknown } } | null)?.params;
  const meta = params && typeof params === 'object' ? params._meta : undefined;
  return meta && typeof meta === 'object' && !Array.isArray(meta) ? (meta as Record<string, unknown>) : undefined;
}

function isInitialize(message: unknown): boolean {
  return (message as { method?: unknown } | null)?.method === 'initialize';
}
