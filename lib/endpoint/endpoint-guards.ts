import { ForbiddenException, Inject, Injectable, Logger, type CanActivate } from '@nestjs/common';
import { ExternalContextCreator, ModulesContainer } from '@nestjs/core';
import { markEndpointGuardsRan } from '../auth/endpoint-guards-ran.js';
import { appGuardsCreatorOf, hostModuleOf } from '../compat/nest-application-lookup.js';
import { GuardsConsumer } from '../compat/nest-core-internals.js';
import type { McpHandlerTarget } from '../discovery/mcp-definitions.js';
import { McpRegistry } from '../discovery/mcp.registry.js';
import type { JsonRpcId, JsonRpcRequest } from '../protocol/json-rpc.types.js';
import type { McpHttpReply } from '../transport/mcp-http.types.js';
import { refusalReply } from './auth-challenge.js';
import { EndpointAuth } from './endpoint-auth.js';
import { MCP_ENDPOINT_ROUTE, type McpEndpointRoute } from './endpoint-route.js';
import { guardRefusal, isHttpException } from './guard-refusal.js';
import type { McpEndpointExchange } from './mcp-endpoint-exchange.js';

/**
 * Runs the app's guards on the endpoint, once per request: the global ones (`APP_GUARD`, `useGlobalGuards`), then
 * the module's `guards` option. They run after the body is parsed, with an execution context chosen by what the
 * message calls: for `tools/call`, `prompts/get` and `resources/read` of a decorated method, that method and its
 * class (its `@Public()`, `@SkipThrottle()`, `@Throttle()` apply, and a throttler counts the call in the method's
 * bucket, the one its HTTP route uses); for everything else, {@link McpEndpointRoute}. The request is the MCP HTTP
 * request. The handler's own pipeline then skips the global guards (they ran here for this call) and runs its
 * class and method guards. A refusal is answered the MCP way (see {@link guardRefusal}).
 */
@Injectable()
export class EndpointGuards {
  private readonly logger = new Logger('McpEndpoint');
  private readonly consumer = new GuardsConsumer();
  private guards?: CanActivate[];

  constructor(
    @Inject(MCP_ENDPOINT_ROUTE) private readonly route: McpEndpointRoute,
    private readonly contexts: ExternalContextCreator,
    private readonly modules: ModulesContainer,
    private readonly registry: McpRegistry,
    private readonly auth: EndpointAuth,
  ) {}

  /**
   * Runs the guards for one request carrying `message` (none for GET, DELETE, and a body that is no request);
   * returns the refusal, or `undefined` when every guard let the request through.
   */
  async check(exchange: McpEndpointExchange, message: JsonRpcRequest | undefined, id: JsonRpcId | null): Promise<McpHttpReply | undefined> {
    const guards = (this.guards ??= this.resolve());
    if (guards.length > 0) {
      const target = message === undefined ? undefined : this.targetOf(message);
      const args = [exchange.platformRequest, exchange.platformResponse, noop];
      let allowed: boolean;
      try {
        allowed = await this.consumer.tryActivate(
          guards,
          args,
          target ? target.classRef.prototype : this.route,
          (target ? target.handler : this.route.serve) as (...args: unknown[]) => unknown,
          'http',
        );
      } catch (error) {
        return this.refusal(error, exchange, id);
      }
      if (!allowed) return this.refusal(new ForbiddenException('Forbidden resource'), exchange, id);
    }
    markEndpointGuardsRan(exchange.platformRequest);
    return undefined;
  }

  /** The global guards and the module's `guards` option, as Nest resolves them for a controller of this module. */
  private resolve(): CanActivate[] {
    const host = hostModuleOf(this.modules, this.route.constructor, this.route);
    return appGuardsCreatorOf(this.contexts).create(this.route, this.route.serve, host?.key ?? '') as CanActivate[];
  }

  private targetOf(message: JsonRpcRequest): McpHandlerTarget | undefined {
    const params = (message.params ?? {}) as Record<string, unknown>;
    switch (message.method) {
      case 'tools/call':
        return typeof params.name === 'string' ? this.registry.getTool(params.name)?.target : undefined;
      case 'prompts/get':
        return typeof params.name === 'string' ? this.registry.getPrompt(params.name)?.target : undefined;
      case 'resources/read':
        return typeof params.uri === 'string' ? this.registry.findResource(params.uri)?.definition.target : undefined;
      default:
        return undefined;
    }
  }

  private refusal(error: unknown, exchange: McpEndpointExchange, id: JsonRpcId | null): McpHttpReply {
    if (!isHttpException(error)) {
      this.logger.error('A guard of the MCP endpoint failed', error instanceof Error ? error.stack : String(error));
      return refusalReply(500, 'Internal error.', {}, id);
    }
    return guardRefusal(error, {
      id,
      response: exchange.platformResponse,
      unauthorized: (message) => this.auth.unauthorized(exchange, undefined, message, id),
    });
  }
}

function noop(): void {}
