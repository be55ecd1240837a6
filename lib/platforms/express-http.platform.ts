import type { IncomingMessage, ServerResponse } from 'node:http';
import type { McpEndpointExchange, McpRequestBody } from '../endpoint/mcp-endpoint-exchange.js';
import type { McpHttpAnswer } from '../transport/mcp-http.types.js';
import { isTls, requestAbort, restoreBodyHeaders, takeBody } from './endpoint-body.js';
import type { EndpointMethod, EndpointServe, McpHttpPlatform, MetadataRequest } from './mcp-http.platform.js';
import { PROTECTED_RESOURCE_WELL_KNOWN } from '../auth/protected-resource.metadata.js';
import { writeNodeAnswer } from './node-answer.writer.js';
import { readEndpointBody, type BodyReadLimits } from './raw-body.reader.js';

type ExpressRequest = IncomingMessage & { path?: string; originalUrl?: string; body?: unknown; rawBody?: Buffer };
type Next = (error?: unknown) => void;

/** The part of Nest's HTTP adapter the platform registers the endpoint's routes with. */
export interface ExpressRouterLike {
  post(path: string, handler: (request: never, response: never) => void): unknown;
  get(path: string, handler: (request: never, response: never) => void): unknown;
  delete(path: string, handler: (request: never, response: never) => void): unknown;
}

/** What the Express platform needs to know of the app. */
export interface ExpressPlatformSettings {
  readonly maxBodyBytes: number;
  /** Milliseconds a body may take to arrive (`bodyReadTimeoutMs`). */
  readonly bodyReadTimeoutMs: number;
  /** The endpoint's own path (the `path` option), without the global prefix or router module paths. */
  readonly endpointPath: string;
  /** Where the endpoint's routes are registered (Nest's Express adapter). */
  readonly router: ExpressRouterLike;
}

/**
 * The Express platform. Express registers its JSON body parser for every route; so that MCP messages keep their
 * raw bytes (for `maxBodyBytes` and -32700), a small middleware added when the adapter is created, before Nest
 * adds its body parsers, takes the body of POSTs whose path ends with the endpoint's path (whatever prefix or
 * router module path comes before it, in any case, with or without a trailing slash). It also leaves the parsed
 * JSON in `request.body`, as the JSON body parser would have, for an app route that happens to end the same way.
 * The endpoint's routes are Express routes (registered with Nest's adapter, after the app's controllers), so
 * Express's own router decides which requests reach the endpoint; one that arrives with its body unread has it
 * read here, or, when a body parser already consumed it, rebuilt from what the parser kept (`rawBody`, else the
 * parsed value). The gate in the endpoint core runs for all of them.
 */
export class ExpressHttpPlatform implements McpHttpPlatform {
  readonly type = 'express';

  private readonly bodyLimits: BodyReadLimits;

  /** The endpoint path as {@link normalize} writes it, computed once. */
  private readonly endpoint: string;

  constructor(private readonly settings: ExpressPlatformSettings) {
    this.bodyLimits = { limit: settings.maxBodyBytes, timeoutMs: settings.bodyReadTimeoutMs };
    this.endpoint = normalize(`/${settings.endpointPath}`);
  }

  /** The middleware that takes endpoint bodies before Express's body parsers. */
  bodyTaker(): (request: ExpressRequest, response: ServerResponse, next: Next) => void {
    return (request, _response, next) => {
      if (request.method !== 'POST' || !this.isEndpointPath(request)) {
        next();
        return;
      }
      takeBody(request, this.bodyLimits).then((taken) => {
        // A refused body may still be arriving: its headers stay hidden so no parser starts reading it.
        if (taken.body.kind === 'raw' || taken.body.kind === 'none') defineLazyBody(request, restoreBodyHeaders(request)?.body);
        next();
      }, next);
    };
  }

  /** The middleware that answers GETs of the protected resource metadata documents (see `EndpointAuth.metadata`). */
  metadataServer(answer: (request: MetadataRequest) => McpHttpAnswer | undefined) {
    return (request: ExpressRequest, response: ServerResponse, next: Next) => {
      const url = request.originalUrl ?? request.url ?? '';
      const found = request.method === 'GET' && url.startsWith(PROTECTED_RESOURCE_WELL_KNOWN)
        ? answer({ headers: request.headers, url, secure: isTls(request) })
        : undefined;
      if (found) writeNodeAnswer(response, found);
      else next();
    };
  }

  exchangeOf(request: unknown, response: unknown): McpEndpointExchange | Promise<McpEndpointExchange> {
    const incoming = request as ExpressRequest;
    const taken = restoreBodyHeaders(incoming);
    if (taken || incoming.method !== 'POST') return exchangeWith(incoming, response, taken?.body ?? NO_BODY);
    return this.bodyOf(incoming).then((body) => exchangeWith(incoming, response, body));
  }

  write(response: unknown, answer: McpHttpAnswer): void {
    writeNodeAnswer(response as ServerResponse, answer);
  }

  route(method: EndpointMethod, path: string, serve: EndpointServe): void {
    const handler = (request: never, response: never) => void serve(request, response);
    if (method === 'POST') this.settings.router.post(path, handler);
    else if (method === 'GET') this.settings.router.get(path, handler);
    else this.settings.router.delete(path, handler);
  }

  private async bodyOf(request: ExpressRequest): Promise<McpRequestBody> {
    if (!request.readableEnded) return readEndpointBody(request, this.bodyLimits);
    const data = Buffer.isBuffer(request.rawBody)
      ? request.rawBody
      : request.body === undefined
        ? undefined
        : Buffer.from(JSON.stringify(request.body));
    if (data === undefined) return { kind: 'none' };
    return data.length > this.settings.maxBodyBytes ? { kind: 'too-large' } : { kind: 'raw', data };
  }

  private isEndpointPath(request: ExpressRequest): boolean {
    const path = normalize((request.path ?? request.url ?? '').split('?', 1)[0]!);
    return path === this.endpoint || path.endsWith(this.endpoint);
  }
}

const NO_BODY: McpRequestBody = { kind: 'none' };

function exchangeWith(incoming: ExpressRequest, response: unknown, body: McpRequestBody): McpEndpointExchange {
  return {
    method: (incoming.method ?? 'GET').toUpperCase(),
    url: incoming.originalUrl ?? incoming.url,
    secure: isTls(incoming),
    headers: incoming.headers,
    body,
    localAddress: incoming.socket?.localAddress,
    remoteAddress: incoming.socket?.remoteAddress,
    abort: requestAbort(response as ServerResponse),
    platformRequest: incoming,
    platformResponse: response,
  };
}

/** Express routes case-insensitively and ignores a trailing slash unless told otherwise; compare the same way. */
function normalize(path: string): string {
  return (path.replace(/\/+$/, '').replace(/\/{2,}/g, '/') || '/').toLowerCase();
}

/**
 * Gives an app route that merely ends like the endpoint (`POST /billing/mcp`) its parsed JSON in `request.body`,
 * parsed on first read: the endpoint itself parses the raw bytes, so parsing here for every endpoint request would
 * be wasted work.
 */
function defineLazyBody(request: ExpressRequest, body: McpRequestBody | undefined): void {
  (request as WithLazyBody)[LAZY_BODY] = { body, parsed: undefined };
  // Not enumerable, so copying the request's own properties (a route tool's request overlay spreads them) does not
  // parse it. The accessors are shared functions: an accessor made of new closures would give every request a V8
  // map of its own (slower code, and an old-space map per request to collect).
  Object.defineProperty(request, 'body', { configurable: true, enumerable: false, get: readLazyBody, set: writeLazyBody });
}

/** Where a request's lazily parsed body lives. */
const LAZY_BODY = Symbol('mcp:lazy-body');

type WithLazyBody = ExpressRequest & { [LAZY_BODY]: { body: McpRequestBody | undefined; parsed: { value: unknown } | undefined } };

function readLazyBody(this: WithLazyBody): unknown {
  const state = this[LAZY_BODY];
  return (state.parsed ??= { value: parsedOrUndefined(state.body) }).value;
}

function writeLazyBody(this: WithLazyBody, value: unknown): void {
  this[LAZY_BODY].parsed = { value };
}

function parsedOrUndefined(body: McpRequestBody | undefined): unknown {
  if (body?.kind !== 'raw') return undefined;
  try {
    return JSON.parse(typeof body.data === 'string' ? body.data : Buffer.from(body.data).toString('utf8'));
  } catch {
    return undefined;
  }
}
