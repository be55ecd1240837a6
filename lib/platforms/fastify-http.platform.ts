import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { McpEndpointExchange } from '../endpoint/mcp-endpoint-exchange.js';
import { serializeJsonRpcMessage } from '../protocol/json-object-fragment.js';
import type { McpHttpAnswer } from '../transport/mcp-http.types.js';
import { isTls, requestAbort, restoreBodyHeaders, takeBody } from './endpoint-body.js';
import type { EndpointMethod, EndpointServe, McpHttpPlatform, MetadataRequest } from './mcp-http.platform.js';
import type { BodyReadLimits } from './raw-body.reader.js';
import { PROTECTED_RESOURCE_WELL_KNOWN } from '../auth/protected-resource.metadata.js';
import { writeNodeAnswer } from './node-answer.writer.js';
import { mergeHeaderList } from '../endpoint/exposed-headers.js';

/** The route config flag that marks the endpoint's routes. */
export const MCP_ENDPOINT_ROUTE_FLAG = 'mcpEndpoint';

/** The parts of a Fastify request the platform reads. */
interface FastifyRequestLike {
  readonly raw: IncomingMessage;
  readonly method: string;
  readonly headers: IncomingHttpHeaders;
}

/** The parts of a Fastify reply the platform writes with. */
interface FastifyReplyLike {
  readonly raw: ServerResponse;
  code(status: number): FastifyReplyLike;
  header(name: string, value: string): FastifyReplyLike;
  type(contentType: string): FastifyReplyLike;
  send(payload?: unknown): FastifyReplyLike;
  hijack(): FastifyReplyLike;
  getHeader(name: string): unknown;
  getHeaders(): Record<string, unknown>;
}

/** The route options Fastify hands an `onRoute` hook (the ones used here). */
interface FastifyRouteOptionsLike {
  config?: Record<string, unknown>;
  onRequest?: unknown;
  preHandler?: unknown;
}

/** The part of a Fastify instance the platform hooks into. */
export interface FastifyInstanceLike {
  addHook(name: 'onRoute', hook: (route: FastifyRouteOptionsLike) => void): unknown;
  get(path: string, handler: (request: never, reply: never) => Promise<unknown>): unknown;
  route(options: {
    method: string;
    url: string;
    config: Record<string, unknown>;
    handler: (request: never, reply: never) => Promise<unknown>;
  }): unknown;
}

/**
 * The Fastify platform. Only the endpoint's own routes are touched: an `onRoute` hook gives them an `onRequest`
 * hook that takes the raw body (up to `maxBodyBytes`, within `bodyReadTimeoutMs`) before Fastify's content-type parsers and body limit would,
 * and a `preHandler` hook that puts the body's headers back for the route. Streams are written to `reply.raw`
 * after `reply.hijack()`. The endpoint's routes are Fastify routes (registered after the app's controllers), so
 * Fastify's router decides which requests reach the endpoint; the gate in the endpoint core runs for all of them.
 */
export class FastifyHttpPlatform implements McpHttpPlatform {
  readonly type = 'fastify';

  constructor(
    private readonly instance: FastifyInstanceLike,
    private readonly bodyLimits: BodyReadLimits,
  ) {}

  /** Hooks the endpoint's routes as they are registered. Call before routes are registered. */
  install(): void {
    const instance = this.instance;
    // Callback-style hooks: an async hook costs Fastify a promise and a microtask turn per request.
    const takeEndpointBody = (request: FastifyRequestLike, _reply: unknown, done: (error?: Error) => void) => {
      if (request.method !== 'POST') return done();
      takeBody(request.raw, this.bodyLimits).then(() => done(), done);
    };
    const restoreHeaders = (request: FastifyRequestLike, _reply: unknown, done: () => void) => {
      restoreBodyHeaders(request.raw);
      done();
    };
    instance.addHook('onRoute', (route) => {
      if (route.config?.[MCP_ENDPOINT_ROUTE_FLAG] !== true) return;
      route.onRequest = [...hooksOf(route.onRequest), takeEndpointBody];
      route.preHandler = [restoreHeaders, ...hooksOf(route.preHandler)];
    });
  }

  /** Routes the protected resource metadata documents (see `EndpointAuth.metadata`); others get Fastify's 404. */
  installMetadata(answer: (request: MetadataRequest) => McpHttpAnswer | undefined): void {
    const handler = async (request: FastifyRequestLike, reply: FastifyReplyLike & { callNotFound(): void }) => {
      const found = answer({ headers: request.raw.headers, url: request.raw.url ?? '', secure: isTls(request.raw) });
      if (found) this.write(reply, found);
      else reply.callNotFound();
      return reply;
    };
    this.instance.get(PROTECTED_RESOURCE_WELL_KNOWN, handler);
    this.instance.get(`${PROTECTED_RESOURCE_WELL_KNOWN}/*`, handler);
  }

  exchangeOf(request: unknown, reply: unknown): McpEndpointExchange {
    const fastifyRequest = request as FastifyRequestLike;
    const raw = fastifyRequest.raw;
    const taken = restoreBodyHeaders(raw);
    return {
      method: fastifyRequest.method.toUpperCase(),
      url: raw.url,
      secure: isTls(raw),
      headers: raw.headers,
      body: taken?.body ?? { kind: 'none' },
      localAddress: raw.socket?.localAddress,
      remoteAddress: raw.socket?.remoteAddress,
      abort: requestAbort((reply as FastifyReplyLike).raw),
      platformRequest: fastifyRequest,
      platformResponse: reply,
    };
  }

  route(method: EndpointMethod, path: string, serve: EndpointServe): void {
    this.instance.route({
      method,
      url: path,
      config: { [MCP_ENDPOINT_ROUTE_FLAG]: true },
      handler: async (request: never, reply: never) => {
        await serve(request, reply);
        return reply;
      },
    });
  }

  write(response: unknown, answer: McpHttpAnswer): void {
    const reply = response as FastifyReplyLike;
    if (answer.kind === 'stream') {
      // Headers set on the reply by hooks (CORS, for one) would be lost once the reply is hijacked.
      for (const [name, value] of Object.entries(reply.getHeaders())) {
        if (value !== undefined) reply.raw.setHeader(name, value as string | number | string[]);
      }
      reply.hijack();
      writeNodeAnswer(reply.raw, answer);
      return;
    }
    reply.code(answer.status);
    for (const [name, value] of Object.entries(answer.headers)) {
      const merged = name === 'access-control-expose-headers' ? mergeHeaderList(reply.getHeader(name), value) : value;
      reply.header(name, merged);
    }
    if (answer.body === undefined) reply.send();
    else reply.type('application/json').send(serializeJsonRpcMessage(answer.body));
  }
}

function hooksOf(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}
