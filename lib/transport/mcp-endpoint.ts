import { Inject, Injectable } from '@nestjs/common';
import { McpProtocolError } from '../errors/mcp-protocol.error.js';
import { JsonRpcErrorCode } from '../json-rpc/json-rpc-error-codes.js';
import {
  assertJsonDepth,
  classifyMessage,
  parseJsonBody,
  peekMessageId,
  readMessageId,
  type ParsedMessage,
} from '../json-rpc/json-rpc.parser.js';
import { MCP_RESOLVED_OPTIONS, type ResolvedMcpOptions } from '../mcp-options.resolver.js';
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
    @Inject(MCP_RESOLVED_OPTIONS) private readonly options: ResolvedMcpOptions,
  ) {}

  async post(exchange: McpHttpExchange): Promise<McpHttpAnswer> {
    let raw: unknown;
    let parsed: ParsedMessage;
    try {
      if (typeof exchange.body === 'string') {
        raw = parseJsonBody(exchange.body, this.options.maxJsonDepth);
      } else {
        raw = exchange.body;
        assertJsonDepth(raw, this.options.maxJsonDepth);
      }
      parsed = classifyMessage(raw);
    } catch (error) {
      // A parse error answers with a null id (JSON-RPC 2.0); a body refused for its depth still echoes a readable id.
      const tooDeep = raw === undefined && typeof exchange.body === 'string' && isInvalidRequest(error);
      const id = tooDeep ? peekMessageId(exchange.body as string) : readMessageId(raw);
      return errorReply(error, id);
    }
    try {
      return selectWire(exchange.headers, raw) === 'stateless'
        ? await this.stateless.post(exchange, parsed)
        : await this.stateful.post(exchange, parsed);
    } catch (error) {
      // A store or bus failure (a Redis error reply, say) still answers JSON-RPC, never the platform's plain 500.
      return errorReply(error, readMessageId(raw));
    }
  }

  async get(exchange: McpHttpExchange): Promise<McpHttpAnswer> {
    try {
      return await this.stateful.get(exchange);
    } catch (error) {
      return errorReply(error);
    }
  }

  async delete(exchange: McpHttpExchange): Promise<McpHttpAnswer> {
    try {
      return await this.stateful.delete(exchange);
    } catch (error) {
      return errorReply(error);
    }
  }
}

function isInvalidRequest(error: unknown): boolean {
  return error instanceof McpProtocolError && error.code === JsonRpcErrorCode.INVALID_REQUEST;
}
