import { Inject, Injectable, Logger } from '@nestjs/common';
import { MCP_RESOLVED_OPTIONS, type ResolvedMcpOptions } from '../mcp-options.resolver.js';
import { STATEFUL_CODEC } from '../codecs/stateful.codec.js';
import { callerKeyOf } from '../auth/caller-key.js';
import { McpProtocolError } from '../errors/mcp-protocol.error.js';
import { JsonRpcErrorCode } from '../protocol/json-rpc-error-codes.js';
import type { ParsedMessage } from '../json-rpc/json-rpc.parser.js';
import type { JsonRpcNotification, JsonRpcRequest } from '../protocol/json-rpc.types.js';
import { McpDispatcher } from '../json-rpc/mcp.dispatcher.js';
import { LazySignalScope } from '../context/mcp-request-scope.js';
import type { McpClientCapabilities, McpImplementation } from '../protocol/mcp-types.js';
import { negotiateStatefulVersion } from '../protocol/protocol-version.js';
import type { McpSession } from '../stores/mcp-session.js';
import { InFlightRequests } from './in-flight-requests.js';
import { acceptedReply, errorReply } from './json-rpc-replies.js';
import { McpSessionManager } from '../sessions/mcp-session.manager.js';
import { acceptedAnswers } from './accepted-answers.js';
import { answerJsonOrSse, asAccepted } from './json-or-sse.js';
import { headerOf, StatefulSessionReader } from './stateful-session.reader.js';
import { sessionStream } from './stateful-stream.handler.js';
import { ClientRequests } from './streaming/client-requests.js';
import { SseRequestChannel } from './streaming/sse-request-channel.js';
import { StreamHub } from './streaming/stream-hub.js';
import { OrphanedStreamWatcher } from './streaming/orphaned-stream.watcher.js';
import { CallConnection } from './streaming/call-connection.js';
import { McpCancelledError } from '../errors/mcp-cancelled.error.js';
import {
  MCP_PROTOCOL_VERSION_HEADER,
  MCP_SESSION_ID_HEADER,
  type McpHttpAnswer,
  type McpHttpExchange,
} from './mcp-http.types.js';
import { inBackground } from '../errors/background.js';

/** Methods a session may call before the client sent `notifications/initialized`. */
const ALLOWED_BEFORE_INITIALIZED = new Set(['ping']);

/**
 * POSTs on the stateful (2025-11-25, 2025-06-18, 2025-03-26) Streamable HTTP wire: `initialize` opens a session,
 * later requests, notifications and the client's responses carry its `Mcp-Session-Id`. GET and DELETE are
 * {@link StatefulStreamHandler}'s.
 */
@Injectable()
export class StatefulPostHandler {
  private readonly logger = new Logger('McpTransport');

  constructor(
    private readonly dispatcher: McpDispatcher,
    private readonly sessions: McpSessionManager,
    private readonly sessionReader: StatefulSessionReader,
    private readonly inFlight: InFlightRequests,
    private readonly hub: StreamHub,
    private readonly clientRequests: ClientRequests,
    private readonly orphans: OrphanedStreamWatcher,
    @Inject(MCP_RESOLVED_OPTIONS) private readonly options: ResolvedMcpOptions,
  ) {}

  /** Handles one parsed message POSTed on the stateful wire. */
  async post(exchange: McpHttpExchange, parsed: ParsedMessage): Promise<McpHttpAnswer> {
    const sessionId = headerOf(exchange, MCP_SESSION_ID_HEADER);
    if (parsed.kind === 'request' && parsed.message.method === 'initialize') {
      return this.initialize(parsed.message, sessionId, exchange);
    }
    const id = parsed.kind === 'request' ? parsed.message.id : null;
    let session: McpSession;
    try {
      const completesInitialization = parsed.kind === 'notification' && parsed.message.method === 'notifications/initialized';
      session = await this.sessionReader.require(sessionId, exchange, completesInitialization);
    } catch (error) {
      return errorReply(error, id);
    }
    const headers = { [MCP_PROTOCOL_VERSION_HEADER]: session.protocolVersion };
    switch (parsed.kind) {
      case 'notification':
        await this.notify(parsed.message, session);
        return acceptedReply(headers);
      case 'response':
        await this.clientRequests.deliver(session.id, parsed.message);
        return acceptedReply(headers);
      case 'request':
        return this.request(parsed.message, session, exchange, headers);
    }
  }

  private async initialize(
    request: JsonRpcRequest,
    sessionId: string | undefined,
    exchange: McpHttpExchange,
  ): Promise<McpHttpAnswer> {
    if (sessionId) {
      return errorReply(
        McpProtocolError.invalidRequest(
          'initialize must not carry an Mcp-Session-Id header: the session is already initialized. Send initialize without it to start a new session.',
        ),
        request.id,
      );
    }
    const params = request.params ?? {};
    if (typeof params.protocolVersion !== 'string') {
      return errorReply(McpProtocolError.invalidParams('initialize needs "protocolVersion" as a string.', undefined, 'rejected'), request.id);
    }
    const protocolVersion = negotiateStatefulVersion(params.protocolVersion);
    const clientCapabilities = objectOr<McpClientCapabilities>(params.capabilities, {});
    const clientInfo = objectOr<McpImplementation | undefined>(params.clientInfo, undefined);
    const storedBytes = Buffer.byteLength(JSON.stringify({ clientCapabilities, clientInfo }));
    if (storedBytes > this.options.session.maxClientInfoBytes) {
      return errorReply(
        McpProtocolError.invalidParams(
          `initialize "capabilities" and "clientInfo" take ${storedBytes} bytes; this server keeps at most ${this.options.session.maxClientInfoBytes}. Send only the capabilities the client has.`,
          undefined,
          'rejected',
        ),
        request.id,
      );
    }
    let session: McpSession;
    try {
      session = await this.sessions.create({
        protocolVersion,
        clientInfo,
        clientCapabilities,
        owner: callerKeyOf(exchange.request, exchange.headers),
      });
    } catch (error) {
      return errorReply(error, request.id);
    }
    const scope = new LazySignalScope(
      { codec: STATEFUL_CODEC, session, protocolVersion, clientInfo, clientCapabilities, httpRequest: exchange.request },
      () => exchange.signal,
    );
    const { response } = await this.dispatcher.dispatch(request, scope);
    return asAccepted(
      {
        kind: 'reply',
        status: 200,
        headers: { [MCP_SESSION_ID_HEADER]: session.id, [MCP_PROTOCOL_VERSION_HEADER]: protocolVersion },
        body: { jsonrpc: response.jsonrpc, id: response.id, ...('result' in response ? { result: response.result } : { error: response.error }) },
      },
      acceptedAnswers(headerOf(exchange, 'accept')).json,
    );
  }

  private async request(
    request: JsonRpcRequest,
    session: McpSession,
    exchange: McpHttpExchange,
    headers: Record<string, string>,
  ): Promise<McpHttpAnswer> {
    if (!session.initialized && !ALLOWED_BEFORE_INITIALIZED.has(request.method)) {
      return errorReply(
        new McpProtocolError(
          JsonRpcErrorCode.NOT_INITIALIZED,
          `"${request.method}" came before the session finished initializing. Send notifications/initialized first.`,
          undefined,
          'rejected',
        ),
        request.id,
        headers,
      );
    }
    let untrack: () => void;
    try {
      untrack = this.inFlight.track(session.id, request.id, exchange.abort);
    } catch (error) {
      return errorReply(error, request.id, headers);
    }
    const accepted = acceptedAnswers(headerOf(exchange, 'accept'));
    const channel = new SseRequestChannel(this.hub, this.clientRequests, session.id, accepted.sse);
    const scope = new LazySignalScope(
      {
        codec: STATEFUL_CODEC,
        session,
        protocolVersion: session.protocolVersion,
        clientInfo: session.clientInfo,
        clientCapabilities: session.clientCapabilities,
        httpRequest: exchange.request,
        logLevel: session.logLevel,
        channel,
      },
      () => exchange.signal,
    );
    // `then` with both callbacks rather than `finally`: the same stop on either outcome, two microtask turns sooner.
    const dispatching = this.dispatcher.dispatch(request, scope).then(
      (outcome) => {
        untrack();
        return outcome;
      },
      (error: unknown) => {
        untrack();
        throw error;
      },
    );
    return answerJsonOrSse(dispatching, channel, {
      json: ({ response, error }) =>
        asAccepted({ kind: 'reply', status: error ? STATEFUL_CODEC.httpStatus(error, true) : 200, headers, body: response }, accepted.json),
      sse: () => {
        const streamId = channel.streamId!;
        this.hub.answersRequest(streamId, request.id);
        // Recorded so that, if this instance dies, another one can end the stream for a client that resumes there.
        const produced = this.orphans.produce(streamId, request.id);
        // The answer now streams, and a client that drops the stream can resume it: only cancellation aborts.
        exchange.abort.detachFromClient();
        const connection = new CallConnection(request.id);
        inBackground(
          dispatching
            .then(async ({ response }) => {
              try {
                await this.hub.emit(streamId, response);
                await this.hub.end(streamId);
              } catch (error) {
                // The store failed: the client connected here still gets the response, then the stream closes.
                connection.finish(response);
                throw error;
              }
            })
            .finally(produced),
          this.logger,
          `Streaming the response to request ${JSON.stringify(request.id)}`,
        );
        return sessionStream(session, async (sink) => {
          let failure: McpProtocolError | undefined;
          try {
            if (!(await this.hub.attach(streamId, session.id, connection.wrap(sink), -1))) failure = streamLost();
          } catch (error) {
            failure = error instanceof McpProtocolError ? error : streamLost();
          }
          if (failure) {
            // The stream could not be read back (the store failed or lost it): the call is refused, and stopped.
            connection.fail(failure);
            exchange.abort.abort(new McpCancelledError('The call\'s stream could not be read back from the store.'));
            return;
          }
          if (channel.wasClosedEarly) sink.close();
        });
      },
    });
  }

  private async notify(notification: JsonRpcNotification, session: McpSession): Promise<void> {
    if (notification.method === 'notifications/initialized' && !session.initialized) {
      await this.sessions.markInitialized(session);
    } else if (notification.method === 'notifications/cancelled') {
      const requestId = notification.params?.requestId;
      if (typeof requestId === 'string' || typeof requestId === 'number') {
        const reason = notification.params?.reason;
        await this.inFlight.cancel(session.id, requestId, typeof reason === 'string' ? reason : undefined);
      }
    }
  }

}

/** The refusal of a call whose new stream the store could not give back (it was lost in a Redis restart). */
function streamLost(): McpProtocolError {
  return new McpProtocolError(
    JsonRpcErrorCode.SERVER_ERROR,
    'The server lost the stream of this call in its shared store. Retry the call.',
    undefined,
    'overloaded',
  );
}

function objectOr<T>(value: unknown, fallback: T): T {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as T) : fallback;
}
