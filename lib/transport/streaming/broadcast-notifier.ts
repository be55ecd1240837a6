import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { McpRegistry } from '../../discovery/mcp.registry.js';
import type { McpListKind } from '../../discovery/mcp-registry-change.js';
import { McpBusTopic, McpMessageBus } from '../../stores/mcp-message.bus.js';
import { McpSessionManager } from '../../sessions/mcp-session.manager.js';
import type { McpBroadcastMember } from '../../stores/mcp-event.store.js';
import { StreamHub } from './stream-hub.js';
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
 * Tells sessions about server-wide changes on their GET streams: tool, resource and prompt list changes (from
 * {@link McpRegistry}) and updates of resources they subscribed to. The instance where the change happens stores
 * the notification in the log of every session's GET stream that is a broadcast member (see
 * {@link StreamHub.broadcastMembers}: attached on any instance, or recently), with one store call, and whichever
 * instance holds each connection delivers it. The message bus carries it to `subscriptions/listen` streams. List
 * changes within one tick are sent once; an instance stores its notifications in the order they happen.
 */
@Injectable()
export class BroadcastNotifier implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('McpNotifications');
  private readonly pendingLists = new Set<McpListKind>();
  private readonly stops: Array<() => unknown> = [];
  private ready = false;
  /** The last notification being stored: the next one waits for it, so they keep their order. */
  private storing: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly registry: McpRegistry,
    private readonly bus: McpMessageBus,
    private readonly hub: StreamHub,
    private readonly sessions: McpSessionManager,
  ) {}

  onModuleInit(): void {
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

  private publish(broadcast: Broadcast): Promise<unknown> {
    const stored = this.storing.then(() => this.store(broadcast));
    this.storing = stored.catch(() => undefined);
    return Promise.all([stored, this.bus.publish(McpBusTopic.BROADCAST, broadcast)]);
  }

  private async store(broadcast: Broadcast): Promise<void> {
    const notification = { jsonrpc: '2.0', method: broadcast.method, ...(broadcast.params ? { params: broadcast.params } : {}) };
    const members = await this.hub.broadcastMembers();
    const recipients = broadcast.subscribedUri === undefined ? members : await this.subscribersAmong(members, broadcast.subscribedUri);
    await this.hub.broadcast(recipients.map((member) => member.streamId), notification);
  }

  /** The members whose session subscribed to `uri` (their sessions are read all at once). */
  private async subscribersAmong(members: readonly McpBroadcastMember[], uri: string): Promise<McpBroadcastMember[]> {
    const sessions = await Promise.all(members.map((member) => this.sessions.find(member.sessionId)));
    return members.filter((_, index) => sessions[index]?.subscriptions.includes(uri));
  }
}
