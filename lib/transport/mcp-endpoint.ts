import { Injectable } from '@nestjs/common';
import type { McpProtocolError } from '../errors/mcp-protocol.error.js';
import { classifyMessage, parseJsonBody, readMessageId, type ParsedMessage } from '../json-rpc/json-rpc.parser.js';
import { errorReply } from './json-rpc-replies.js';
import type { McpHttpAnswer, McpHttpExchange } from './mcp-http.types.js';
import { StatefulHttpHandler } from './stateful-http.handler.js';
import { StatelessHttpHandler } from './stateless/stateless-http.handler.js';
import { selectWire } from './wire-selector.js';

/**
 * The MCP endpoint's protocol layer: one entry per HTTP method, knowing nothing of the HTTP platform. It parses
 * each POST once, picks its wire (see {@link selectWire}) and hands it to that wire's handler.
 */
@Injectable()
export class McpEndpoint {
  constructor(
    private readonly stateful: StatefulHttpHandler,
    private readonly stateless: StatelessHttpHandler,
  ) {}

  async post(exchange: McpHttpExchange): Promise<McpHttpAnswer> {
    let raw: unknown;
    let parsed: ParsedMessage;
    try {
      raw = typeof exchange.body === 'string' ? parseJsonBody(exchange.body) : exchange.body;
      parsed = classifyMessage(raw);
    } catch (error) {
      return errorReply(error as McpProtocolError, readMessageId(raw));
    }
    return selectWire(exchange.headers, raw) === 'stateless'
      ? this.stateless.post(exchange, parsed)
      : this.stateful.post(exchange, parsed);
  }

  get(exchange: McpHttpExchange): Promise<McpHttpAnswer> {
    return this.stateful.get(exchange);
  }

  delete(exchange: McpHttpExchange): Promise<McpHttpAnswer> {
    return this.stateful.delete(exchange);
  }
}
