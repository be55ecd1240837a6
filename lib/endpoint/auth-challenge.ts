import { McpProtocolError } from '../errors/mcp-protocol.error.js';
import { JsonRpcErrorCode } from '../protocol/json-rpc-error-codes.js';
import type { JsonRpcId } from '../protocol/json-rpc.types.js';
import { errorReply } from '../transport/json-rpc-replies.js';
import type { McpHttpReply } from '../transport/mcp-http.types.js';

/** A quoted `WWW-Authenticate` parameter value (RFC 9110 quoted-string). */
function quoted(value: string): string {
  return `"${value.replace(/[\\"]/g, (character) => `\\${character}`)}"`;
}

function bearerChallenge(parameters: Record<string, string | undefined>): string {
  const parts = Object.entries(parameters)
    .filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== '')
    .map(([name, value]) => `${name}=${quoted(value)}`);
  return `Bearer ${parts.join(', ')}`;
}

/**
 * HTTP 401 for a request without valid credentials: a `WWW-Authenticate: Bearer` challenge naming the metadata
 * document (and the scopes the request needs, when known) and a JSON-RPC error body.
 */
export function unauthorizedReply(
  metadataUrl: string | undefined,
  scopes: readonly string[] | undefined,
  id: JsonRpcId | null = null,
  description = 'This MCP endpoint requires authorization. Obtain a token from an authorization server listed in its protected resource metadata and send it as "Authorization: Bearer <token>".',
): McpHttpReply {
  const headers: Record<string, string> = metadataUrl
    ? { 'www-authenticate': bearerChallenge({ resource_metadata: metadataUrl, scope: scopes?.join(' ') }) }
    : {};
  return errorReply(new McpProtocolError(JsonRpcErrorCode.SERVER_ERROR, description), id, headers, 401);
}

/** HTTP 403 for a caller lacking scopes: `error="insufficient_scope"` with the scopes needed, so the client can step up. */
export function insufficientScopeReply(
  metadataUrl: string | undefined,
  scopes: readonly string[],
  id: JsonRpcId | null = null,
  subject = 'This request',
): McpHttpReply {
  const description = `${subject} needs the scope(s) ${scopes.map((scope) => `"${scope}"`).join(', ')}. Ask the authorization server for a token that grants them.`;
  const headers: Record<string, string> = {
    'www-authenticate': bearerChallenge({
      error: 'insufficient_scope',
      scope: scopes.join(' '),
      resource_metadata: metadataUrl,
      error_description: description,
    }),
  };
  return errorReply(new McpProtocolError(JsonRpcErrorCode.SERVER_ERROR, description), id, headers, 403);
}

/** An HTTP error status with a JSON-RPC error body (a guard's refusal that is not about credentials). */
export function refusalReply(status: number, message: string, headers: Record<string, string> = {}, id: JsonRpcId | null = null): McpHttpReply {
  const code = status >= 500 ? JsonRpcErrorCode.INTERNAL_ERROR : JsonRpcErrorCode.SERVER_ERROR;
  return errorReply(new McpProtocolError(code, message), id, headers, status);
}
