import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { JsonRpcErrorCode } from '../../protocol/json-rpc-error-codes.js';
import { MCP_RESOLVED_OPTIONS, type ResolvedMcpOptions } from '../../mcp-options.resolver.js';
import {
  McpEventStore,
  McpEventStoreFullError,
  parseEventId,
  type McpBroadcastMember,
  type McpStoredEvent,
} from '../../stores/mcp-event.store.js';
import { McpBusTopic, McpMessageBus } from '../../stores/mcp-message.bus.js';
import type { SseSink } from './sse-sink.js';
import { paceTo } from './sink-pacing.js';
import { PRIMING, StreamAttachment, type StreamDelivery } from './stream-attachment.js';
import { StreamArrivals } from './stream-arrivals.js';
import { StreamBatcher, type SendFailures, type StoredBatch } from './stream-batcher.js';
import type { StreamBusMessage } from './stream-bus-message.js';
import { serverFull, StreamCapacity } from './stream-capacity.js';
import { InstanceHeartbeat } from '../../lifecycle/instance-heartbeat.js';
import { ShutdownDrain } from '../../lifecycle/shutdown-drain.js';
import type { JsonRpcId } from '../../protocol/json-rpc.types.js';

/** How standalone stream ids end (see `stream-ids.ts`). */
const STANDALONE_SUFFIX = '~standalone';

/**
 * Every SSE stream's events go through the hub: producers `emit` messages (stored in the {@link McpEventStore} for
 * resumption, then published on the {@link McpMessageBus}), and the instance holding the client's connection
 * writes them to its sink. A client that reconnects with `Last-Event-ID`, on any instance, is attached with a
 * replay of what it missed followed by live events, each exactly once and in order.
 *
 * Messages of a stream emitted while an earlier batch of it is being stored form the next batch: one
 * `appendBatch` and one publication per batch, so a producer is not bound by one store round trip per message
 * (see {@link StreamBatcher}). A stream's producers wait for its connection to arrive ({@link StreamArrivals}), and
 * {@link StreamCapacity} keeps the connections within the stream limits.
 *
 * The store's sequence numbers are the one order of a stream. Publications from several producers (instances, or
 * a broadcast and a call here) may arrive in another order: each connection is written in the store's order by its
 * {@link StreamAttachment}, which reads what is missing from the store and skips what it already wrote.
 *
 * Sessions' GET streams are broadcast members in the store while attached (and `streams.eventTtlMs` after), so a
 * broadcast sent from any instance is stored in their log, and delivered by whichever instance holds the connection.
 */
@Injectable()
export class StreamHub implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger('McpStreamHub');
  private readonly attachments = new Map<string, StreamAttachment>();
  /** The request each open call stream answers, so shutdown can end it with an error for that request. */
  private readonly requestOfStream = new Map<string, JsonRpcId>();
  private readonly batcher: StreamBatcher;
  private readonly arrivals: StreamArrivals;
  private readonly capacity: StreamCapacity;
  private unsubscribe?: () => Promise<void>;

  constructor(
    private readonly events: McpEventStore,
    private readonly bus: McpMessageBus,
    private readonly shutdown: ShutdownDrain,
    /** Its `instanceId` tells this instance's announcements apart from other instances'. */
    private readonly heartbeat: InstanceHeartbeat,
    @Inject(MCP_RESOLVED_OPTIONS) private readonly options: ResolvedMcpOptions,
  ) {
    this.batcher = new StreamBatcher({
      store: (streamId, messages) => this.store(streamId, messages),
      paceToReader: (streamId) => this.paceToReader(streamId),
      isBacklogged: (streamId) => this.isBacklogged(streamId),
    });
    this.arrivals = new StreamArrivals(options.streams.drainTimeoutMs);
    this.capacity = new StreamCapacity(options.streams, () => this.attachments.size);
  }

  async onModuleInit(): Promise<void> {
    this.unsubscribe = await this.bus.subscribe(McpBusTopic.STREAM, (message) => this.deliver(message as StreamBusMessage));
  }

  /**
   * Starts a stream with its priming event (an id and empty data), so the client can resume from the start.
   * Producers of the stream wait for its connection to be attached here (at most `streams.drainTimeoutMs`), so
   * nothing is emitted faster than the client reads, not even before it is attached. Refuses with HTTP 503
   * when the event store cannot keep another stream.
   */
  async open(streamId: string): Promise<McpStoredEvent> {
    const arrival = this.arrivals.expect(streamId);
    try {
      const { events, published } = await this.batcher.chain(streamId, () => this.store(streamId, [PRIMING]));
      await published;
      return events[0]!;
    } catch (error) {
      this.arrivals.arrived(streamId, arrival);
      if (!(error instanceof McpEventStoreFullError)) throw error;
      throw serverFull();
    }
  }

  /**
   * Appends a message to a stream and delivers it wherever the stream is attached. Ordered per stream. Resolves
   * once it is stored and published and the client connected here has taken it (backpressure): a client that stops
   * reading for `streams.drainTimeoutMs` is dropped instead, and can resume with `Last-Event-ID`.
   */
  emit(streamId: string, message: unknown): Promise<McpStoredEvent> {
    return this.batcher.emit(streamId, message);
  }

  /** Waits until the stream's client connection is attached here and has taken what was written to it. */
  private async paceToReader(streamId: string): Promise<void> {
    await this.arrivals.whenArrived(streamId);
    const attachment = this.attachments.get(streamId);
    if (attachment) await paceTo(attachment.sink, this.options.streams, this.logger);
  }

  /** Whether the client attached here has left more than half of `maxBufferedBytes` unread. */
  private isBacklogged(streamId: string): boolean {
    const sink = this.attachments.get(streamId)?.sink;
    return sink !== undefined && sink.bufferedBytes > this.options.streams.maxBufferedBytes / 2;
  }

  /** Records that a stream carries the answer to request `id` (see {@link beforeApplicationShutdown}). */
  answersRequest(streamId: string, id: JsonRpcId): void {
    this.requestOfStream.set(streamId, id);
  }

  /**
   * Emits a notification without waiting for it to be stored, while few messages of the stream wait and its client
   * keeps up; then it waits like {@link emit} (see {@link StreamBatcher.send}). Order is kept with every other message
   * of the stream. A message that could not be stored, and was not waited for, is kept in the sender's `failures` and makes
   * the sender's next `send` reject with that error. The sender owns the failure, not the hub: nothing is left behind
   * for a stream that is never ended (a session's GET stream when the session expires).
   */
  send(streamId: string, message: unknown, failures: SendFailures): Promise<void> {
    return this.batcher.send(streamId, message, failures);
  }

  /** Resolves once every message emitted to the stream so far is stored and published (or failed). */
  settled(streamId: string): Promise<void> {
    return this.batcher.settled(streamId);
  }

  /** Ends a stream: attached sinks close once they have written everything before the end. */
  end(streamId: string, sessionId?: string): Promise<void> {
    this.batcher.closeBatch(streamId);
    this.requestOfStream.delete(streamId);
    return this.batcher.chain(streamId, async () => {
      if (sessionId !== undefined) await this.events.delist({ streamId, sessionId });
      await this.events.end(streamId);
      await this.bus.publish(McpBusTopic.STREAM, { streamId, end: true } satisfies StreamBusMessage);
    });
  }

  /** Refuses a new stream when this instance holds `streams.maxOpenStreams` of every kind (HTTP 503). */
  assertServerCapacity(): void {
    this.capacity.assertServer();
  }

  /** Counts a stream that does not go through the hub (a `subscriptions/listen` stream) until it closes. */
  countOpen(sink: SseSink): void {
    this.capacity.countUntilClosed(sink);
  }

  /** Refuses a new stream for the session when it, or this instance, holds too many (HTTP 429 / 503). */
  assertCapacity(sessionId: string): void {
    this.capacity.assertSession(sessionId);
  }

  /** Closes the stream's connection on this instance without ending the stream (the client can resume it). */
  closeLocal(streamId: string): void {
    this.attachments.get(streamId)?.sink.close();
  }

  /**
   * The GET streams that receive server-wide notifications, in the whole deployment: each session's GET stream
   * while it is attached on any instance, and `streams.eventTtlMs` after, so a client that resumes it (anywhere)
   * gets what it missed.
   */
  broadcastMembers(): Promise<McpBroadcastMember[]> {
    return this.events.members();
  }

  /**
   * Stores one message in each stream's log (one store round trip for all) and delivers it wherever each stream is
   * attached (one publication for all). Does not wait for readers: a connection too far behind is dropped and
   * resumes.
   */
  async broadcast(streamIds: readonly string[], message: unknown): Promise<void> {
    if (streamIds.length === 0) return;
    const events = await this.events.appendToEach(streamIds, message);
    for (const event of events) this.receive(parseEventId(event.id)!.streamId, { events: [event] });
    const ids = events.map((event) => event.id);
    await this.bus.publish(McpBusTopic.STREAM, { broadcast: message, ids, origin: this.heartbeat.instanceId } satisfies StreamBusMessage);
  }

  /** How many client connections this instance streams to now (listen streams included). */
  get openStreams(): number {
    return this.capacity.open;
  }

  /** Whether a sink is attached to the stream on this instance. */
  isAttached(streamId: string): boolean {
    return this.attachments.has(streamId);
  }

  /**
   * Attaches a client connection to a stream: writes the stored events after `after` (`-1`: from the start), then
   * live ones. Returns `false` when the stream cannot be resumed from that point (unknown, expired, or a gap).
   * A `resumed` attachment (a client's `Last-Event-ID`) starts with a priming event carrying the id it resumes from,
   * before the replay: a client cut off again before the next event still has an id to resume from.
   */
  async attach(streamId: string, sessionId: string, sink: SseSink, after: number, resumed = false): Promise<boolean> {
    this.attachments.get(streamId)?.sink.close();
    const attachment = new StreamAttachment(streamId, sink, sessionId, after, this.events, this.options.streams, this.logger);
    this.attachments.set(streamId, attachment);
    this.arrivals.arrived(streamId);
    const member = streamId.endsWith(STANDALONE_SUFFIX) ? { streamId, sessionId } : undefined;
    this.capacity.attachedTo(sessionId);
    const keepAlive = setInterval(() => {
      sink.sendComment('keep-alive');
      if (member) this.events.enlist(member, this.membershipTtlMs).catch(() => undefined);
    }, this.options.streams.keepAliveMs).unref();
    sink.onClose(() => {
      clearInterval(keepAlive);
      this.detach(streamId, attachment);
    });
    if (member) {
      await Promise.all([
        this.events.enlist(member, this.membershipTtlMs),
        // The instance that held the connection before closes it.
        this.bus.publish(McpBusTopic.STREAM, { streamId, attachedBy: this.heartbeat.instanceId, sessionId } satisfies StreamBusMessage),
      ]);
    }
    const replay = await this.events.replay(streamId, after);
    if (!replay) {
      this.detach(streamId, attachment);
      return false;
    }
    if (resumed) sink.sendEvent({ id: `${streamId}.${after}`, retryMs: this.options.streams.retryMs });
    attachment.writeRead(replay);
    return true;
  }

  /**
   * How long a GET stream stays a broadcast member after its last renewal (renewed every keep-alive interval while
   * attached): `streams.eventTtlMs`, as long as its events are kept.
   */
  private get membershipTtlMs(): number {
    return this.options.streams.eventTtlMs + this.options.streams.keepAliveMs;
  }

  /**
   * Once running requests had their grace period (`shutdown.graceMs`), every call stream still open gets a
   * JSON-RPC error for its request, so no client is left with a stream that ends in silence; then every
   * connection closes.
   */
  async beforeApplicationShutdown(): Promise<void> {
    await this.shutdown.drain();
    // Requests aborted at the end of the grace period answer first, when they can.
    await new Promise((resolve) => setImmediate(resolve));
    await Promise.all(
      [...this.requestOfStream].map(([streamId, id]) =>
        this.emit(streamId, {
          jsonrpc: '2.0',
          id,
          error: { code: JsonRpcErrorCode.SERVER_ERROR, message: 'The server shut down before the request finished. Retry it.' },
        })
          .then(() => this.end(streamId))
          .catch(() => undefined),
      ),
    );
    for (const attachment of [...this.attachments.values()]) attachment.sink.close();
    void this.unsubscribe?.();
  }

  private deliver(message: StreamBusMessage): void {
    if ('attachedBy' in message) {
      if (message.attachedBy !== this.heartbeat.instanceId) this.movedAway(message.streamId);
    } else if ('broadcast' in message) {
      if (message.origin === this.heartbeat.instanceId) return;
      for (const id of message.ids) this.receive(parseEventId(id)!.streamId, { events: [{ id, message: message.broadcast }] });
    } else if ('end' in message) {
      this.receive(message.streamId, message);
    } else if (message.origin !== this.heartbeat.instanceId) {
      this.receive(message.streamId, message);
    }
  }

  /** Hands a delivery to the stream's connection attached here, if any. */
  private receive(streamId: string, delivery: StreamDelivery): void {
    this.attachments.get(streamId)?.receive(delivery);
  }

  /** The client took its GET stream to another instance: close the connection here. */
  private movedAway(streamId: string): void {
    const attachment = this.attachments.get(streamId);
    if (attachment) {
      this.detach(streamId, attachment);
      attachment.sink.close();
    }
  }

  /**
   * Stores a batch, then publishes it in one message. The next batch of the stream is stored while this one is
   * published: publications leave in call order, so they stay in order.
   */
  private async store(streamId: string, messages: readonly unknown[]): Promise<StoredBatch> {
    const events = await this.events.appendBatch(streamId, messages);
    const batch: StreamBusMessage = { streamId, events, origin: this.heartbeat.instanceId };
    // A stream attached here gets the batch at once; the bus carries it to the other instances.
    this.receive(streamId, batch);
    const published = this.bus.publish(McpBusTopic.STREAM, batch);
    published.catch(() => undefined);
    return { events, published };
  }

  private detach(streamId: string, attachment: StreamAttachment): void {
    if (this.attachments.get(streamId) !== attachment) return;
    this.attachments.delete(streamId);
    this.capacity.detachedFrom(attachment.sessionId);
  }
}
