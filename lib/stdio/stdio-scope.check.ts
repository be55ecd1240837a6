import { missingScopes, principalOf } from '../auth/mcp-principal.js';
import type { McpRegistry } from '../discovery/mcp.registry.js';
import { McpProtocolError } from '../errors/mcp-protocol.error.js';
import { JsonRpcErrorCode } from '../protocol/json-rpc-error-codes.js';
import type { JsonRpcRequest } from '../protocol/json-rpc.types.js';

/**
 * The refusal of a stdio call of a tool, prompt or resource whose `scopes` the caller (`request.user`) lacks, or
 * `undefined` when the call may go on. There is no HTTP on stdio, so no 401/403 challenge: a JSON-RPC error
 * (-32000) names the scopes, the missing ones, and where a stdio server gets its principal.
 */
export function stdioScopeRefusal(registry: McpRegistry, request: JsonRpcRequest, user: unknown): McpProtocolError | undefined {
  const needed = requiredScopes(registry, request);
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

function requiredScopes(registry: McpRegistry, request: JsonRpcRequest): { scopes: readonly string[]; subject: string } | undefined {
  const params = request.params ?? {};
  const name = typeof params.name === 'string' ? params.name : undefined;
  const uri = typeof params.uri === 'string' ? params.uri : undefined;
  let found: { scopes?: readonly string[]; subject: string } | undefined;
  if (request.method === 'tools/call' && name !== undefined) found = { scopes: registry.getTool(name)?.scopes, subject: `Tool "${name}"` };
  else if (request.method === 'prompts/get' && name !== undefined) found = { scopes: registry.getPrompt(name)?.scopes, subject: `Prompt "${name}"` };
  else if (request.method === 'resources/read' && uri !== undefined) {
    found = { scopes: registry.findResource(uri)?.definition.scopes, subject: `Resource "${uri}"` };
  }
  return found?.scopes && found.scopes.length > 0 ? { scopes: found.scopes, subject: found.subject } : undefined;
}
