import { recordParamArg } from '../compat/nest-route-args.js';
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
    recordParamArg(target, key!, index, McpParamtype.CONTEXT, undefined);
  };
}
