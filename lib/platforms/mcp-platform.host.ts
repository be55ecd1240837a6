import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost, type AbstractHttpAdapter } from '@nestjs/core';
import { EndpointAuth } from '../endpoint/endpoint-auth.js';
import { McpEndpoint } from '../endpoint/mcp-endpoint.js';
import { MCP_RESOLVED_OPTIONS, type ResolvedMcpOptions } from '../mcp-options.resolver.js';
import { ExpressHttpPlatform } from './express-http.platform.js';
import { FastifyHttpPlatform, type FastifyInstanceLike } from './fastify-http.platform.js';
import type { McpHttpPlatform } from './mcp-http.platform.js';
import type { McpHttpAnswer } from '../transport/mcp-http.types.js';

/** The `httpAdapter.getType()` values the endpoint can be served on. */
export const SUPPORTED_PLATFORMS = ['express', 'fastify'] as const;

/**
 * Picks the HTTP platform by `httpAdapter.getType()` as soon as Nest creates the adapter (before it registers
 * body parsers and routes, so the platform can take the endpoint's raw bodies first), and serves each endpoint
 * request through it and the endpoint core. An adapter it cannot serve fails bootstrap with an error: the
 * endpoint is never served without its gate. With no HTTP adapter at all (an application context), it does
 * nothing.
 */
@Injectable()
export class McpPlatformHost implements OnModuleInit {
  private platform?: McpHttpPlatform;
  private failure?: Error;

  constructor(
    adapterHost: HttpAdapterHost,
    private readonly endpoint: McpEndpoint,
    private readonly auth: EndpointAuth,
    @Inject(MCP_RESOLVED_OPTIONS) private readonly options: ResolvedMcpOptions,
  ) {
    adapterHost.init$.subscribe(() => this.choose(adapterHost.httpAdapter));
  }

  onModuleInit(): void {
    if (this.failure) throw this.failure;
  }

  /** Writes an answer with the platform's response object (the endpoint's exception filter uses it). */
  write(response: unknown, answer: McpHttpAnswer): void {
    if (!this.platform) throw this.failure ?? new Error('The MCP endpoint received a request before an HTTP adapter was created.');
    this.platform.write(response, answer);
  }

  /** Answers one request to the endpoint with the platform's request and response objects. */
  async serve(request: unknown, response: unknown): Promise<void> {
    const platform = this.platform;
    if (!platform) {
      throw this.failure ?? new Error('The MCP endpoint received a request before an HTTP adapter was created.');
    }
    const exchange = await platform.exchangeOf(request, response);
    platform.write(response, await this.endpoint.handle(exchange));
  }

  private choose(adapter: AbstractHttpAdapter | undefined): void {
    if (!adapter || this.platform) return;
    const type = adapter.getType();
    if (type === 'express') {
      const express = new ExpressHttpPlatform({
        maxBodyBytes: this.options.maxBodyBytes,
        bodyReadTimeoutMs: this.options.bodyReadTimeoutMs,
        endpointPath: this.options.path,
      });
      adapter.use(express.bodyTaker());
      if (this.options.auth) adapter.use(express.metadataServer((request) => this.auth.metadata(request)));
      this.platform = express;
    } else if (type === 'fastify') {
      const fastify = new FastifyHttpPlatform({ limit: this.options.maxBodyBytes, timeoutMs: this.options.bodyReadTimeoutMs });
      fastify.install(adapter.getInstance() as FastifyInstanceLike);
      if (this.options.auth) fastify.installMetadata(adapter.getInstance() as FastifyInstanceLike, (request) => this.auth.metadata(request));
      this.platform = fastify;
    } else {
      this.failure = new Error(
        `The "${type}" HTTP adapter is not supported by McpModule. Use @nestjs/platform-express or @nestjs/platform-fastify (supported: ${SUPPORTED_PLATFORMS.join(', ')}).`,
      );
    }
  }
}
