import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { McpClientError } from '../../errors/mcp-client.error.js';
import type { JsonRpcResponse } from '../../protocol/json-rpc.types.js';
import { MCP_RESOLVED_OPTIONS, type ResolvedMcpOptions } from '../../mcp-options.resolver.js';
import { McpBusTopic, McpMessageBus } from '../../stores/mcp-message.bus.js';
import { StreamHub } from './stream-hub.js';
import { McpCancelledError } from '../../errors/mcp-cancelled.error.js';
import { inBackground } from '../../errors/background.js';
import { ShutdownDrain } from '../../lifecycle/shutdown-drain.js';

/** A client's response as it travels on the bus from the instance that received the POST. */
export interface ClientResponseEnvelope {
  sessionId: string;
  message: JsonRpcResponse;
}

interface Pending {
  sessionId: string;
  resolve(result: Record<string, unknown>): void;
  reject(error: Error): void;
}

/**
 * Server-to-client requests (`elicitation/create`, `sampling/createMessage`, `roots/list`): sends them on a stream
 * and waits for the client's answer, which arrives as its own POST, possibly on another instance, and reaches the
 * waiting handler through the message bus.
 */
@Injectable()
export class ClientRequests implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger('McpClientRequests');
  private readonly pending = new Map<string, Pending>();
  private readonly prefix = randomBytes(6).toString('base64url');
  private counter = 0;
  private unsubscribe?: () => Promise<void>;

  constructor(
    private readonly hub: StreamHub,
    private readonly bus: McpMessageBus,
    private readonly shutdown: ShutdownDrain,
    @Inject(MCP_RESOLVED_OPTIONS) private readonly options: ResolvedMcpOptions,
  ) {}

  async onModuleInit(): Promise<void> {
    this.unsubscribe = await this.bus.subscribe(McpBusTopic.CLIENT_RESPONSE, (envelope) =>
      this.settle(envelope as ClientResponseEnvelope),
    );
  }

  /** Routes a client's response POST to whichever instance is waiting for it. */
  deliver(sessionId: string, message: JsonRpcResponse): Promise<void> {
    return this.bus.publish(McpBusTopic.CLIENT_RESPONSE, { sessionId, message } satisfies ClientResponseEnvelope);
  }

  /**
   * Sends a request to the client on `streamId` and resolves with its result. Rejects with {@link McpClientError}
   * when the client answers with an error, when `clientRequestTimeoutMs` passes, or when `signal` aborts (the client
   * is then told with `notifications/cancelled`).
   */
  async send(
    sessionId: string,
    streamId: string,
    method: string,
    params: Record<string, unknown>,
    signal: AbortSignal,
  ): Promise<Record<string, unknown>> {
    signal.throwIfAborted();
    const id = `${this.prefix}-${++this.counter}`;
    const answer = new Promise<Record<string, unknown>>((resolve, reject) => {
      this.pending.set(id, { sessionId, resolve, reject });
    });
    const timeout = setTimeout(
      () => this.fail(id, new McpClientError(method, `The client did not answer "${method}" within ${this.options.clientRequestTimeoutMs} ms.`)),
      this.options.clientRequestTimeoutMs,
    ).unref();
    const onAbort = () => {
      this.fail(id, new McpClientError(method, `"${method}" was abandoned: the request it served was cancelled.`));
      inBackground(this.hub.emit(streamId, {
        jsonrpc: '2.0',
        method: 'notifications/cancelled',
        params: { requestId: id, reason: 'The server no longer needs the answer.' },
      }), this.logger, 'Cancelling a client request');
    };
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      await this.hub.emit(streamId, { jsonrpc: '2.0', id, method, params });
      return await answer;
    } finally {
      clearTimeout(timeout);
      signal.removeEventListener('abort', onAbort);
      this.pending.delete(id);
    }
  }

  /** Running requests may still need their client's answers during `shutdown.graceMs`. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.shutdown.drain();
    for (const id of [...this.pending.keys()]) this.fail(id, new McpCancelledError('The server is shutting down.'));
    void this.unsubscribe?.();
  }

  private settle({ sessionId, message }: ClientResponseEnvelope): void {
    const pending = this.pending.get(String(message.id));
    if (!pending || pending.sessionId !== sessionId) return;
    this.pending.delete(String(message.id));
    if ('error' in message) {
      pending.reject(new McpClientError(String(message.id), message.error.message, message.error.code, message.error.data));
    } else {
      pending.resolve((message.result as Record<string, unknown> | undefined) ?? {});
    }
  }

  private fail(id: string, error: Error): void {
    const pending = this.pending.get(id);
    this.pending.delete(id);
    pending?.reject(error);
  }
}
