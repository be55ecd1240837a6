import {
  applyDecorators,
  Controller,
  Delete,
  Get,
  Post,
  Req,
  Res,
  SetMetadata,
  UseFilters,
  UseGuards,
  VERSION_NEUTRAL,
  type CanActivate,
  type Type,
} from '@nestjs/common';
import { McpEndpointExceptionFilter } from './mcp-endpoint.filter.js';
import { MCP_ENDPOINT_ROUTE_FLAG } from './fastify-http.platform.js';
import { McpPlatformHost } from './mcp-platform.host.js';

/** The metadata key under which `@nestjs/platform-fastify` reads a route's Fastify `config` (`@RouteConfig`). */
const FASTIFY_ROUTE_CONFIG = '__fastify_route_config__';

/** Marks an endpoint route so the Fastify platform can find it among the app's routes (ignored on Express). */
const EndpointRoute = () => applyDecorators(SetMetadata(FASTIFY_ROUTE_CONFIG, { [MCP_ENDPOINT_ROUTE_FLAG]: true }));

/**
 * The MCP endpoint: POST, GET and DELETE on one path, routed by the platform's own router (so its case rules,
 * trailing slash, global prefix and router modules apply). Thin by design: it hands the platform's request and
 * response to {@link McpPlatformHost}, which turns them into a neutral exchange for the endpoint core.
 */
export class McpController {
  constructor(private readonly host: McpPlatformHost) {}

  @Post()
  @EndpointRoute()
  post(@Req() request: unknown, @Res() response: unknown): Promise<void> {
    return this.host.serve(request, response);
  }

  @Get()
  @EndpointRoute()
  get(@Req() request: unknown, @Res() response: unknown): Promise<void> {
    return this.host.serve(request, response);
  }

  @Delete()
  @EndpointRoute()
  delete(@Req() request: unknown, @Res() response: unknown): Promise<void> {
    return this.host.serve(request, response);
  }
}

/**
 * A controller class serving {@link McpController} at `path` (one class per module instance), protected by
 * `guards` (the module's `guards` option) besides the app's global ones, whose refusals
 * {@link McpEndpointExceptionFilter} answers as JSON-RPC errors.
 */
export function createMcpController(path: string, guards: ReadonlyArray<Type<CanActivate> | CanActivate> = []): Type<McpController> {
  @Controller({ path, version: VERSION_NEUTRAL })
  @UseFilters(McpEndpointExceptionFilter)
  @UseGuards(...guards)
  class McpHttpController extends McpController {
    constructor(host: McpPlatformHost) {
      super(host);
    }
  }
  return McpHttpController;
}
