import { Inject, Injectable } from '@nestjs/common';
import { McpProtocolError } from '../errors/mcp-protocol.error.js';
import { JsonRpcErrorCode } from '../protocol/json-rpc-error-codes.js';
import { classifyMessage, parseJsonBody, readMessageId, type ParsedMessage } from '../json-rpc/json-rpc.parser.js';
import { MCP_RESOLVED_OPTIONS, type ResolvedMcpOptions } from '../mcp-options.resolver.js';
import { errorReply } from '../transport/json-rpc-replies.js';
import type { McpHttpAnswer, McpHttpExchange } from '../transport/mcp-http.types.js';
import { StatefulPostHandler } from '../transport/stateful-post.handler.js';
import { StatefulStreamHandler } from '../transport/stateful-stream.handler.js';
import { StatelessHttpHandler } from '../transport/stateless/stateless-http.handler.js';
import { selectWire } from '../transport/wire-selector.js';
import { EndpointAuth } from './endpoint-auth.js';
import { gateRequest } from './endpoint.gate.js';
import { exposeMcpHeaders } from './exposed-headers.js';
import type { McpEndpointExchange } from './mcp-endpoint-exchange.js';

const TEXT = new TextDecoder('utf-8');

/**
 * The platform-neutral MCP endpoint: one neutral exchange in, one neutral answer out. Every request first meets
 * the gate (Host/Origin, body limit, content type, see {@link gateRequest}); a POST body is then parsed as JSON
 * (-32700 when it is not), its wire picked (see {@link selectWire}) and handed to that wire's handler. Platform
 * adapters only translate; none of them can reach the protocol without passing here.
 */
@Injectable()
export class McpEndpoint {
  constructor(
    private readonly stateful: StatefulPostHandler,
    private readonly statefulStreams: StatefulStreamHandler,
    private readonly stateless: StatelessHttpHandler,
    private readonly auth: EndpointAuth,
    @Inject(MCP_RESOLVED_OPTIONS) private readonly options: ResolvedMcpOptions,
  ) {}

  /** Answers one request to the endpoint. */
  async handle(exchange: McpEndpointExchange): Promise<McpHttpAnswer> {
    const refusal = gateRequest(this.options, exchange);
    if (refusal) return errorReply(refusal.error, null, refusal.headers, refusal.status);
    // Past the gate, a cross-origin request comes from an allowed origin: its code may read the MCP headers.
    return exposeMcpHeaders(await this.answer(exchange), exchange.headers);
  }

  private async answer(exchange: McpEndpointExchange): Promise<McpHttpAnswer> {
    const unauthorized = await this.auth.authenticate(exchange);
    if (unauthorized) return unauthorized;
    const inner: McpHttpExchange = {
      headers: exchange.headers,
      request: exchange.platformRequest as McpHttpExchange['request'],
      signal: exchange.signal,
    };
    switch (exchange.method) {
      case 'POST':
        return this.post(inner, exchange);
      case 'GET':
        return this.statefulStreams.get(inner);
      case 'DELETE':
        return this.statefulStreams.delete(inner);
      default:
        return errorReply(
          new McpProtocolError(JsonRpcErrorCode.SERVER_ERROR, `The MCP endpoint answers POST, GET and DELETE, not ${exchange.method}.`),
          null,
          { allow: 'POST, GET, DELETE' },
          405,
        );
    }
  }

  private post(exchange: McpHttpExchange, outer: McpEndpointExchange): Promise<McpHttpAnswer> | McpHttpAnswer {
    const body = outer.body;
    let raw: unknown;
    let parsed: ParsedMessage;
    try {
      raw = parseJsonBody(body.kind === 'raw' ? textOf(body.data) : '');
      parsed = classifyMessage(raw);
    } catch (error) {
      return errorReply(error as McpProtocolError, readMessageId(raw));
    }
    const lacking = this.auth.checkScopes(outer, parsed);
    if (lacking) return lacking;
    return selectWire(exchange.headers, raw) === 'stateless'
      ? this.stateless.post(exchange, parsed)
      : this.stateful.post(exchange, parsed);
  }
}

function textOf(data: Uint8Array | string): string {
  return typeof data === 'string' ? data : TEXT.decode(data);
}
