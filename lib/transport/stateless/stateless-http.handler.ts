import { Inject, Injectable, Logger } from '@nestjs/common';
import { STATELESS_CODEC } from '../../codecs/stateless.codec.js';
import { callerKeyOf } from '../../auth/caller-key.js';
import { McpProtocolError } from '../../errors/mcp-protocol.error.js';
import { ToolsHandler } from '../../handlers/tools.handler.js';
import type { ParsedMessage } from '../../json-rpc/json-rpc.parser.js';
import type { JsonRpcRequest } from '../../protocol/json-rpc.types.js';
import { McpDispatcher } from '../../json-rpc/mcp.dispatcher.js';
import { MCP_RESOLVED_OPTIONS, type ResolvedMcpOptions } from '../../mcp-options.resolver.js';
import { STATELESS_PROTOCOL_VERSION } from '../../protocol/stateless-protocol.js';
import { acceptedReply, errorReply } from '../json-rpc-replies.js';
import { acceptedAnswers } from '../accepted-answers.js';
import { answerJsonOrSse, asAccepted } from '../json-or-sse.js';
import { MCP_PROTOCOL_VERSION_HEADER, type McpHttpAnswer, type McpHttpExchange } from '../mcp-http.types.js';
import { LazySseStream } from './lazy-sse-stream.js';
import { ListenStreams } from './listen-streams.js';
import { mirroredParams, validateParamHeaders } from './mcp-param-headers.js';
import { lazyBindingOf, RequestStateCodec } from './request-state.codec.js';
import type { StatelessRequestMeta } from './stateless-meta.js';
import { StatelessRequestChannel } from './stateless-request-channel.js';
import { readHeader, validateStatelessRequest } from './stateless-request.validator.js';
import { inBackground } from '../../errors/background.js';
import { LazySignalScope } from '../../context/mcp-request-scope.js';
import { ShutdownDrain } from '../../lifecycle/shutdown-drain.js';

/** Methods whose handlers may ask the client for input (multi-round requests). */
const INPUT_METHODS: Readonly<Record<string, string>> = {
  'tools/call': 'name',
  'prompts/get': 'name',
  'resources/read': 'uri',
};

/**
 * The stateless (2026-07-28) wire: every POST is self-contained. It validates the per-request `_meta` and routing
 * headers, runs the method with the request's own capabilities, answers with JSON (or SSE when the handler
 * streams progress or logs), stamps `resultType` and cache hints, and turns a handler's unanswered
 * `ctx.elicit()`/`ctx.sample()`/`ctx.listRoots()` into an input-required result.
 */
@Injectable()
export class StatelessHttpHandler {
  private readonly logger = new Logger('McpTransport');
  private readonly requestState: RequestStateCodec;
  private readonly headers = { [MCP_PROTOCOL_VERSION_HEADER]: STATELESS_PROTOCOL_VERSION };

  constructor(
    private readonly dispatcher: McpDispatcher,
    private readonly tools: ToolsHandler,
    private readonly listen: ListenStreams,
    private readonly shutdown: ShutdownDrain,
    @Inject(MCP_RESOLVED_OPTIONS) private readonly options: ResolvedMcpOptions,
  ) {
    this.requestState = new RequestStateCodec(options.requestState.secret, options.requestState.ttlMs);
  }

  /** Handles one parsed message POSTed on the stateless wire. */
  async post(exchange: McpHttpExchange, parsed: ParsedMessage): Promise<McpHttpAnswer> {
    if (parsed.kind !== 'request') return acceptedReply(this.headers);
    const request = parsed.message;
    try {
      const meta = validateStatelessRequest(exchange.headers, request);
      if (request.method === 'subscriptions/listen') {
        return this.listen.open(request.id, request.params ?? {}, this.headers);
      }
      if (request.method === 'tools/call') this.validateToolHeaders(exchange, request);
      return await this.run(exchange, request, meta);
    } catch (error) {
      return errorReply(error, request.id, this.headers);
    }
  }

  private async run(exchange: McpHttpExchange, request: JsonRpcRequest, meta: StatelessRequestMeta): Promise<McpHttpAnswer> {
    const params = request.params ?? {};
    const targetParam = INPUT_METHODS[request.method];
    const caller = callerKeyOf(exchange.request, exchange.headers);
    const binding = lazyBindingOf(request.method, targetParam ? params[targetParam] : undefined, params.arguments, caller);
    const answers =
      params.inputResponses === undefined && params.requestState === undefined
        ? NO_ANSWERS
        : {
            ...objectOr(params.inputResponses),
            ...(params.requestState !== undefined ? this.requestState.open(params.requestState, binding()).answers : {}),
          };
    const accepted = acceptedAnswers(readHeader(exchange.headers, 'accept'));
    const stream = accepted.sse ? new LazySseStream(this.options.streams, this.logger) : undefined;
    const channel = new StatelessRequestChannel(answers, this.requestState, binding, stream);
    const leave = this.shutdown.enter();
    const scope = new LazySignalScope(
      {
        codec: STATELESS_CODEC,
        protocolVersion: meta.protocolVersion,
        clientInfo: meta.clientInfo,
        clientCapabilities: meta.clientCapabilities,
        httpRequest: exchange.request,
        logLevel: meta.logLevel ?? 'off',
        channel,
      },
      // Aborted when the client goes away, or when shutdown's grace period is over.
      () => AbortSignal.any([exchange.signal, this.shutdown.signal]),
    );
    // One `then` that also leaves (on either outcome), rather than `finally` and `then`: three microtask turns fewer.
    const dispatching = this.dispatcher.dispatch(request, scope).then(
      ({ response, error }) => {
        leave();
        return { status: error ? STATELESS_CODEC.httpStatus(error, true) : 200, body: response };
      },
      (error: unknown) => {
        leave();
        throw error;
      },
    );
    return answerJsonOrSse(dispatching, stream, {
      json: ({ status, body }) => asAccepted({ kind: 'reply', status, headers: this.headers, body }, accepted.json),
      sse: () => ({
        kind: 'stream',
        headers: this.headers,
        start: (sink) => {
          stream!.attach(sink);
          inBackground(dispatching.then(({ body }) => stream!.finish(body)), this.logger, 'Streaming a stateless response');
        },
      }),
    });
  }

  /** Tool arguments mirrored in `Mcp-Param-*` headers must match them (checked before the tool runs). */
  private validateToolHeaders(exchange: McpHttpExchange, request: JsonRpcRequest): void {
    const tool = this.tools.findTool(request.params?.name);
    const mirrored = mirroredParams(tool.inputSchema);
    if (mirrored.length > 0) {
      validateParamHeaders(exchange.headers, mirrored, objectOr(request.params?.arguments));
    }
  }
}

/** The answers of a round that brought none (shared: the channel only reads them). */
const NO_ANSWERS: Readonly<Record<string, unknown>> = Object.freeze({});

function objectOr(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
