import { assignMetadata, getParamArgsMetadata, ROUTE_ARGS_METADATA } from '@nestjs/common/internal';
import { McpParamtype } from '../mcp.constants.js';

/**
 * Injects the {@link McpContext} of the current MCP request: request id, session, client information and
 * capabilities, the HTTP request, and an `AbortSignal` that fires when the client cancels.
 *
 * Works on provider-hosted handlers and on controller routes; when a route is called over plain HTTP, the
 * parameter is `undefined`.
 *
 * @example
 * ```ts
 * @McpTool()
 * whoAmI(@McpCtx() ctx: McpContext) {
 *   return ctx.clientInfo?.name ?? 'unknown client';
 * }
 * ```
 */
export function McpCtx(): ParameterDecorator {
  return (target, key, index) => {
    const args = getParamArgsMetadata(ROUTE_ARGS_METADATA, target, key!, index);
    Reflect.defineMetadata(
      ROUTE_ARGS_METADATA,
      assignMetadata(args, McpParamtype.CONTEXT as never, index, { data: undefined }),
      target.constructor,
      key!,
    );
  };
}
