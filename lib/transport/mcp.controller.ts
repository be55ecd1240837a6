import type { IncomingMessage, ServerResponse } from 'node:http';
import { Controller, Delete, Get, Post, Req, Res, VERSION_NEUTRAL, type Type } from '@nestjs/common';
import { serializeJsonRpcMessage } from '../json-rpc/json-object-fragment.js';
import { MCP_RAW_BODY } from './endpoint-gate.js';
import { McpEndpoint } from './mcp-endpoint.js';
import type { McpHttpAnswer, McpHttpExchange } from './mcp-http.types.js';
import { ServerResponseSseSink } from './sse-sink.js';
import { McpCancelledError } from '../errors/mcp-cancelled.error.js';

type EndpointRequest = IncomingMessage & { body?: unknown; [MCP_RAW_BODY]?: string };

/**
 * The MCP endpoint: POST, GET and DELETE on one path. Thin by design: it turns the HTTP request into an exchange
 * for {@link McpEndpoint} and writes the answer back.
 */
export class McpController {
  constructor(private readonly endpoint: McpEndpoint) {}

  @Post()
  async post(@Req() request: EndpointRequest, @Res() response: ServerResponse): Promise<void> {
    await write(response, await this.endpoint.post(exchangeOf(request, response)));
  }

  @Get()
  async get(@Req() request: EndpointRequest, @Res() response: ServerResponse): Promise<void> {
    await write(response, await this.endpoint.get(exchangeOf(request, response)));
  }

  @Delete()
  async delete(@Req() request: EndpointRequest, @Res() response: ServerResponse): Promise<void> {
    await write(response, await this.endpoint.delete(exchangeOf(request, response)));
  }
}

/** A controller class serving {@link McpController} at `path` (one class per module instance). */
export function createMcpController(path: string): Type<McpController> {
  @Controller({ path, version: VERSION_NEUTRAL })
  class McpHttpController extends McpController {
    constructor(endpoint: McpEndpoint) {
      super(endpoint);
    }
  }
  return McpHttpController;
}

function exchangeOf(request: EndpointRequest, response: ServerResponse): McpHttpExchange {
  const abort = new AbortController();
  response.once('close', () => {
    if (!response.writableFinished) abort.abort(new McpCancelledError('The client closed the connection.'));
  });
  return {
    headers: request.headers,
    body: request[MCP_RAW_BODY] ?? request.body,
    request,
    signal: abort.signal,
  };
}

async function write(response: ServerResponse, answer: McpHttpAnswer): Promise<void> {
  if (answer.kind === 'stream') {
    response.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
      ...answer.headers,
    });
    response.flushHeaders();
    answer.start(new ServerResponseSseSink(response));
    return;
  }
  response.statusCode = answer.status;
  for (const [name, value] of Object.entries(answer.headers)) response.setHeader(name, value);
  if (answer.body === undefined) {
    response.end();
    return;
  }
  response.setHeader('content-type', 'application/json');
  response.end(serializeJsonRpcMessage(answer.body));
}
