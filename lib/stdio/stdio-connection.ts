import type { IncomingMessage } from 'node:http';
import { Logger } from '@nestjs/common';
import { McpCancelledError } from '../errors/mcp-cancelled.error.js';
import { userOf } from '../auth/request-user.js';
import { McpProtocolError } from '../errors/mcp-protocol.error.js';
import { JsonRpcErrorCode } from '../protocol/json-rpc-error-codes.js';
import { classifyMessage, readMessageId } from '../json-rpc/json-rpc.parser.js';
import type { JsonRpcId, JsonRpcNotification, JsonRpcRequest, JsonRpcResponse } from '../protocol/json-rpc.types.js';
import type { McpDispatcher } from '../json-rpc/mcp.dispatcher.js';
import type { McpRegistry } from '../discovery/mcp.registry.js';
import type { ResolvedMcpOptions } from '../mcp-options.resolver.js';
import type { McpSessionManager } from '../sessions/mcp-session.manager.js';
import type { ListenStreams } from '../transport/stateless/listen-streams.js';
import type { ClientRequests } from '../transport/streaming/client-requests.js';
import type { StreamHub } from '../transport/streaming/stream-hub.js';
import type { JsonLineEvent } from './json-line.reader.js';
import type { JsonLineWriter } from './json-line.writer.js';
import type { StdioCaller } from './stdio-caller.js';
import { StdioClientRequests } from './stdio-client-requests.js';
import { stdioScopeRefusal } from './stdio-scope.check.js';
import { StdioSessionHandler } from './stdio-session.handler.js';
import { isStatelessRequest, StdioStatelessHandler } from './stdio-stateless.handler.js';

/** The parts of the MCP module a stdio connection talks to. */
export interface StdioProtocol {
  readonly dispatcher: McpDispatcher;
  readonly sessions: McpSessionManager;
  readonly hub: StreamHub;
  readonly clientRequests: ClientRequests;
  readonly listen: ListenStreams;
  readonly options: ResolvedMcpOptions;
  readonly registry: McpRegistry;
}

/**
 * One client talking JSON-RPC over stdio. Every line is one message: requests run concurrently (so the client can
 * answer an elicitation while the tool waits for it), each answered on its own line when done; notifications and
 * responses are routed at once. Nothing a client sends stops the connection: a malformed line is answered with an
 * error and the next line is read.
 */
export class StdioConnection {
  private readonly logger = new Logger('McpStdio');
  private readonly inFlight = new Map<string, AbortController>();
  private readonly running = new Set<Promise<void>>();
  private readonly clientRequests: StdioClientRequests;
  private readonly session: StdioSessionHandler;
  private readonly stateless: StdioStatelessHandler;
  private closing?: Promise<void>;
  private opening?: Promise<void>;

  constructor(
    private readonly protocol: StdioProtocol,
    private readonly writer: JsonLineWriter,
    private readonly createRequest: () => IncomingMessage,
    private readonly caller: StdioCaller,
    private readonly maxLineBytes: number,
  ) {
    this.clientRequests = new StdioClientRequests(writer, protocol.options.clientRequestTimeoutMs);
    this.session = new StdioSessionHandler(protocol.dispatcher, protocol.sessions, protocol.hub, writer, this.clientRequests);
    this.stateless = new StdioStatelessHandler(protocol.dispatcher, protocol.listen, protocol.options, writer);
  }

  /** Handles one framed line (or the news that one was too long). */
  receive(event: JsonLineEvent): void {
    if (event.kind === 'oversized') {
      this.sendError(
        null,
        new McpProtocolError(
          JsonRpcErrorCode.SERVER_ERROR,
          `A message is longer than the ${this.maxLineBytes}-byte limit (the "maxLineBytes" option of McpStdio.serve()); it was skipped.`,
        ),
      );
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(event.text);
    } catch (error) {
      this.sendError(null, McpProtocolError.parseError(`A line is not valid JSON (${(error as Error).message}). Send one JSON-RPC message per line.`));
      return;
    }
    let parsed: ReturnType<typeof classifyMessage>;
    try {
      parsed = classifyMessage(value);
    } catch (error) {
      this.sendError(readMessageId(value), error as McpProtocolError);
      return;
    }
    // Messages a client pipelines behind initialize (notifications/initialized first) wait until the session exists.
    const opening = this.opening;
    const handle = (): Promise<void> => {
      switch (parsed.kind) {
        case 'request':
          return this.request(parsed.message);
        case 'notification':
          return this.notification(parsed.message);
        case 'response':
          return this.response(parsed.message);
      }
    };
    const work = opening ? opening.then(handle) : handle();
    if (parsed.kind === 'request' && parsed.message.method === 'initialize' && !isStatelessRequest(parsed.message)) {
      const done = work.catch(() => undefined);
      this.opening = done;
      void done.then(() => {
        if (this.opening === done) this.opening = undefined;
      });
    }
    this.track(work);
  }

  /**
   * The input ended: the client can no longer answer server-to-client requests, so those fail; requests already
   * running finish and their responses are still written. Resolves when nothing runs any more.
   */
  async drain(): Promise<void> {
    this.clientRequests.abandonAll('The client closed its input.');
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  /** Stops everything: running requests are aborted, the session ends, and nothing more is written. */
  close(reason: string): Promise<void> {
    this.closing ??= this.stop(reason);
    return this.closing;
  }

  private async stop(reason: string): Promise<void> {
    for (const controller of this.inFlight.values()) controller.abort(new McpCancelledError(reason));
    this.clientRequests.abandonAll(reason);
    await Promise.allSettled([...this.running]);
    await this.session.close().catch((error: unknown) => this.logger.warn(`Ending the stdio session failed: ${String(error)}`));
    this.writer.close();
  }

  private async request(request: JsonRpcRequest): Promise<void> {
    const key = keyOf(request.id);
    if (this.inFlight.has(key)) {
      this.sendError(
        request.id,
        McpProtocolError.invalidRequest(`Request id ${JSON.stringify(request.id)} belongs to a request still in progress. Use a new id for every request.`),
      );
      return;
    }
    const controller = new AbortController();
    this.inFlight.set(key, controller);
    let response: JsonRpcResponse | undefined;
    try {
      const httpRequest = this.createRequest();
      await this.caller.identify(httpRequest);
      const refusal = stdioScopeRefusal(this.protocol.registry, request, userOf(httpRequest));
      if (refusal) throw refusal;
      response = isStatelessRequest(request)
        ? await this.stateless.handle(request, httpRequest, controller.signal)
        : await this.session.handle(request, httpRequest, controller.signal);
    } catch (error) {
      // The handlers answer their own protocol errors; these come from establishing the caller and checking scopes.
      if (!(error instanceof McpProtocolError)) this.logger.error(`"${request.method}" failed: ${(error as Error)?.stack ?? String(error)}`);
      const answer = error instanceof McpProtocolError ? error : McpProtocolError.internal();
      response = { jsonrpc: '2.0', id: request.id, error: answer.toJsonRpc() };
    } finally {
      this.inFlight.delete(key);
    }
    // A cancelled request gets no response: the client has stopped waiting for it.
    if (response && !controller.signal.aborted) this.writer.send(response);
  }

  private async notification(notification: JsonRpcNotification): Promise<void> {
    if (notification.method === 'notifications/cancelled') {
      const requestId = notification.params?.requestId;
      const reason = notification.params?.reason;
      if (typeof requestId === 'string' || typeof requestId === 'number') {
        this.inFlight
          .get(keyOf(requestId))
          ?.abort(new McpCancelledError(typeof reason === 'string' ? reason : 'The client cancelled the request.'));
      }
      return;
    }
    await this.session.notify(notification);
  }

  /** A client's answer: to a request of a running handler, else (a task's input request) to the module. */
  private async response(message: JsonRpcResponse): Promise<void> {
    if (this.clientRequests.settle(message)) return;
    const sessionId = this.session.sessionId;
    if (sessionId) await this.protocol.clientRequests.deliver(sessionId, message);
  }

  private sendError(id: JsonRpcId | null, error: McpProtocolError): void {
    this.writer.send({ jsonrpc: '2.0', id, error: error.toJsonRpc() });
  }

  /** Keeps a running piece of work until it ends; its failure is logged, never thrown at the input loop. */
  private track(work: Promise<void>): void {
    const tracked = work.catch((error: unknown) => this.logger.error(`A stdio message failed: ${(error as Error)?.stack ?? String(error)}`));
    this.running.add(tracked);
    void tracked.finally(() => this.running.delete(tracked));
  }
}

function keyOf(id: JsonRpcId): string {
  return `${typeof id}:${id}`;
}
