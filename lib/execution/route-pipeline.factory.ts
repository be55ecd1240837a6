import { Injectable, type ExecutionContext } from '@nestjs/common';
import type { Observable } from 'rxjs';
import { ContextIdFactory, ExternalContextCreator, HttpAdapterHost, ModulesContainer, type ContextId } from '@nestjs/core';
import { GuardsConsumer, GuardsContextCreator, Injector, REQUEST_CONTEXT_ID, type InstanceWrapper } from '../compat/nest-core-internals.js';
import { REDIRECT_METADATA, ROUTE_ARGS_METADATA, SSE_METADATA } from '../compat/nest-route-args.js';
import { endpointGuardsRan } from '../auth/endpoint-guards-ran.js';
import type { McpContext } from '../context/mcp-context.js';
import type { RouteArgumentLayout } from '../schema/route-argument-layout.js';
import { CapturedExpressResponse } from './captured-express.response.js';
import { CapturedFastifyReply } from './captured-fastify.reply.js';
import type { CapturedHttpResponse } from './captured-http-response.js';
import { McpHttpResponseError } from './http-response.error.js';
import type { McpGuardCheck, McpHandlerFn } from './mcp-handler.types.js';
import { McpParamsFactory } from './mcp-params.factory.js';
import { createRouteRequest, type McpRouteRequest } from './route-request.factory.js';
import { collectSseEvents, toRedirectResult, toSseResult, type RedirectMetadata } from './route-response-shapes.js';

/** Where a discovered handler lives. */
export interface HandlerHost {
  /** The instance wrapper from `DiscoveryService`. */
  readonly wrapper: InstanceWrapper;
  /** The method's name on the instance. */
  readonly methodName: string;
  /** Whether the host is a controller (true) or a provider (false). */
  readonly isController: boolean;
}

type PipelineFn = (request: McpRouteRequest, response: CapturedHttpResponse, next: () => void) => Promise<unknown>;

const PIPELINE_OPTIONS = { guards: true, interceptors: true, filters: true } as const;

/**
 * Turns a discovered method into an {@link McpHandlerFn} that runs through Nest's pipeline the way an HTTP request
 * would: guards, interceptors, pipes (global ones included) and exception filters, with request-scoped and durable
 * providers resolved per call. Static hosts are prepared once at bootstrap; scoped hosts per call.
 */
@Injectable()
export class RoutePipelineFactory {
  private readonly paramsFactory = new McpParamsFactory();
  private readonly injector = new Injector();
  private fastify?: boolean;
  private readonly guardsConsumer = new GuardsConsumer();
  /** Finds a handler's class and method guards only: without the application config, no global guards. */
  private readonly ownGuards: GuardsContextCreator;

  constructor(
    private readonly externalContextCreator: ExternalContextCreator,
    private readonly adapterHost: HttpAdapterHost,
    modules: ModulesContainer,
  ) {
    const filters = (externalContextCreator as unknown as { filtersContextCreator: FiltersContextCreator }).filtersContextCreator;
    const quiet: FiltersContextCreator = { create: (...args) => silenceFallback(filters.create(...args)) };
    const guards = (externalContextCreator as unknown as { guardsContextCreator: GuardsContextCreator }).guardsContextCreator;
    this.quietCreator = Object.create(externalContextCreator, {
      filtersContextCreator: { value: quiet },
      guardsContextCreator: { value: globalsOnceGuards(guards) },
    }) as ExternalContextCreator;
    this.ownGuards = new GuardsContextCreator({ getModules: () => modules } as ConstructorParameters<typeof GuardsContextCreator>[0]);
  }

  /**
   * A check of the handler's own class and method guards (global ones already ran on the endpoint) against a
   * request without arguments, for per-caller lists; a guard that throws denies. `undefined` when the handler has
   * no such guards, or when its host is request-scoped (its guards cannot be resolved without a call).
   */
  createGuardCheck(host: HandlerHost): McpGuardCheck | undefined {
    const { wrapper, methodName } = host;
    const moduleKey = wrapper.host?.token;
    if (!moduleKey || !wrapper.isDependencyTreeStatic() || wrapper.isTransient) return undefined;
    const instance = wrapper.instance as Record<string, (...args: unknown[]) => unknown>;
    const callback = instance[methodName]!;
    const guards = this.ownGuards.create(instance, callback, moduleKey);
    if (guards.length === 0) return undefined;
    return async (httpRequest) => {
      const request = Object.create(httpRequest, {
        params: { value: {}, writable: true, enumerable: true, configurable: true },
        query: { value: {}, writable: true, enumerable: true, configurable: true },
        body: { value: undefined, writable: true, enumerable: true, configurable: true },
      }) as object;
      try {
        return await this.guardsConsumer.tryActivate(guards, [request, this.responseFor(), noop], instance, callback, 'http');
      } catch {
        return false;
      }
    };
  }

  create(host: HandlerHost, layout: RouteArgumentLayout): McpHandlerFn {
    const { wrapper, methodName } = host;
    const creator = this.creatorFor(host);
    const method = (wrapper.instance as Record<string, Function>)[methodName]!;
    const shape: RouteShape = {
      redirect: Reflect.getMetadata(REDIRECT_METADATA, method) as RedirectMetadata | undefined,
      sse: Reflect.getMetadata(SSE_METADATA, method) === true,
    };
    if (wrapper.isDependencyTreeStatic() && !wrapper.isTransient) {
      const pipeline = this.createPipeline(creator, wrapper.instance, methodName, shape);
      return (args, context) => this.run(pipeline, this.requestFor(context, args, layout), shape);
    }
    return async (args, context) => {
      const request = this.requestFor(context, args, layout);
      const contextId = this.attachContextId(request);
      const collection = host.isController ? wrapper.host!.controllers : wrapper.host!.providers;
      const instance = await this.injector.loadPerContext(wrapper.instance, wrapper.host!, collection, contextId, wrapper);
      return this.run(this.createPipeline(creator, instance, methodName, shape, contextId, wrapper.id), request, shape);
    };
  }

  /**
   * Runs one call. A response the pipeline wrote itself (an exception filter, a `@Res()` handler) wins over the
   * thrown error or returned value: an error status becomes {@link McpHttpResponseError}, a redirect its URL, a
   * success its body. A `@Redirect()` route answers its URL; an `@Sse()` route all its events.
   */
  private async run(pipeline: PipelineFn, request: McpRouteRequest, shape: RouteShape): Promise<unknown> {
    const response = this.responseFor();
    let value: unknown;
    try {
      value = await pipeline(request, response, noop);
    } catch (error) {
      if (!response.written) {
        throw error;
      }
    }
    if (!response.written) {
      if (shape.redirect) return toRedirectResult(shape.redirect, value);
      return shape.sse ? toSseResult(value) : value;
    }
    if (response.statusCode >= 400) {
      throw new McpHttpResponseError(response.statusCode, response.body);
    }
    if (response.redirectUrl !== undefined) return toRedirectResult({ url: response.redirectUrl, statusCode: response.statusCode });
    return response.body;
  }

  /** The response stand-in of the platform the app runs on (Express's shape when there is no HTTP platform). */
  private responseFor(): CapturedHttpResponse {
    this.fastify ??= this.adapterHost.httpAdapter?.getType() === 'fastify';
    return this.fastify ? new CapturedFastifyReply() : new CapturedExpressResponse();
  }

  /**
   * `ExternalContextCreator` finds a host's module among providers only. A controller lives among its module's
   * controllers, so without help its class and method enhancers (guards, pipes, interceptors, filters bound with
   * `@UseGuards()` and friends) would not be found in any module. This creator knows the controller's module.
   */
  private creatorFor(host: HandlerHost): ExternalContextCreator {
    const moduleKey = host.wrapper.host?.token;
    const base = this.quietCreator;
    if (!host.isController || !moduleKey) return base;
    const classRef = (host.wrapper.instance as object).constructor;
    return Object.create(base, {
      getContextModuleKey: {
        value: (moduleCtor: Function | undefined) => (moduleCtor === classRef ? moduleKey : base.getContextModuleKey(moduleCtor)),
      },
    }) as ExternalContextCreator;
  }

  /**
   * The context creator whose exception handlers run the app's filters but, when none handles an error, rethrow it
   * without Nest's `ExceptionsHandler` ERROR log: the error becomes an MCP answer, and `HandlerErrorLogger` logs it
   * at the level the app chose. Its global guards stand aside for a call whose endpoint already ran them.
   */
  private readonly quietCreator: ExternalContextCreator;

  private createPipeline(
    creator: ExternalContextCreator,
    instance: object,
    methodName: string,
    shape: RouteShape,
    contextId?: ContextId,
    inquirerId?: string,
  ): PipelineFn {
    const own = (instance as Record<string, (...args: unknown[]) => unknown>)[methodName]!;
    const method = shape.sse ? collectSseEvents(own) : own;
    return creator.create(
      instance,
      method,
      methodName,
      ROUTE_ARGS_METADATA,
      this.paramsFactory,
      contextId,
      inquirerId,
      PIPELINE_OPTIONS,
      'http',
    ) as PipelineFn;
  }

  /** The request one call runs with; the context's `request` (and `user`) follow it from now on. */
  private requestFor(context: McpContext, args: Record<string, unknown>, layout: RouteArgumentLayout): McpRouteRequest {
    const request = createRouteRequest(context.request, args, context, layout);
    context.useCallRequest(request);
    return request;
  }

  /** Gives the call's request its own context id (durable strategies included) and registers it as `REQUEST`. */
  private attachContextId(request: McpRouteRequest): ContextId {
    Object.defineProperty(request, REQUEST_CONTEXT_ID, { value: undefined, configurable: true });
    const contextId = ContextIdFactory.getByRequest(request);
    Object.defineProperty(request, REQUEST_CONTEXT_ID, { value: contextId, enumerable: false, configurable: false });
    this.externalContextCreator.registerRequestProvider(request, contextId);
    return contextId;
  }
}

/** What a route's decorators say about its answer, read once at bootstrap. */
interface RouteShape {
  readonly redirect?: RedirectMetadata;
  readonly sse: boolean;
}

function noop(): void {}

type Guard = { canActivate(context: ExecutionContext): boolean | Promise<boolean> | Observable<boolean> };

/**
 * Guards for the handler pipeline whose global guards pass a call the HTTP endpoint already ran them for (with
 * this handler's class and method, see `EndpointGuards`): each guard runs once per call. Class and method guards
 * always run; on stdio, and for calls that did not come through the endpoint, global guards run here as before.
 */
function globalsOnceGuards(creator: GuardsContextCreator): GuardsContextCreator {
  const wrapped = new WeakMap<object, Guard>();
  const onceOf = (guard: Guard): Guard => {
    let once = wrapped.get(guard);
    if (!once) {
      once = { canActivate: (context) => endpointGuardsRan(context.switchToHttp().getRequest()) || guard.canActivate(context) };
      wrapped.set(guard, once);
    }
    return once;
  };
  const global = creator.getGlobalMetadata.bind(creator);
  return Object.create(creator, {
    getGlobalMetadata: { value: (...args: Parameters<GuardsContextCreator['getGlobalMetadata']>) => (global(...args) as Guard[]).map(onceOf) },
  }) as GuardsContextCreator;
}

/** The part of Nest's external exception filter context used here. */
interface FiltersContextCreator {
  create(...args: unknown[]): ExceptionsHandlerLike;
}

/** Nest's `ExternalExceptionsHandler`: `next` runs the custom filters, then its logging fallback. */
interface ExceptionsHandlerLike {
  next(exception: unknown, host: unknown): unknown;
  invokeCustomFilters(exception: unknown, host: unknown): unknown;
}

/** Keeps the app's filters, replaces the fallback (log at ERROR, rethrow) with a plain rethrow. */
function silenceFallback(handler: ExceptionsHandlerLike): ExceptionsHandlerLike {
  handler.next = (exception, host) => {
    const handled = handler.invokeCustomFilters(exception, host);
    // "Not handled" is `undefined` on Nest 12 and `null` on Nest 11 (no filter matched).
    if (handled !== undefined && handled !== null) return handled;
    throw exception;
  };
  return handler;
}
