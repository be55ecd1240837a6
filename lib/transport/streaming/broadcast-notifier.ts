import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { McpRegistry } from '../../discovery/mcp.registry.js';
import type { McpListKind } from '../../discovery/mcp-registry-change.js';
import { McpBusTopic, McpMessageBus } from '../../stores/mcp-message.bus.js';
import { McpSessionManager } from '../../sessions/mcp-session.manager.js';
import { StreamHub } from './stream-hub.js';
import { standaloneStreamId } from './stream-ids.js';
import { inBackground } from '../../errors/background.js';

/** A server-wide notification as it travels on the bus. */
interface Broadcast {
  method: string;
  params?: Record<string, unknown>;
  /** For resource updates: only sessions subscribed to this URI receive it. */
  subscribedUri?: string;
}

const LIST_CHANGED: Record<McpListKind, string> = {
  tools: 'notifications/tools/list_changed',
  resources: 'notifications/resources/list_changed',
  prompts: 'notifications/prompts/list_changed',
};

/**
 * Tells connected sessions about server-wide changes on their GET streams: tool, resource and prompt list changes
 * (from {@link McpRegistry}) and updates of resources they subscribed to. Changes made on any instance reach the
 * sessions of every instance through the message bus. List changes within one tick are sent once.
 */
@Injectable()
export class BroadcastNotifier implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('McpNotifications');
  private readonly pendingLists = new Set<McpListKind>();
  private readonly stops: Array<() => unknown> = [];
  private ready = false;

  constructor(
    private readonly registry: McpRegistry,
    private readonly bus: McpMessageBus,
    private readonly hub: StreamHub,
    private readonly sessions: McpSessionManager,
  ) {}

  async onModuleInit(): Promise<void> {
    this.stops.push(await this.bus.subscribe(McpBusTopic.BROADCAST, (message) => inBackground(this.deliver(message as Broadcast), this.logger, 'Delivering a notification')));
    this.stops.push(this.registry.onChange((kind) => this.listChanged(kind)));
    this.stops.push(this.registry.onResourceUpdated((uri) =>
        inBackground(this.publish({ method: 'notifications/resources/updated', params: { uri }, subscribedUri: uri }), this.logger, 'Announcing a resource update'),
      ));
  }

  /** Starts sending list changes once bootstrap discovery is over. */
  onApplicationBootstrap(): void {
    this.ready = true;
  }

  beforeApplicationShutdown(): void {
    for (const stop of this.stops.splice(0)) void stop();
  }

  private listChanged(kind: McpListKind): void {
    if (!this.ready) return;
    if (this.pendingLists.size === 0) {
      queueMicrotask(() => {
        for (const pending of this.pendingLists) {
          inBackground(this.publish({ method: LIST_CHANGED[pending] }), this.logger, 'Announcing a list change');
        }
        this.pendingLists.clear();
      });
    }
    this.pendingLists.add(kind);
  }

  private publish(broadcast: Broadcast): Promise<void> {
    return this.bus.publish(McpBusTopic.BROADCAST, broadcast);
  }

  private async deliver(broadcast: Broadcast): Promise<void> {
    const notification = { jsonrpc: '2.0', method: broadcast.method, ...(broadcast.params ? { params: broadcast.params } : {}) };
    // Each stream goes at its own reader's pace: a slow session does not hold up the others.
    const deliveries: Array<Promise<unknown>> = [];
    for (const sessionId of this.hub.localStandaloneSessions()) {
      if (broadcast.subscribedUri !== undefined) {
        const session = await this.sessions.find(sessionId);
        if (!session?.subscriptions.includes(broadcast.subscribedUri)) continue;
      }
      deliveries.push(this.hub.emit(standaloneStreamId(sessionId), notification));
    }
    await Promise.all(deliveries);
  }
}
