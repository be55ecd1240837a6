import { Injectable, type BeforeApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { JsonRpcId } from '../protocol/json-rpc.types.js';
import { McpCancelledError } from '../errors/mcp-cancelled.error.js';
import { McpProtocolError } from '../errors/mcp-protocol.error.js';
import { McpBusTopic, McpMessageBus } from '../stores/mcp-message.bus.js';
import { ShutdownDrain } from '../lifecycle/shutdown-drain.js';

/** A cancellation as it travels on the bus: one request of a session, or all of them (no `requestId`). */
interface Cancellation {
  sessionId: string;
  requestId?: JsonRpcId;
  reason?: string;
}

/**
 * The requests this instance is serving, by session and JSON-RPC id, so `notifications/cancelled` (received by any
 * instance and carried by the message bus) aborts the right handler. Entries live exactly as long as their request.
 */
@Injectable()
export class InFlightRequests implements OnModuleInit, BeforeApplicationShutdown {
  private readonly controllers = new Map<string, Pick<AbortController, 'abort'>>();
  private unsubscribe?: () => Promise<void>;

  constructor(
    private readonly bus: McpMessageBus,
    private readonly shutdown: ShutdownDrain,
  ) {}

  async onModuleInit(): Promise<void> {
    this.unsubscribe = await this.bus.subscribe(McpBusTopic.CANCEL, (message) => {
      const { sessionId, requestId, reason } = message as Cancellation;
      if (requestId === undefined) this.abortSessionLocal(sessionId, reason);
      else this.abortLocal(sessionId, requestId, reason);
    });
  }

  /** Cancels a request wherever it runs. */
  cancel(sessionId: string, requestId: JsonRpcId, reason?: string): Promise<void> {
    return this.bus.publish(McpBusTopic.CANCEL, { sessionId, requestId, reason } satisfies Cancellation);
  }

  /** Cancels every request of a session wherever it runs: the session ended, and nobody can use their answers. */
  cancelSession(sessionId: string, reason: string): Promise<void> {
    return this.bus.publish(McpBusTopic.CANCEL, { sessionId, reason } satisfies Cancellation);
  }

  /** Lets running requests finish within `shutdown.graceMs`, then aborts the rest. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.shutdown.drain();
    this.abortAll('The server is shutting down.');
    void this.unsubscribe?.();
  }

  /**
   * Tracks a request; returns a function that stops tracking it. Throws -32600 when the session already has a
   * request in flight with the same id on this instance: ids must be unique among a session's in-flight requests,
   * and a duplicate must not take over the first request's cancellation.
   */
  track(sessionId: string, id: JsonRpcId, controller: Pick<AbortController, 'abort'>): () => void {
    const key = keyOf(sessionId, id);
    if (this.controllers.has(key)) {
      throw McpProtocolError.invalidRequest(
        `Request id ${JSON.stringify(id)} is already used by a request of this session that is still in flight. Send each request with a new id.`,
      );
    }
    this.controllers.set(key, controller);
    const leave = this.shutdown.enter();
    return () => {
      leave();
      if (this.controllers.get(key) === controller) this.controllers.delete(key);
    };
  }

  /** Aborts a tracked request, if this instance serves it. */
  private abortLocal(sessionId: string, id: JsonRpcId, reason?: string): boolean {
    const controller = this.controllers.get(keyOf(sessionId, id));
    controller?.abort(new McpCancelledError(reason ?? 'The client cancelled the request.'));
    return Boolean(controller);
  }

  /** Aborts the requests of a session this instance serves. */
  private abortSessionLocal(sessionId: string, reason?: string): void {
    const prefix = `${sessionId}\u0000`;
    for (const [key, controller] of this.controllers) {
      if (key.startsWith(prefix)) controller.abort(new McpCancelledError(reason ?? 'The session ended.'));
    }
  }

  /** Aborts everything (application shutdown). */
  abortAll(reason: string): void {
    for (const controller of this.controllers.values()) controller.abort(new McpCancelledError(reason));
    this.controllers.clear();
  }
}

function keyOf(sessionId: string, id: JsonRpcId): string {
  return `${sessionId}\u0000${typeof id}:${id}`;
}
