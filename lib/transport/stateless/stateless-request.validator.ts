import type { IncomingHttpHeaders } from 'node:http';
import { McpProtocolError } from '../../errors/mcp-protocol.error.js';
import { JsonRpcErrorCode } from '../../protocol/json-rpc-error-codes.js';
import type { JsonRpcRequest } from '../../protocol/json-rpc.types.js';
import { MCP_LOGGING_LEVELS, type McpLoggingLevel } from '../../protocol/mcp-types.js';
import {
  MCP_NAME_PARAM,
  MetaKey,
  STATELESS_PROTOCOL_VERSIONS,
} from '../../protocol/stateless-protocol.js';
import { MCP_PROTOCOL_VERSION_HEADER } from '../mcp-http.types.js';
import type { StatelessRequestMeta } from './stateless-meta.js';

/** Reads a header (names are case-insensitive in Node), with surrounding whitespace trimmed. */
export function readHeader(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return (Array.isArray(value) ? value[0] : value)?.trim();
}

function headerMismatch(message: string): McpProtocolError {
  return new McpProtocolError(JsonRpcErrorCode.HEADER_MISMATCH, message, undefined, 'rejected');
}

function invalidMeta(message: string): McpProtocolError {
  return McpProtocolError.invalidParams(message, undefined, 'rejected');
}

/**
 * Validates what every stateless request must carry, in the order the specification's errors are checked:
 * the `MCP-Protocol-Version` header, the `_meta` fields (-32602), header versus `_meta` (-32020), a supported
 * version (-32022), then the routing headers `Mcp-Method` and `Mcp-Name` (-32020). Returns the request's meta.
 */
export function validateStatelessRequest(headers: IncomingHttpHeaders, request: JsonRpcRequest): StatelessRequestMeta {
  const headerVersion = readHeader(headers, MCP_PROTOCOL_VERSION_HEADER);
  if (!headerVersion) {
    throw headerMismatch('The MCP-Protocol-Version header is required on every request without a session.');
  }
  const meta = validateStatelessMeta(request, headerVersion);
  validateRoutingHeaders(headers, request);
  return meta;
}

/**
 * Validates the `_meta` every stateless request carries, whatever the transport: the fields (-32602), then, when the
 * transport also carried the version (HTTP's `MCP-Protocol-Version` header), that both agree (-32020), then a
 * supported version (-32022). Returns the request's meta.
 */
export function validateStatelessMeta(request: JsonRpcRequest, transportVersion?: string): StatelessRequestMeta {
  const meta = request.params?._meta;
  if (!meta || typeof meta !== 'object' || Array.isArray(meta)) {
    throw invalidMeta(
      `params._meta is required: send "${MetaKey.PROTOCOL_VERSION}" and "${MetaKey.CLIENT_CAPABILITIES}" with every request.`,
    );
  }
  const record = meta as Record<string, unknown>;
  const protocolVersion = record[MetaKey.PROTOCOL_VERSION];
  if (typeof protocolVersion !== 'string' || protocolVersion === '') {
    throw invalidMeta(`params._meta["${MetaKey.PROTOCOL_VERSION}"] is required and must be a string.`);
  }
  const capabilities = record[MetaKey.CLIENT_CAPABILITIES];
  if (!capabilities || typeof capabilities !== 'object' || Array.isArray(capabilities)) {
    throw invalidMeta(`params._meta["${MetaKey.CLIENT_CAPABILITIES}"] is required and must be an object (use {} for none).`);
  }
  if (transportVersion !== undefined && transportVersion !== protocolVersion) {
    throw headerMismatch(
      `The MCP-Protocol-Version header ("${transportVersion}") does not match params._meta["${MetaKey.PROTOCOL_VERSION}"] ("${protocolVersion}").`,
    );
  }
  if (!STATELESS_PROTOCOL_VERSIONS.includes(protocolVersion)) {
    throw new McpProtocolError(
      JsonRpcErrorCode.UNSUPPORTED_PROTOCOL_VERSION,
      `Protocol version "${protocolVersion}" is not supported. Use one of: ${STATELESS_PROTOCOL_VERSIONS.join(', ')} (or 2025-11-25 with initialize).`,
      { supported: [...STATELESS_PROTOCOL_VERSIONS], requested: protocolVersion },
      'rejected',
    );
  }
  const clientInfo = record[MetaKey.CLIENT_INFO];
  const logLevel = record[MetaKey.LOG_LEVEL];
  return {
    protocolVersion,
    clientCapabilities: capabilities as StatelessRequestMeta['clientCapabilities'],
    clientInfo: clientInfo && typeof clientInfo === 'object' ? (clientInfo as StatelessRequestMeta['clientInfo']) : undefined,
    logLevel: MCP_LOGGING_LEVELS.includes(logLevel as McpLoggingLevel) ? (logLevel as McpLoggingLevel) : undefined,
  };
}

/** `Mcp-Method` must equal the body's method; `Mcp-Name` must equal the named param of methods that have one. */
function validateRoutingHeaders(headers: IncomingHttpHeaders, request: JsonRpcRequest): void {
  const method = readHeader(headers, 'mcp-method');
  if (method === undefined || method === '') {
    throw headerMismatch(`The Mcp-Method header is required; set it to "${request.method}".`);
  }
  if (method !== request.method) {
    throw headerMismatch(`The Mcp-Method header ("${method}") does not match the body's method ("${request.method}").`);
  }
  const nameParam = MCP_NAME_PARAM[request.method];
  if (!nameParam) return;
  const expected = request.params?.[nameParam];
  const name = readHeader(headers, 'mcp-name');
  if (name === undefined || name === '') {
    throw headerMismatch(`The Mcp-Name header is required for ${request.method}; set it to params.${nameParam}.`);
  }
  if (name !== expected) {
    throw headerMismatch(
      `The Mcp-Name header ("${name}") does not match params.${nameParam} (${JSON.stringify(expected)}).`,
    );
  }
}
