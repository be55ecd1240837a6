import type { IncomingMessage, ServerResponse } from 'node:http';
import { McpProtocolError } from '../errors/mcp-protocol.error.js';
import { JsonRpcErrorCode } from '../json-rpc/json-rpc-error-codes.js';
import type { ResolvedMcpOptions } from '../mcp-options.resolver.js';
import { checkDnsRebinding } from './dns-rebinding.check.js';
import { BodyTooLargeError, readRawBody } from './raw-body.reader.js';

/** Where the gate leaves the raw body text for the controller. */
export const MCP_RAW_BODY = Symbol('mcp:raw-body');

type Next = (error?: unknown) => void;

/**
 * What runs before any other middleware for requests to the MCP endpoint: the DNS-rebinding check (Host and
 * Origin), then, for POST, reading the body as text with the size limit. The body is kept raw so that a malformed
 * one gets a JSON-RPC parse error, not the app's body parser's error page, and so the app's own body-size limit
 * does not apply to MCP messages.
 */
export function createEndpointGate(options: ResolvedMcpOptions) {
  return function mcpEndpointGate(request: IncomingMessage, response: ServerResponse, next: Next): void {
    if (options.dnsRebindingProtection) {
      const refusal = checkDnsRebinding(options, request.headers, request.socket.localAddress);
      if (refusal) {
        writeError(response, new McpProtocolError(JsonRpcErrorCode.SERVER_ERROR, refusal, undefined, 403));
        return;
      }
    }
    if (request.method !== 'POST') {
      next();
      return;
    }
    readRawBody(request, options.maxBodyBytes).then(
      (text) => {
        (request as IncomingMessage & { [MCP_RAW_BODY]?: string })[MCP_RAW_BODY] = text;
        next();
      },
      (error: unknown) => {
        if (error instanceof BodyTooLargeError) {
          response.setHeader('connection', 'close');
          writeError(
            response,
            new McpProtocolError(
              JsonRpcErrorCode.SERVER_ERROR,
              `The request body is larger than the ${options.maxBodyBytes}-byte limit (the McpModule "maxBodyBytes" option).`,
              undefined,
              413,
            ),
          );
          return;
        }
        next(error);
      },
    );
  };
}

function writeError(response: ServerResponse, error: McpProtocolError): void {
  response.statusCode = error.httpStatus;
  response.setHeader('content-type', 'application/json');
  response.end(JSON.stringify({ jsonrpc: '2.0', id: null, error: error.toJsonRpc() }));
}
