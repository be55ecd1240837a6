import { missingScopes, principalOf } from '../auth/mcp-principal.js';
import type { McpRegistry } from '../discovery/mcp.registry.js';
import { requiredScopesOf } from '../discovery/required-scopes.js';
import { McpProtocolError } from '../errors/mcp-protocol.error.js';
import { JsonRpcErrorCode } from '../protocol/json-rpc-error-codes.js';
import type { JsonRpcRequest } from '../protocol/json-rpc.types.js';

/**
 * The refusal of a stdio request for a tool, prompt or resource whose `scopes` the caller (`request.user`) lacks, or
 * `undefined` when the call may go on. There is no HTTP on stdio, so no 401/403 challenge: a JSON-RPC error
 * (-32000) names the scopes, the missing ones, and where a stdio server gets its principal.
 */
export function stdioScopeRefusal(registry: McpRegistry, request: JsonRpcRequest, user: unknown): McpProtocolError | undefined {
  const needed = requiredScopesOf(registry, request.method, request.params);
  if (!needed) return undefined;
  const principal = principalOf(user);
  const missing = missingScopes(principal, needed.scopes);
  if (missing.length === 0) return undefined;
  const list = (scopes: readonly string[]) => scopes.map((scope) => `"${scope}"`).join(', ');
  const message = principal
    ? `${needed.subject} needs the scope(s) ${list(needed.scopes)}; this stdio server's caller lacks ${list(missing)}. ` +
      'Grant them in the principal this server is started with (the "principal" option of McpStdio.serve(), or auth.verify).'
    : `${needed.subject} needs the scope(s) ${list(needed.scopes)}, and this stdio server has no principal. ` +
      'Start it with one that grants them: the "principal" option of McpStdio.serve(), or auth.verify.';
  return new McpProtocolError(JsonRpcErrorCode.SERVER_ERROR, message, { requiredScopes: [...needed.scopes], missingScopes: missing });
}
