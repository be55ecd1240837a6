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
 * and read timeout, the body's coding and type (uncompressed JSON in UTF-8) and the `Accept` header (it must admit JSON or SSE). Returns the
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
  if (exchange.body.kind === 'encoded') {
    return {
      status: 415,
      headers: { 'accept-encoding': 'identity' },
      error: new McpProtocolError(
        JsonRpcErrorCode.SERVER_ERROR,
        `Content-Encoding "${exchange.body.coding}" is not accepted: the endpoint reads the body as it arrives. Send the JSON body uncompressed, without a Content-Encoding header.`,
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
  const charset = exchange.body.kind === 'raw' ? foreignCharsetOf(contentType!) : undefined;
  if (charset !== undefined) {
    return {
      status: 415,
      error: new McpProtocolError(
        JsonRpcErrorCode.SERVER_ERROR,
        `Content-Type "${contentType}" names the charset "${charset}", but the endpoint reads JSON as UTF-8 (RFC 8259). Send the body in UTF-8 with "Content-Type: application/json".`,
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

/** Charsets a JSON body may name: UTF-8, and ASCII, which is part of it. */
const UTF8_CHARSETS = new Set(['utf-8', 'utf8', 'us-ascii']);

/** The `charset` a JSON media type names when it is not UTF-8 (the body would be misread), else `undefined`. */
function foreignCharsetOf(value: string): string | undefined {
  if (value === 'application/json') return undefined;
  for (const parameter of value.split(';').slice(1)) {
    const [name = '', raw = ''] = parameter.split('=', 2).map((piece) => piece.trim());
    if (name.toLowerCase() !== 'charset') continue;
    const charset = raw.replace(/^"(.*)"$/, '$1');
    return UTF8_CHARSETS.has(charset.toLowerCase()) ? undefined : charset;
  }
  return undefined;
}

function headerOf(exchange: McpEndpointExchange, name: string): string | undefined {
  const value = exchange.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
