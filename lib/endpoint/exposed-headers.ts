import type { IncomingHttpHeaders } from 'node:http';
import type { McpHttpAnswer } from '../transport/mcp-http.types.js';

/** The response headers browser code of an MCP client must be able to read. */
export const EXPOSED_MCP_HEADERS = ['mcp-session-id', 'mcp-protocol-version', 'www-authenticate'] as const;

const EXPOSE = 'access-control-expose-headers';

/**
 * Lets browser code read the MCP response headers: a cross-origin request (one with an `Origin`, which the gate
 * already accepted) gets `Access-Control-Expose-Headers` naming them. The app's CORS handling still decides
 * whether the browser may read the response at all; a value it set is kept and added to.
 */
export function exposeMcpHeaders(answer: McpHttpAnswer, requestHeaders: IncomingHttpHeaders): McpHttpAnswer {
  if (!requestHeaders.origin) return answer;
  return { ...answer, headers: { ...answer.headers, [EXPOSE]: mergeHeaderList(answer.headers[EXPOSE], EXPOSED_MCP_HEADERS.join(', ')) } };
}

/** Joins two comma-separated header lists without repeating a name. */
export function mergeHeaderList(existing: unknown, added: string): string {
  const names = [existing, added]
    .filter((value): value is string | string[] => typeof value === 'string' || Array.isArray(value))
    .flatMap((value) => (Array.isArray(value) ? value : [value]))
    .flatMap((value) => value.split(','))
    .map((name) => name.trim())
    .filter((name) => name !== '');
  return [...new Map(names.map((name) => [name.toLowerCase(), name])).values()].join(', ');
}
