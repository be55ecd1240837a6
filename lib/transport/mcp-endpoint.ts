import { Injectable } from '@nestjs/common';
import type { McpHttpAnswer, McpHttpExchange } from './mcp-http.types.js';
import { StatefulHttpHandler } from './stateful-http.handler.js';

/**
 * The MCP endpoint's protocol layer: one entry per HTTP method, knowing nothing of the HTTP platform. It picks the
 * wire for each request and hands it to that wire's handler.
 */
@Injectable()
export class McpEndpoint {
  constructor(private readonly stateful: StatefulHttpHandler) {}

  post(exchange: McpHttpExchange): Promise<McpHttpAnswer> {
    return this.stateful.post(exchange);
  }

  get(exchange: McpHttpExchange): Promise<McpHttpAnswer> {
    return this.stateful.get(exchange);
  }

  delete(exchange: McpHttpExchange): Promise<McpHttpAnswer> {
    return this.stateful.delete(exchange);
  }
}
