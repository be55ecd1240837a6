import { Injectable, UseGuards, type CanActivate, type Type } from '@nestjs/common';

/** The token under which the module provides its {@link McpEndpointRoute}. */
export const MCP_ENDPOINT_ROUTE = Symbol('mcp:endpoint-route');

/**
 * The token under which the module provides its `guards` option as given, for a transport that cannot run them
 * (stdio, which has no HTTP request to the endpoint) to say so at startup.
 */
export const MCP_ENDPOINT_GUARDS = Symbol('mcp:endpoint-guards');

/**
 * What the endpoint's guards see as `context.getClass()` and `context.getHandler()` (`serve`) for requests that
 * call no handler of the app (`initialize`, lists, notifications, the GET stream, DELETE): one class and one
 * method, so a throttler counts all of them in one bucket. The module's `guards` option is bound to it with
 * `@UseGuards()`, so Nest resolves those guards (and what they inject) in the module, as for a controller.
 */
export class McpEndpointRoute {
  /** Never called: it stands for the endpoint in guards' execution contexts. */
  serve(): void {}
}

/** The {@link McpEndpointRoute} class of one module instance, carrying that module's `guards` option. */
export function createEndpointRoute(guards: ReadonlyArray<Type<CanActivate> | CanActivate> = []): Type<McpEndpointRoute> {
  @Injectable()
  @UseGuards(...guards)
  class McpEndpointRouteWithGuards extends McpEndpointRoute {}
  Object.defineProperty(McpEndpointRouteWithGuards, 'name', { value: McpEndpointRoute.name });
  return McpEndpointRouteWithGuards;
}
