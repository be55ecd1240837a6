import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { McpProtocolError } from '../../errors/mcp-protocol.error.js';
import { MCP_RESOLVED_OPTIONS, type ResolvedMcpOptions } from '../../mcp-options.resolver.js';
import { MetaKey } from '../../protocol/stateless-protocol.js';
import { McpBusTopic, McpMessageBus } from '../../stores/mcp-message.bus.js';
import type { McpHttpStream } from '../mcp-http.types.js';
import type { SseSink } from '../streaming/sse-sink.js';
import { dropIfOverBuffered } from '../streaming/sink-pacing.js';
import { StreamHub } from '../streaming/stream-hub.js';
import { ShutdownDrain } from '../../lifecycle/shutdown-drain.js';
import { JsonRpcErrorCode } from '../../protocol/json-rpc-error-codes.js';
import { assertSubscriptionUriLength } from '../../sessions/subscription-limits.js';

/** What a `subscriptions/listen` request asks to receive (and, acknowledged, what the server agreed to send). */
export interface SubscriptionFilter {
  toolsListChanged?: boolean;
  promptsListChanged?: boolean;
  resourcesListChanged?: boolean;
  resourceSubscriptions?: string[];
}

interface Listener {
  readonly sink: SseSink;
  readonly filter: SubscriptionFilter;
  readonly subscriptionId: string;
  readonly requestId: string | number;
}

const FILTER_OF_METHOD: Record<string, keyof SubscriptionFilter> = {
  'notifications/tools/list_changed': 'toolsListChanged',
  'notifications/prompts/list_changed': 'promptsListChanged',
  'notifications/resources/list_changed': 'resourcesListChanged',
};

/**
 * `subscriptions/listen` streams (stateless wire): each one starts with `notifications/subscriptions/acknowledged`
 * echoing the filter the server honours, then carries only the notifications it asked for, every frame tagged with
 * its subscription id. List changes and resource updates from any instance arrive through the message bus.
 */
@Injectable()
export class ListenStreams implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger('McpListenStreams');
  private readonly listeners = new Set<Listener>();
  private unsubscribe?: () => Promise<void>;

  constructor(
    private readonly bus: McpMessageBus,
    private readonly hub: StreamHub,
    private readonly shutdown: ShutdownDrain,
    @Inject(MCP_RESOLVED_OPTIONS) private readonly options: ResolvedMcpOptions,
  ) {}

  async onModuleInit(): Promise<void> {
    this.unsubscribe = await this.bus.subscribe(McpBusTopic.BROADCAST, (message) =>
      this.deliver(message as { method: string; params?: Record<string, unknown>; subscribedUri?: string }),
    );
  }

  /**
   * Opens a listen stream for a request; refuses with HTTP 503 when this instance holds `streams.maxOpenStreams`
   * streams of any kind (listen streams count with the others), and with -32602 a filter naming more resources
   * than `session.maxSubscriptions` or a URI longer than `session.maxSubscriptionUriLength` (the stream keeps its
   * filter as long as it lasts). A client that leaves more than `streams.maxBufferedBytes` unread is dropped.
   */
  open(requestId: string | number, params: Record<string, unknown>, headers: Record<string, string>): McpHttpStream {
    this.hub.assertServerCapacity();
    const filter = honouredFilter(params.notifications, this.options.session);
    const subscriptionId = String(requestId);
    return {
      kind: 'stream',
      headers,
      start: (sink) => {
        const listener: Listener = { sink, filter, subscriptionId, requestId };
        this.listeners.add(listener);
        this.hub.countOpen(sink);
        const keepAlive = setInterval(() => sink.sendComment('keep-alive'), this.options.streams.keepAliveMs).unref();
        sink.onClose(() => {
          clearInterval(keepAlive);
          this.listeners.delete(listener);
        });
        this.send(listener, 'notifications/subscriptions/acknowledged', { notifications: filter });
      },
    };
  }

  /** After the grace period, each listen stream ends with a JSON-RPC error for its request, then closes. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.shutdown.drain();
    for (const listener of [...this.listeners]) {
      listener.sink.sendEvent({
        data: {
          jsonrpc: '2.0',
          id: listener.requestId,
          error: { code: JsonRpcErrorCode.SERVER_ERROR, message: 'The server is shutting down. Listen again on another instance or later.' },
        },
      });
      listener.sink.close();
    }
    void this.unsubscribe?.();
  }

  private deliver(broadcast: { method: string; params?: Record<string, unknown>; subscribedUri?: string }): void {
    const key = FILTER_OF_METHOD[broadcast.method];
    for (const listener of this.listeners) {
      const wanted =
        broadcast.subscribedUri !== undefined
          ? (listener.filter.resourceSubscriptions ?? []).includes(broadcast.subscribedUri)
          : key !== undefined && listener.filter[key] === true;
      if (wanted) this.send(listener, broadcast.method, broadcast.params ?? {});
    }
  }

  private send(listener: Listener, method: string, params: Record<string, unknown>): void {
    if (dropIfOverBuffered(listener.sink, this.options.streams, this.logger)) return;
    listener.sink.sendEvent({
      data: {
        jsonrpc: '2.0',
        method,
        params: { ...params, _meta: { [MetaKey.SUBSCRIPTION_ID]: listener.subscriptionId } },
      },
    });
  }
}

/**
 * The part of a requested filter this server honours (every kind it knows of; unknown keys are dropped). Resource
 * subscriptions are bounded as a session's are (`session.maxSubscriptions`, `session.maxSubscriptionUriLength`).
 */
function honouredFilter(requested: unknown, limits: ResolvedMcpOptions['session']): SubscriptionFilter {
  if (!requested || typeof requested !== 'object') {
    throw McpProtocolError.invalidParams('subscriptions/listen needs "notifications": an object saying what to receive.');
  }
  const filter = requested as Record<string, unknown>;
  const honoured: SubscriptionFilter = {};
  for (const key of ['toolsListChanged', 'promptsListChanged', 'resourcesListChanged'] as const) {
    if (filter[key] === true) honoured[key] = true;
  }
  if (Array.isArray(filter.resourceSubscriptions)) {
    const uris = filter.resourceSubscriptions.filter((uri): uri is string => typeof uri === 'string');
    if (uris.length > limits.maxSubscriptions) {
      throw McpProtocolError.invalidParams(
        `subscriptions/listen names ${uris.length} resources in "resourceSubscriptions"; this server allows at most ${limits.maxSubscriptions} per stream. Listen to fewer resources.`,
      );
    }
    for (const uri of uris) assertSubscriptionUriLength(uri, limits.maxSubscriptionUriLength, 'A resource URI in "resourceSubscriptions"');
    honoured.resourceSubscriptions = uris;
  }
  return honoured;
}
