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
 * Establishes the caller of every stdio request: the `principal` option of `McpStdio.serve()`, else the module's
 * `auth.verify` hook (given the configured headers), else nobody (an anonymous caller). The principal becomes
 * `request.user`, as a guard's would on HTTP; the request is marked as one whose scopes are enforced, and carries
 * the connection's key, so what the one client of this process starts (tasks, `requestState`) stays its own.
 */
export class StdioCaller {
  private readonly connectionKey = randomBytes(18).toString('base64url');

  constructor(
    private readonly principal: McpStdioPrincipal | undefined,
    private readonly verify: McpAuthOptions['verify'],
  ) {}

  /** Sets `request.user` to the caller's principal, when there is one. A refusal of the hook becomes a JSON-RPC error. */
  async identify(request: IncomingMessage): Promise<void> {
    markScopesEnforced(request);
    markConnectionCaller(request, this.connectionKey);
    const principal = await this.resolve(request);
    if (principal) (request as IncomingMessage & { user?: unknown }).user = principal;
  }

  private async resolve(request: IncomingMessage): Promise<McpPrincipal | undefined> {
    const source = this.principal ?? this.verify;
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
