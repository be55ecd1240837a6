import type { McpEndpointExchange } from '../endpoint/mcp-endpoint-exchange.js';
import type { McpHttpAnswer } from '../transport/mcp-http.types.js';

/**
 * What one HTTP platform (Express, Fastify) must do for the MCP endpoint: hand it each request as a neutral
 * exchange, raw body included, and write its neutral answer back. A platform never checks or parses anything
 * itself; the endpoint core does, for every platform alike.
 */
export interface McpHttpPlatform {
  /** The `httpAdapter.getType()` this platform serves. */
  readonly type: string;
  /**
   * Turns the platform's request and response into an exchange: synchronously when the body is already in hand
   * (a promise costs a microtask turn per request), a promise when it must still be read.
   */
  exchangeOf(request: unknown, response: unknown): McpEndpointExchange | Promise<McpEndpointExchange>;
  /** Writes an answer with the platform's response. */
  write(response: unknown, answer: McpHttpAnswer): void;
  /**
   * Routes `method` requests to `path` (the full path, global prefix included) to `serve`, with the platform's
   * router: app middleware and CORS run before it, Nest's route pipeline does not.
   */
  route(method: EndpointMethod, path: string, serve: EndpointServe): void;
}

/** The HTTP methods the endpoint answers. */
export type EndpointMethod = 'POST' | 'GET' | 'DELETE';

/** Answers one request with the platform's request and response objects. */
export type EndpointServe = (request: unknown, response: unknown) => Promise<void>;

/** What answering a metadata document request needs. */
export type MetadataRequest = Pick<McpEndpointExchange, 'headers' | 'url' | 'secure'>;
