import { McpProtocolError } from '../errors/mcp-protocol.error.js';
import { JsonRpcErrorCode } from '../protocol/json-rpc-error-codes.js';
import type { ResolvedMcpOptions } from '../mcp-options.resolver.js';
import { acceptsAnAnswer } from './accept-header.js';
import { checkDnsRebinding } from './dns-rebinding.check.js';
import type { McpEndpointExchange } from './mcp-endpoint-exchange.js';

/** A request the gate refused, with the HTTP status that carries the refusal. */
export interface GateRefusal {
  readonly status: number;
  readonly error: McpProtocolError;
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * The checks every request to the endpoint meets before the protocol sees it, on every platform and every path
 * spelling the platform routed here: the DNS-rebinding check (Host and Origin), then, for POST, the body limit
 * and read timeout, the content type (JSON) and the `Accept` header (it must admit JSON or SSE). Returns the
 * refusal, or `undefined` to let the request through.
 */
export function gateRequest(options: ResolvedMcpOptions, exchange: McpEndpointExchange): GateRefusal | undefined {
  if (options.dnsRebindingProtection) {
    const host = headerOf(exchange, 'host');
    const origin = headerOf(exchange, 'origin');
    const refusal = checkDnsRebinding(options, { host, origin }, exchange.localAddress);
    if (refusal) return { status: 403, error: new McpProtocolError(JsonRpcErrorCode.SERVER_ERROR, refusal) };
  }
  if (exchange.method !== 'POST') return undefined;
  if (exchange.body.kind === 'too-large') {
    return {
      status: 413,
      headers: { connection: 'close' },
      error: new McpProtocolError(
        JsonRpcErrorCode.SERVER_ERROR,
        `The request body is larger than the ${options.maxBodyBytes}-byte limit (the McpModule "maxBodyBytes" option).`,
      ),
    };
  }
  if (exchange.body.kind === 'timed-out') {
    return {
      status: 408,
      headers: { connection: 'close' },
      error: new McpProtocolError(
        JsonRpcErrorCode.SERVER_ERROR,
        `The request body did not arrive within ${options.bodyReadTimeoutMs} ms (the McpModule "bodyReadTimeoutMs" option). Send the body at once.`,
      ),
    };
  }
  const contentType = headerOf(exchange, 'content-type');
  if (exchange.body.kind === 'raw' ? !isJsonMediaType(contentType ?? '') : contentType !== undefined && !isJsonMediaType(contentType)) {
    return {
      status: 415,
      error: new McpProtocolError(
        JsonRpcErrorCode.SERVER_ERROR,
        `Content-Type "${contentType ?? '(none)'}" is not accepted. POST one JSON-RPC message with "Content-Type: application/json".`,
      ),
    };
  }
  if (!acceptsAnAnswer(headerOf(exchange, 'accept'))) {
    return {
      status: 406,
      error: new McpProtocolError(
        JsonRpcErrorCode.SERVER_ERROR,
        `Accept "${headerOf(exchange, 'accept')}" admits no answer of this endpoint. Send "Accept: application/json, text/event-stream".`,
      ),
    };
  }
  return undefined;
}

/** `application/json`, or a `+json` type, with any parameters. */
function isJsonMediaType(value: string): boolean {
  if (value === 'application/json') return true;
  const type = value.split(';', 1)[0]!.trim().toLowerCase();
  return type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json'));
}

function headerOf(exchange: McpEndpointExchange, name: string): string | undefined {
  const value = exchange.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
