import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { ExternalContextCreator, HttpAdapterHost, ModulesContainer, type AbstractHttpAdapter } from '@nestjs/core';
import { appConfigOf, hostModuleOf } from '../compat/nest-application-lookup.js';
import { refusalReply } from '../endpoint/auth-challenge.js';
import { EndpointAuth } from '../endpoint/endpoint-auth.js';
import { McpEndpoint } from '../endpoint/mcp-endpoint.js';
import { MCP_RESOLVED_OPTIONS, type ResolvedMcpOptions } from '../mcp-options.resolver.js';
import { ENDPOINT_METHODS, endpointPaths } from './endpoint-paths.js';
import { ExpressHttpPlatform, type ExpressRouterLike } from './express-http.platform.js';
import { FastifyHttpPlatform, type FastifyInstanceLike } from './fastify-http.platform.js';
import type { McpHttpPlatform } from './mcp-http.platform.js';

/** The `httpAdapter.getType()` values the endpoint can be served on. */
export const SUPPORTED_PLATFORMS = ['express', 'fastify'] as const;

/**
 * Serves the endpoint on the app's HTTP adapter, outside Nest's router pipeline: the endpoint core runs the app's
 * guards itself, once per request (see `EndpointGuards`), so neither Nest's route guards nor its global
 * interceptors, pipes and filters wrap the endpoint. Picks the HTTP platform by `httpAdapter.getType()` as soon as
 * Nest creates the adapter (before it registers body parsers and routes, so the platform can take the endpoint's
 * raw bodies first), and registers POST, GET and DELETE at the endpoint's path when the module initializes (after
 * the app's middleware and controllers, under the global prefix and a `RouterModule` path, version-neutral). An
 * adapter it cannot serve fails bootstrap with an error: the endpoint is never served without its gate. With no
 * HTTP adapter at all (an application context), it does nothing.
 */
@Injectable()
export class McpPlatformHost implements OnModuleInit {
  private readonly logger = new Logger('McpEndpoint');
  private platform?: McpHttpPlatform;
  private failure?: Error;

  constructor(
    adapterHost: HttpAdapterHost,
    private readonly endpoint: McpEndpoint,
    private readonly auth: EndpointAuth,
    private readonly contexts: ExternalContextCreator,
    private readonly modules: ModulesContainer,
    @Inject(MCP_RESOLVED_OPTIONS) private readonly options: ResolvedMcpOptions,
  ) {
    adapterHost.init$.subscribe(() => this.choose(adapterHost.httpAdapter));
  }

  onModuleInit(): void {
    if (this.failure) throw this.failure;
    const platform = this.platform;
    if (!platform) return;
    const module = hostModuleOf(this.modules, McpPlatformHost, this);
    const settings = {
      config: appConfigOf(this.contexts),
      applicationId: (this.modules as { applicationId?: string }).applicationId,
      moduleClass: module?.metatype ?? Object,
      path: this.options.path,
    };
    const serve = (request: unknown, response: unknown) => this.serve(platform, request, response);
    for (const [name, method] of ENDPOINT_METHODS) {
      for (const path of endpointPaths(settings, method)) platform.route(name, path, serve);
    }
  }

  /** Answers one request to the endpoint with the platform's request and response objects. */
  private async serve(platform: McpHttpPlatform, request: unknown, response: unknown): Promise<void> {
    try {
      const pending = platform.exchangeOf(request, response);
      const exchange = pending instanceof Promise ? await pending : pending;
      platform.write(response, await this.endpoint.handle(exchange));
    } catch (error) {
      this.logger.error('The MCP endpoint failed', error instanceof Error ? error.stack : String(error));
      platform.write(response, refusalReply(500, 'Internal error.'));
    }
  }

  private choose(adapter: AbstractHttpAdapter | undefined): void {
    if (!adapter || this.platform) return;
    const type = adapter.getType();
    if (type === 'express') {
      const express = new ExpressHttpPlatform({
        maxBodyBytes: this.options.maxBodyBytes,
        bodyReadTimeoutMs: this.options.bodyReadTimeoutMs,
        endpointPath: this.options.path,
        router: adapter as unknown as ExpressRouterLike,
      });
      adapter.use(express.bodyTaker());
      if (this.options.auth) adapter.use(express.metadataServer((request) => this.auth.metadata(request)));
      this.platform = express;
    } else if (type === 'fastify') {
      const fastify = new FastifyHttpPlatform(adapter.getInstance() as FastifyInstanceLike, {
        limit: this.options.maxBodyBytes,
        timeoutMs: this.options.bodyReadTimeoutMs,
      });
      fastify.install();
      if (this.options.auth) fastify.installMetadata((request) => this.auth.metadata(request));
      this.platform = fastify;
    } else {
      this.failure = new Error(
        `The "${type}" HTTP adapter is not supported by McpModule. Use @nestjs/platform-express or @nestjs/platform-fastify (supported: ${SUPPORTED_PLATFORMS.join(', ')}).`,
      );
    }
  }
}
