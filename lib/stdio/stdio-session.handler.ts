import { STATEFUL_CODEC } from '../codecs/stateful.codec.js';
import type { IncomingMessage } from 'node:http';
import { McpProtocolError } from '../errors/mcp-protocol.error.js';
import { JsonRpcErrorCode } from '../protocol/json-rpc-error-codes.js';
import type { JsonRpcNotification, JsonRpcRequest, JsonRpcResponse } from '../protocol/json-rpc.types.js';
import type { McpDispatcher } from '../json-rpc/mcp.dispatcher.js';
import type { McpRequestScope } from '../context/mcp-request-scope.js';
import { LATEST_STATEFUL_PROTOCOL_VERSION, negotiateStatefulVersion } from '../protocol/protocol-version.js';
import type { McpClientCapabilities, McpImplementation } from '../protocol/mcp-types.js';
import type { McpSession } from '../stores/mcp-session.js';
import type { McpSessionManager } from '../sessions/mcp-session.manager.js';
import type { StreamHub } from '../transport/streaming/stream-hub.js';
import type { JsonLineWriter } from './json-line.writer.js';
import type { StdioClientRequests } from './stdio-client-requests.js';
import { StdioRequestChannel } from './stdio-request-channel.js';
import { openSessionOutlet } from './stdio-session-outlet.js';

/**
 * The one 2025-11-25 session of a stdio connection: `initialize` opens it (the version negotiated as on HTTP),
 * `notifications/initialized` completes it, and every later request without a 2026-07-28 `_meta` runs in it.
 * The process is the session: there is no session id on the wire, and the session ends with the connection.
 */
export class StdioSessionHandler {
  private session?: McpSession;
  private initializing = false;
  private closeOutlet?: () => Promise<void>;

  constructor(
    private readonly dispatcher: McpDispatcher,
    private readonly sessions: McpSessionManager,
    private readonly hub: StreamHub,
    private readonly writer: JsonLineWriter,
    private readonly clientRequests: StdioClientRequests,
  ) {}

  /** The session's id, once `initialize` opened it. */
  get sessionId(): string | undefined {
    return this.session?.id;
  }

  /** Serves one request of the session. */
  async handle(request: JsonRpcRequest, httpRequest: IncomingMessage, signal: AbortSignal): Promise<JsonRpcResponse> {
    try {
      if (request.method === 'initialize') return await this.initialize(request, httpRequest, signal);
      const session = this.session;
      if (!session && request.method !== 'ping') {
        throw new McpProtocolError(
          JsonRpcErrorCode.NOT_INITIALIZED,
          `"${request.method}" came before initialize. Send initialize first (2025-11-25), or send 2026-07-28 requests with "_meta" in their params.`,
        );
      }
      if (session && !session.initialized && request.method !== 'ping') {
        throw new McpProtocolError(
          JsonRpcErrorCode.NOT_INITIALIZED,
          `"${request.method}" came before the session finished initializing. Send notifications/initialized first.`,
        );
      }
      if (session) await this.keepStored(session);
      const { response } = await this.dispatcher.dispatch(request, this.scope(httpRequest, signal));
      return response;
    } catch (error) {
      if (!(error instanceof McpProtocolError)) throw error;
      return { jsonrpc: '2.0', id: request.id, error: error.toJsonRpc() };
    }
  }

  /** Handles a notification addressed to the session (`notifications/initialized`). */
  async notify(notification: JsonRpcNotification): Promise<void> {
    const session = this.session;
    if (notification.method === 'notifications/initialized' && session && !session.initialized) {
      this.session = { ...session, initialized: true };
      await this.sessions.markInitialized(session);
    }
  }

  /** Ends the session: its outlet stops and the store forgets it. */
  async close(): Promise<void> {
    const session = this.session;
    if (!session) return;
    await this.closeOutlet?.();
    await this.sessions.end(session.id);
  }

  private async initialize(request: JsonRpcRequest, httpRequest: IncomingMessage, signal: AbortSignal): Promise<JsonRpcResponse> {
    if (this.session || this.initializing) {
      throw McpProtocolError.invalidRequest(
        'The session is already initialized: a stdio connection has exactly one, opened by its first initialize. Restart the server to start over.',
      );
    }
    const params = request.params ?? {};
    if (typeof params.protocolVersion !== 'string') {
      throw McpProtocolError.invalidParams('initialize needs "protocolVersion" as a string.');
    }
    this.initializing = true;
    try {
      this.session = await this.sessions.create({
        protocolVersion: negotiateStatefulVersion(params.protocolVersion),
        clientInfo: objectOr<McpImplementation | undefined>(params.clientInfo, undefined),
        clientCapabilities: objectOr<McpClientCapabilities>(params.capabilities, {}),
      });
    } finally {
      this.initializing = false;
    }
    this.closeOutlet = await openSessionOutlet(this.hub, this.session.id, this.writer);
    const { response } = await this.dispatcher.dispatch(request, this.scope(httpRequest, signal));
    return response;
  }

  private scope(httpRequest: IncomingMessage, signal: AbortSignal): McpRequestScope {
    const session = this.session;
    return {
      codec: STATEFUL_CODEC,
      session,
      protocolVersion: session?.protocolVersion ?? LATEST_STATEFUL_PROTOCOL_VERSION,
      clientInfo: session?.clientInfo,
      clientCapabilities: session?.clientCapabilities ?? {},
      httpRequest,
      signal,
      logLevel: session?.logLevel,
      channel: new StdioRequestChannel(this.writer, this.clientRequests),
    };
  }

  /** The store forgets sessions idle past `session.idleTimeoutMs`; a stdio session lives as long as the process. */
  private async keepStored(session: McpSession): Promise<void> {
    if (!(await this.sessions.find(session.id))) await this.sessions.save(session);
  }
}

function objectOr<T>(value: unknown): T | undefined;
function objectOr<T>(value: unknown, fallback: T): T;
function objectOr<T>(value: unknown, fallback?: T): T | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as T) : fallback;
}
