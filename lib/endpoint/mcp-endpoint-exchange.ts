import type { IncomingHttpHeaders } from 'node:http';
import type { McpRequestAbort } from '../transport/mcp-http.types.js';

/** The body of a request as the platform adapter read it, before the endpoint decides anything about it. */
export type McpRequestBody =
  /** The raw bytes (or text) of the body, exactly as they arrived. */
  | { readonly kind: 'raw'; readonly data: Uint8Array | string }
  /** The body was larger than the adapter was told to read (`maxBodyBytes`); it was not kept. */
  | { readonly kind: 'too-large' }
  /** The body did not arrive whole within `bodyReadTimeoutMs`; what arrived was not kept. */
  | { readonly kind: 'timed-out' }
  /** The body arrived with a `Content-Encoding` (gzip, say) the endpoint does not decode; it was not kept. */
  | { readonly kind: 'encoded'; readonly coding: string }
  /** No body. */
  | { readonly kind: 'none' };

/**
 * One HTTP request to the MCP endpoint, as a platform adapter hands it over: no Express, no Fastify. Everything
 * the endpoint checks (Host, Origin, Content-Type, size, JSON) is in here, so the checks run the same on every
 * platform and for every path spelling the platform routed to the endpoint.
 */
export interface McpEndpointExchange {
  /** The HTTP method, upper case. */
  readonly method: string;
  /** The request URL as it arrived (path and query), for URLs the endpoint derives from it (auth metadata). */
  readonly url?: string;
  /** Whether the connection is TLS. */
  readonly secure?: boolean;
  readonly headers: IncomingHttpHeaders;
  readonly body: McpRequestBody;
  /** The address of the interface the request arrived on (decides the loopback Host rule). */
  readonly localAddress?: string;
  /** The client's address, for logs. */
  readonly remoteAddress?: string;
  /** The request's abort controller: aborted when the client goes away before the answer is complete. */
  readonly abort: McpRequestAbort;
  /**
   * The platform's own request object. The endpoint never reads it: it is handed to route tools, whose guards
   * and interceptors expect the request of their platform.
   */
  readonly platformRequest: unknown;
  /** The platform's own response object, for the guards the endpoint runs (a throttler sets headers on it). */
  readonly platformResponse: unknown;
}
