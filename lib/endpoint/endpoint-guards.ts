import { ForbiddenException, Injectable, Logger, type CanActivate } from '@nestjs/common';
import { ContextIdFactory, ExternalContextCreator, ModulesContainer } from '@nestjs/core';
import type { Module } from '@nestjs/core/injector/module.js';
import { markEndpointGuardsRan } from '../auth/endpoint-guards-ran.js';
import { appConfigOf, appGuardsCreatorOf, hostModuleOf } from '../compat/nest-application-lookup.js';
import { GuardsConsumer, Injector, type InstanceWrapper } from '../compat/nest-core-internals.js';
import type { McpHandlerTarget } from '../discovery/mcp-definitions.js';
import { McpRegistry } from '../discovery/mcp.registry.js';
import type { JsonRpcId, JsonRpcRequest } from '../protocol/json-rpc.types.js';
import type { McpHttpReply } from '../transport/mcp-http.types.js';
import { refusalReply } from './auth-challenge.js';
import { EndpointAuth } from './endpoint-auth.js';
import { MCP_ENDPOINT_ROUTE, McpEndpointRoute } from './endpoint-route.js';
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
  private readonly injector = new Injector();
  private plan?: GuardsPlan;

  constructor(
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
    const plan = (this.plan ??= this.resolve());
    const guards = plan.guards ?? (await this.scopedGuards(plan, exchange.platformRequest));
    if (guards.length > 0) {
      const target = message === undefined ? undefined : this.targetOf(message);
      const args = [exchange.platformRequest, exchange.platformResponse, noop];
      let allowed: boolean;
      try {
        allowed = await this.consumer.tryActivate(
          guards,
          args,
          target ? target.classRef.prototype : plan.route,
          (target ? target.handler : McpEndpointRoute.prototype.serve) as (...args: unknown[]) => unknown,
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

  /**
   * The guards of one request when one of them is request-scoped: resolved in the request's DI context, with the
   * request as `REQUEST`, as Nest resolves a request-scoped controller's.
   */
  private async scopedGuards(plan: GuardsPlan, request: unknown): Promise<CanActivate[]> {
    const contextId = ContextIdFactory.getByRequest(request as object);
    this.contexts.registerRequestProvider(request, contextId);
    await this.injector.loadPerContext(plan.route, plan.module, plan.module.providers, contextId, plan.wrapper);
    return appGuardsCreatorOf(this.contexts).create(plan.route, plan.route.serve, plan.key, contextId) as CanActivate[];
  }

  /**
   * The global guards and the module's `guards` option, as Nest resolves them for a controller of this module:
   * once, unless one of them is request-scoped. The module's {@link McpEndpointRoute} is found by looking, not by
   * injection: a request-scoped guard bound to it makes it request-scoped, and it must not make the endpoint so.
   */
  private resolve(): GuardsPlan {
    const host = hostModuleOf(this.modules, EndpointGuards, this);
    const module = host ? this.modules.get(host.key) : undefined;
    const wrapper = module?.providers.get(MCP_ENDPOINT_ROUTE);
    if (!host || !module || !wrapper) throw new Error('The MCP endpoint route is not provided by McpModule.');
    const route = wrapper.instance as McpEndpointRoute;
    // Like Nest does for controllers: request-scoped global guards become enhancers of the route, loaded with it.
    const enhancers = wrapper.getEnhancersMetadata() ?? [];
    for (const guard of appConfigOf(this.contexts).getGlobalRequestGuards()) {
      if (!enhancers.includes(guard)) wrapper.addEnhancerMetadata(guard);
    }
    const scoped = (wrapper.getEnhancersMetadata() ?? []).some((enhancer) => !enhancer.isDependencyTreeStatic());
    const guards = scoped ? undefined : (appGuardsCreatorOf(this.contexts).create(route, route.serve, host.key) as CanActivate[]);
    return { key: host.key, module, wrapper, route, guards };
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

/** How the endpoint's guards are found: once (`guards`), or per request in the module's DI context. */
interface GuardsPlan {
  readonly key: string;
  readonly module: Module;
  readonly wrapper: InstanceWrapper;
  /** The route's instance (its class and `serve` are what guards see; for a scoped route, a placeholder). */
  readonly route: McpEndpointRoute;
  readonly guards?: CanActivate[];
}
