import { HttpException, Inject, Injectable } from '@nestjs/common';
import { bearerTokenOfHeaders } from '../auth/bearer-token.js';
import { insufficientScopeReply, unauthorizedReply } from './auth-challenge.js';
import { markScopesEnforced } from '../auth/caller-key.js';
import { missingScopes, principalOf } from '../auth/mcp-principal.js';
import { userOf } from '../auth/request-user.js';
import { metadataResourceFor, metadataUrlOf, pathOfUrl, protectedResourceMetadata, resourceUrl } from '../auth/protected-resource.metadata.js';
import { McpRegistry } from '../discovery/mcp.registry.js';
import { requiredScopesOf } from '../discovery/required-scopes.js';
import type { ParsedMessage } from '../json-rpc/json-rpc.parser.js';
import type { JsonRpcId } from '../protocol/json-rpc.types.js';
import { MCP_RESOLVED_OPTIONS, type ResolvedMcpOptions } from '../mcp-options.resolver.js';
import type { McpHttpReply } from '../transport/mcp-http.types.js';
import type { McpEndpointExchange } from './mcp-endpoint-exchange.js';

type UserHolder = { user?: unknown };

/**
 * Who is calling the endpoint, and whether they may: reads the principal the app's guards or middleware left on
 * the request ({@link userOf}: `request.user`, or on Fastify the Node request's `request.raw.user` that Nest
 * middleware sets), else asks the `auth.verify` hook; answers a request without one with the 401 challenge, and
 * a call of a definition with `scopes` the caller lacks with the 403 step-up challenge. The HTTP statuses are
 * decided here, at the endpoint; the protocol layer never sees a refused request.
 */
@Injectable()
export class EndpointAuth {
  constructor(
    @Inject(MCP_RESOLVED_OPTIONS) private readonly options: ResolvedMcpOptions,
    private readonly registry: McpRegistry,
  ) {}

  /** Establishes the caller; returns the 401 answer (echoing `id`) when the request may not go on. */
  async authenticate(exchange: McpEndpointExchange, id: JsonRpcId | null = null): Promise<McpHttpReply | undefined> {
    const auth = this.options.auth;
    const holder = exchange.platformRequest as UserHolder;
    markScopesEnforced(holder);
    let principal = principalOf(userOf(holder));
    if (!principal && auth?.verify) {
      try {
        principal = await auth.verify({ headers: exchange.headers, bearerToken: bearerTokenOfHeaders(exchange.headers), request: exchange.platformRequest });
      } catch (error) {
        if (error instanceof HttpException && error.getStatus() === 401) return this.unauthorized(exchange, undefined, undefined, id);
        throw error;
      }
      if (principal) holder.user = principal;
    }
    if (auth && !principal && !auth.allowAnonymous) return this.unauthorized(exchange, undefined, undefined, id);
    return undefined;
  }

  /**
   * The answer to a GET of a protected resource metadata document (`/.well-known/oauth-protected-resource`, alone
   * or followed by the endpoint's path), or `undefined` when the URL is not one of them or `auth` is off.
   */
  metadata(request: Pick<McpEndpointExchange, 'headers' | 'url' | 'secure'>): McpHttpReply | undefined {
    const auth = this.options.auth;
    if (!auth || request.url === undefined) return undefined;
    const resource = metadataResourceFor(auth, { headers: request.headers, secure: request.secure === true }, request.url, this.options.path);
    if (resource === undefined) return undefined;
    return {
      kind: 'reply',
      status: 200,
      // Public by definition; browser clients discover it from another origin.
      headers: { 'cache-control': 'max-age=300', 'access-control-allow-origin': '*' },
      body: protectedResourceMetadata(auth, resource),
    };
  }

  /** The 401 challenge for this endpoint. */
  unauthorized(
    exchange: Pick<McpEndpointExchange, 'headers' | 'url' | 'secure'>,
    scopes?: readonly string[],
    message?: string,
    id: JsonRpcId | null = null,
  ): McpHttpReply {
    return unauthorizedReply(this.metadataUrl(exchange), scopes, id, message);
  }

  /**
   * The answer to a call of a definition whose scopes the caller lacks: 401 with the scopes when there is no
   * caller, 403 `insufficient_scope` otherwise; `undefined` when the call may go on.
   */
  checkScopes(exchange: McpEndpointExchange, parsed: ParsedMessage): McpHttpReply | undefined {
    if (parsed.kind !== 'request') return undefined;
    const needed = requiredScopesOf(this.registry, parsed.message.method, parsed.message.params);
    if (!needed) return undefined;
    const principal = principalOf(userOf(exchange.platformRequest));
    const missing = missingScopes(principal, needed.scopes);
    if (missing.length === 0) return undefined;
    const id = parsed.message.id;
    if (!principal) return unauthorizedReply(this.metadataUrl(exchange), needed.scopes, id);
    return insufficientScopeReply(this.metadataUrl(exchange), needed.scopes, id, needed.subject);
  }

  private metadataUrl(exchange: Pick<McpEndpointExchange, 'headers' | 'url' | 'secure'>): string | undefined {
    const auth = this.options.auth;
    if (!auth) return undefined;
    const path = exchange.url === undefined ? `/${this.options.path}` : pathOfUrl(exchange.url);
    return metadataUrlOf(resourceUrl(auth, { headers: exchange.headers, secure: exchange.secure === true }, path));
  }
}
