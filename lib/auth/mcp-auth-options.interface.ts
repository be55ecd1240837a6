import type { IncomingHttpHeaders } from 'node:http';
import type { McpPrincipal } from './mcp-principal.js';

/** What the {@link McpAuthOptions.verify} hook receives. */
export interface McpVerifyRequest {
  readonly headers: IncomingHttpHeaders;
  /** The `Authorization: Bearer …` token, when the request carries one. */
  readonly bearerToken?: string;
  /** The platform's request object (Express's or Fastify's). */
  readonly request: unknown;
}

/**
 * Makes the endpoint an OAuth 2.1 protected resource the MCP way: it publishes its metadata (RFC 9728) and
 * answers requests without valid credentials with a `WWW-Authenticate` challenge that points at it.
 * Verification stays the app's: its guards (global ones, or the module's `guards` option) set `request.user`,
 * or the `verify` hook returns the principal.
 *
 * @example
 * ```ts
 * McpModule.forRoot({
 *   auth: {
 *     authorizationServers: ['https://auth.example.com'],
 *     scopesSupported: ['notes:read', 'notes:write'],
 *     verify: async ({ bearerToken }) => (bearerToken ? toPrincipal(await verifyJwt(bearerToken)) : undefined),
 *   },
 * })
 * ```
 */
export interface McpAuthOptions {
  /**
   * The issuer URLs of the authorization servers that issue tokens for this endpoint (`authorization_servers`).
   * Required: it has no default.
   */
  authorizationServers: string[];
  /** The scopes clients may ask for (`scopes_supported`). @default undefined */
  scopesSupported?: string[];
  /**
   * The endpoint's canonical URL (`resource`, the audience tokens must be issued for). Set it behind a proxy or a
   * global prefix the root metadata document cannot see.
   * @default the request's origin and the endpoint path it arrived on
   */
  resource?: string;
  /** A human-readable name (`resource_name`). @default undefined */
  resourceName?: string;
  /** A URL of documentation for developers (`resource_documentation`). @default undefined */
  resourceDocumentation?: string;
  /**
   * Establishes the caller when no guard set `request.user`: return the principal, or `undefined` for none.
   * Throwing `UnauthorizedException` (or returning `undefined` when anonymous callers are not allowed) answers
   * with the 401 challenge. The principal becomes `request.user`.
   * @default undefined
   */
  verify?: (request: McpVerifyRequest) => McpPrincipal | undefined | Promise<McpPrincipal | undefined>;
  /**
   * Lets requests without a principal through (they can still only call definitions without `scopes`); when
   * `false`, every request without one gets the 401 challenge. Over stdio too: a request without a principal (the
   * `principal` option of `McpStdio.serve()`, else `verify`) is refused with a JSON-RPC `-32000` error.
   * @default false
   */
  allowAnonymous?: boolean;
}
