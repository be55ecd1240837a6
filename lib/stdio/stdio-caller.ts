import { HttpException } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { bearerTokenOfHeaders } from '../auth/bearer-token.js';
import { markConnectionCaller, markScopesEnforced } from '../auth/caller-key.js';
import type { McpAuthOptions, McpVerifyRequest } from '../auth/mcp-auth-options.interface.js';
import type { McpPrincipal } from '../auth/mcp-principal.js';
import { McpProtocolError } from '../errors/mcp-protocol.error.js';
import { JsonRpcErrorCode } from '../protocol/json-rpc-error-codes.js';

/**
 * Who calls a stdio server: a fixed principal, or a function that establishes it from the request (its headers are
 * the `headers` option, typically filled from the environment), as `auth.verify` does on HTTP.
 */
export type McpStdioPrincipal = McpPrincipal | ((request: McpVerifyRequest) => McpPrincipal | undefined | Promise<McpPrincipal | undefined>);

/**
 * The answer to a stdio request without a caller when the module's `auth` option refuses anonymous callers: the
 * JSON-RPC error of the HTTP endpoint's 401 (there is no OAuth flow to point to over stdio).
 */
export const STDIO_ANONYMOUS_REFUSED =
  'This stdio server refuses anonymous callers (McpModule\'s "auth" option, without "allowAnonymous"), and no caller ' +
  'was established for this request. Start it with the "principal" option of McpStdio.serve(), or give auth.verify ' +
  'a credential through its "headers" option (from the server\'s environment); or set auth.allowAnonymous to true.';

/**
 * Establishes the caller of every stdio request: the `principal` option of `McpStdio.serve()`, else the module's
 * `auth.verify` hook (given the configured headers), else nobody (an anonymous caller). The principal becomes
 * `request.user`, as a guard's would on HTTP; the request is marked as one whose scopes are enforced, and carries
 * the connection's key, so what the one client of this process starts (tasks, `requestState`) stays its own.
 * As on HTTP, a module with `auth` refuses a request without a caller unless `auth.allowAnonymous` is `true`.
 */
export class StdioCaller {
  private readonly connectionKey = randomBytes(18).toString('base64url');

  constructor(
    private readonly principal: McpStdioPrincipal | undefined,
    private readonly auth: McpAuthOptions | undefined,
  ) {}

  /**
   * Sets `request.user` to the caller's principal, when there is one. A refusal of the hook, and a request without
   * a caller that `auth` does not allow, become a JSON-RPC error.
   */
  async identify(request: IncomingMessage): Promise<void> {
    markScopesEnforced(request);
    markConnectionCaller(request, this.connectionKey);
    const principal = await this.resolve(request);
    if (principal) (request as IncomingMessage & { user?: unknown }).user = principal;
    else if (this.auth && !this.auth.allowAnonymous) throw new McpProtocolError(JsonRpcErrorCode.SERVER_ERROR, STDIO_ANONYMOUS_REFUSED);
  }

  private async resolve(request: IncomingMessage): Promise<McpPrincipal | undefined> {
    const source = this.principal ?? this.auth?.verify;
    if (typeof source !== 'function') return source;
    try {
      return await source({ headers: request.headers, bearerToken: bearerTokenOfHeaders(request.headers), request });
    } catch (error) {
      if (error instanceof HttpException && error.getStatus() < 500) {
        throw new McpProtocolError(
          JsonRpcErrorCode.SERVER_ERROR,
          `The caller of this stdio server could not be established: ${error.message}. Check the credentials in the server's environment.`,
        );
      }
      throw error;
    }
  }
}
