import type { IncomingMessage } from 'node:http';
import { callerKeyOf } from '../auth/caller-key.js';
import { STATELESS_CODEC } from '../codecs/stateless.codec.js';
import { McpProtocolError } from '../errors/mcp-protocol.error.js';
import type { JsonRpcRequest, JsonRpcResponse } from '../protocol/json-rpc.types.js';
import type { McpDispatcher } from '../json-rpc/mcp.dispatcher.js';
import type { ResolvedMcpOptions } from '../mcp-options.resolver.js';
import { MetaKey } from '../protocol/stateless-protocol.js';
import type { SseSink } from '../transport/streaming/sse-sink.js';
import type { ListenStreams } from '../transport/stateless/listen-streams.js';
import { lazyBindingOf, RequestStateCodec } from '../transport/stateless/request-state.codec.js';
import { StatelessRequestChannel } from '../transport/stateless/stateless-request-channel.js';
import { validateStatelessMeta } from '../transport/stateless/stateless-request.validator.js';
import type { JsonLineWriter } from './json-line.writer.js';
import { StdioStatelessChannel } from './stdio-stateless-channel.js';

/** Methods whose handlers may ask the client for input, and the param that names their target. */
const INPUT_METHODS: Readonly<Record<string, string>> = {
  'tools/call': 'name',
  'prompts/get': 'name',
  'resources/read': 'uri',
};

/** Whether a request speaks 2026-07-28: it says its protocol version in `params._meta` instead of a session. */
export function isStatelessRequest(request: JsonRpcRequest): boolean {
  const meta = request.params?._meta;
  return request.method !== 'initialize' && !!meta && typeof meta === 'object' && MetaKey.PROTOCOL_VERSION in meta;
}

/**
 * 2026-07-28 requests over stdio, treated as the stateless HTTP wire treats them minus the headers: the per-request
 * `_meta` is validated the same way, the method runs with the request's own capabilities, results are stamped
 * (`resultType`, cache hints), input a handler asks for becomes an input-required result, and
 * `subscriptions/listen` writes its notifications to stdout until the client cancels it.
 */
export class StdioStatelessHandler {
  private readonly requestState: RequestStateCodec;

  constructor(
    private readonly dispatcher: McpDispatcher,
    private readonly listen: ListenStreams,
    options: ResolvedMcpOptions,
    private readonly writer: JsonLineWriter,
  ) {
    this.requestState = new RequestStateCodec(options.requestState.secret, options.requestState.ttlMs);
  }

  /** Serves one request; `undefined` when the answer is a listen stream that ends without a response. */
  async handle(request: JsonRpcRequest, httpRequest: IncomingMessage, signal: AbortSignal): Promise<JsonRpcResponse | undefined> {
    try {
      const meta = validateStatelessMeta(request);
      if (request.method === 'subscriptions/listen') return await this.subscribe(request, signal);
      const params = request.params ?? {};
      const targetParam = INPUT_METHODS[request.method];
      const caller = callerKeyOf(httpRequest, httpRequest.headers);
      const binding = lazyBindingOf(request.method, targetParam ? params[targetParam] : undefined, params.arguments, caller);
      const answers = {
        ...objectOr(params.inputResponses),
        ...(params.requestState !== undefined ? this.requestState.open(params.requestState, binding()).answers : {}),
      };
      const rounds = new StatelessRequestChannel(answers, this.requestState, binding);
      const { response } = await this.dispatcher.dispatch(request, {
        codec: STATELESS_CODEC,
        protocolVersion: meta.protocolVersion,
        clientInfo: meta.clientInfo,
        clientCapabilities: meta.clientCapabilities,
        httpRequest,
        signal,
        logLevel: meta.logLevel ?? 'off',
        channel: new StdioStatelessChannel(rounds, this.writer),
      });
      return response;
    } catch (error) {
      if (!(error instanceof McpProtocolError)) throw error;
      return { jsonrpc: '2.0', id: request.id, error: error.toJsonRpc() };
    }
  }

  /** Writes the subscription's notifications until the request is cancelled or the connection closes. */
  private subscribe(request: JsonRpcRequest, signal: AbortSignal): Promise<undefined> {
    const stream = this.listen.open(request.id, request.params ?? {}, {});
    return new Promise((resolve) => {
      const sink: SseSink = {
        bufferedBytes: 0,
        sendEvent: (event) => {
          if (event.data !== undefined && !signal.aborted) this.writer.send(event.data);
        },
        sendComment: () => undefined,
        drained: () => Promise.resolve(),
        drop: () => sink.close(),
        close: () => {
          for (const listener of listeners.splice(0)) listener();
          resolve(undefined);
        },
        onClose: (listener) => listeners.push(listener),
      };
      const listeners: Array<() => void> = [];
      signal.addEventListener('abort', () => sink.close(), { once: true });
      stream.start(sink);
      if (signal.aborted) sink.close();
    });
  }
}

function objectOr(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
