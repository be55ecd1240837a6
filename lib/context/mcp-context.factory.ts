import { McpContext, type McpContextInit } from './mcp-context.js';
import type { McpRequestScope } from './mcp-request-scope.js';

/** Builds the {@link McpContext} a handler receives for one request. */
export function createMcpContext(
  scope: McpRequestScope,
  method: string,
  requestId: string | number,
  params: Record<string, unknown>,
  taskControl?: McpContextInit['taskControl'],
): McpContext {
  return new McpContext({
    requestId,
    method,
    sessionId: scope.session?.id,
    protocolVersion: scope.protocolVersion,
    clientInfo: scope.clientInfo,
    clientCapabilities: scope.clientCapabilities,
    request: scope.httpRequest,
    // Read on first use: a scope's signal may be built on demand (see the transports).
    get signal() {
      return scope.signal;
    },
    meta: params._meta as Record<string, unknown> | undefined,
    channel: scope.channel,
    logLevel: scope.logLevel,
    taskControl,
  });
}
