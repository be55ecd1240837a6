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
    signalSource: scope,
    meta: params._meta as Record<string, unknown> | undefined,
    channel: scope.channel,
    logLevel: scope.logLevel,
    taskControl,
  });
}
