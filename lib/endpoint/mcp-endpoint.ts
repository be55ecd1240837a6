import { Inject, Injectable } from '@nestjs/common';
import { McpProtocolError } from '../errors/mcp-protocol.error.js';
import { JsonRpcErrorCode } from '../protocol/json-rpc-error-codes.js';
import type { JsonRpcId } from '../protocol/json-rpc.types.js';
import {
  classifyMessage,
  parseJsonBody,
  peekMessageId,
  readMessageId,
  type ParsedMessage,
} from '../json-rpc/json-rpc.parser.js';
import { MCP_RESOLVED_OPTIONS, type ResolvedMcpOptions } from '../mcp-options.resolver.js';
import { errorReply } from '../transport/json-rpc-replies.js';
import type { McpHttpAnswer, McpHttpExchange } from '../transport/mcp-http.types.js';
import { StatefulPostHandler } from '../transport/stateful-post.handler.js';
import { StatefulStreamHandler } from '../transport/stateful-stream.handler.js';
import { StatelessHttpHandler } from '../transport/stateless/stateless-http.handler.js';
import { selectCodec } from '../transport/wire-selector.js';
import { ShutdownDrain } from '../lifecycle/shutdown-drain.js';
import { EndpointAuth } from './endpoint-auth.js';
import { EndpointGuards } from './endpoint-guards.js';
import { gateRequest } from './endpoint.gate.js';
import { exposeMcpHeaders } from './exposed-headers.js';
import type { McpEndpointExchange, McpRequestBody } from './mcp-endpoint-exchange.js';
import { withRetryAfter } from './retry-after.js';

const TEXT = new TextDecoder('utf-8');

/**
 * The platform-neutral MCP endpoint: one neutral exchange in, one neutral answer out. Every request first meets
 * the gate (Host/Origin, body limit, content type, see {@link gateRequest}); a POST body is then parsed as JSON
 * (-32700 when it is not); then the app's guards run, once (see {@link EndpointGuards}), then authentication (the
 * `auth` option); a message then has its scopes checked, its wire picked (see {@link selectCodec}) and is handed
 * to that wire's handler. Platform adapters only translate; none of them can reach
 * the protocol without passing here.
 */
@Injectable()
export class McpEndpoint {
  constructor(
    private readonly stateful: StatefulPostHandler,
    private readonly statefulStreams: StatefulStreamHandler,
    private readonly stateless: StatelessHttpHandler,
    private readonly shutdown: ShutdownDrain,
    private readonly auth: EndpointAuth,
    private readonly guards: EndpointGuards,
    @Inject(MCP_RESOLVED_OPTIONS) private readonly options: ResolvedMcpOptions,
  ) {}

  /** Answers one request to the endpoint; a 413, 429 or 503 answer always carries `Retry-After`. */
  async handle(exchange: McpEndpointExchange): Promise<McpHttpAnswer> {
    const refusal = gateRequest(this.options, exchange);
    if (refusal) {
      // Refused before parsing; the id is still echoed when the kept body shows one (a 415 for a JSON body, say).
      const id = exchange.method === 'POST' ? this.readableId(bodyText(exchange.body)) : null;
      return withRetryAfter(errorReply(refusal.error, id, refusal.headers, refusal.status), this.options.retryAfterSeconds);
    }
    let answer: McpHttpAnswer;
    try {
      answer = await this.answer(exchange);
    } catch (error) {
      // A store or bus failure (a Redis error reply, say) still answers JSON-RPC, never the platform's plain 500.
      answer = errorReply(error, exchange.method === 'POST' ? this.readableId(bodyText(exchange.body)) : null);
    }
    // Past the gate, a cross-origin request comes from an allowed origin: its code may read the MCP headers.
    return exposeMcpHeaders(withRetryAfter(answer, this.options.retryAfterSeconds), exchange.headers);
  }

  private async answer(exchange: McpEndpointExchange): Promise<McpHttpAnswer> {
    if (this.shutdown.draining) {
      return errorReply(
        new McpProtocolError(
          JsonRpcErrorCode.SERVER_ERROR,
          'The server is shutting down. Retry on another instance or later.',
          undefined,
          'overloaded',
        ),
        null,
        { connection: 'close' },
      );
    }
    let parsed: ParsedMessage | undefined;
    let raw: unknown;
    if (exchange.method === 'POST') {
      const text = bodyText(exchange.body);
      try {
        raw = parseJsonBody(text, this.options.maxJsonDepth);
        parsed = classifyMessage(raw);
      } catch (error) {
        return errorReply(error, raw === undefined ? this.readableId(text) : readMessageId(raw));
      }
    }
    const request = parsed?.kind === 'request' ? parsed.message : undefined;
    const id = request?.id ?? null;
    const refused = (await this.guards.check(exchange, request, id)) ?? (await this.auth.authenticate(exchange, id));
    if (refused) return refused;
    const inner = new ProtocolExchange(exchange.headers, exchange.platformRequest as McpHttpExchange['request'], exchange.abort);
    switch (exchange.method) {
      case 'POST':
        return this.post(inner, exchange, raw, parsed!);
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

  private post(exchange: McpHttpExchange, outer: McpEndpointExchange, raw: unknown, parsed: ParsedMessage): Promise<McpHttpAnswer> | McpHttpAnswer {
    const lacking = this.auth.checkScopes(outer, parsed);
    if (lacking) return lacking;
    return selectCodec(exchange.headers, raw).sessions
      ? this.stateful.post(exchange, parsed)
      : this.stateless.post(exchange, parsed);
  }

  /**
   * The id a body shows, for an error refusing it: `null` when the body is not JSON (JSON-RPC 2.0's parse error),
   * and for a body refused for its nesting depth, the id read from its top level without parsing the rest.
   */
  private readableId(text: string): JsonRpcId | null {
    try {
      return readMessageId(parseJsonBody(text, this.options.maxJsonDepth));
    } catch (error) {
      return isInvalidRequest(error) ? peekMessageId(text) : null;
    }
  }
}

/**
 * The exchange as the protocol layer sees it. Its abort signal is made on first read (most calls never need one,
 * and making one costs); a class rather than an object literal with a getter, which V8 gives a map of its own
 * every time (one old-space map per request, and slower garbage collection).
 */
class ProtocolExchange implements McpHttpExchange {
  constructor(
    readonly headers: McpHttpExchange['headers'],
    readonly request: McpHttpExchange['request'],
    readonly abort: McpHttpExchange['abort'],
  ) {}

  get signal(): AbortSignal {
    return this.abort.signal;
  }
}

function bodyText(body: McpRequestBody): string {
  if (body.kind !== 'raw') return '';
  return typeof body.data === 'string' ? body.data : TEXT.decode(body.data);
}

function isInvalidRequest(error: unknown): boolean {
  return error instanceof McpProtocolError && error.code === JsonRpcErrorCode.INVALID_REQUEST;
}
