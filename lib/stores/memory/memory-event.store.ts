import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { MCP_RESOLVED_OPTIONS, type ResolvedMcpOptions } from '../../mcp-options.resolver.js';
import {
  McpEventStore,
  McpEventStoreFullError,
  parseEventId,
  type McpBroadcastMember,
  type McpStoredEvent,
  type McpStreamReplay,
} from '../mcp-event.store.js';
import { MemoryBroadcastMembership } from './memory-broadcast-membership.js';

interface StreamLog {
  events: McpStoredEvent[];
  next: number;
  /** The stream's first sequence. */
  readonly base: number;
  ended: boolean;
  expiresAt: number;
}

/**
 * The default, in-process event store: a bounded log per stream (`streams.maxEventsPerStream`), forgotten
 * `streams.eventTtlMs` after its last activity, and at most `streams.maxStoredStreams` streams. To make room it
 * forgets the stalest ended or expired stream, never one still being written to (its client would lose events);
 * when every stream is live, a new stream is refused with {@link McpEventStoreFullError}. A stream's sequence numbers
 * start at the time it is first written, in microseconds, so a stream forgotten and written again (a client still
 * connected to it after `streams.eventTtlMs` of silence) goes on with higher numbers: an id is never reused for
 * another event. Broadcast members are kept in this process ({@link MemoryBroadcastMembership}), and forgotten once
 * expired.
 */
@Injectable()
export class MemoryEventStore extends McpEventStore implements OnModuleDestroy {
  private readonly logs = new Map<string, StreamLog>();
  private readonly membership = new MemoryBroadcastMembership();
  /** The last first sequence given to a stream: the next one is later, even within one millisecond. */
  private lastBase = 0;
  private readonly sweeper: NodeJS.Timeout;

  constructor(@Inject(MCP_RESOLVED_OPTIONS) private readonly options: ResolvedMcpOptions) {
    super();
    this.sweeper = setInterval(() => this.sweep(), Math.min(options.streams.eventTtlMs, 60_000)).unref();
  }

  /** How many streams the store holds now (bounded by `streams.maxStoredStreams`). */
  get size(): number {
    return this.logs.size;
  }

  async append(streamId: string, message: unknown): Promise<McpStoredEvent> {
    return this.appendNow(streamId, message);
  }

  /** Appends the whole batch at once: no other append of the stream comes between its events. */
  override async appendBatch(streamId: string, messages: readonly unknown[]): Promise<McpStoredEvent[]> {
    const events: McpStoredEvent[] = [];
    for (const message of messages) events.push(this.appendNow(streamId, message));
    return events;
  }

  async end(streamId: string): Promise<void> {
    const log = this.logs.get(streamId);
    if (!log) return;
    log.ended = true;
    this.touch(streamId, log);
  }

  async replay(streamId: string, after: number): Promise<McpStreamReplay | undefined> {
    const log = this.logs.get(streamId);
    if (!log || log.expiresAt <= Date.now()) return undefined;
    const first = log.events[0];
    const firstSequence = first ? parseEventId(first.id)!.sequence : log.next;
    if (after === -1) after = log.base - 1;
    if (after + 1 < firstSequence || after >= log.next) return undefined;
    return {
      events: log.events.filter((event) => parseEventId(event.id)!.sequence > after),
      ended: log.ended,
    };
  }

  enlist(member: McpBroadcastMember, ttlMs: number): Promise<void> {
    return this.membership.enlist(member, ttlMs);
  }

  delist(member: McpBroadcastMember): Promise<void> {
    return this.membership.delist(member);
  }

  members(): Promise<McpBroadcastMember[]> {
    return this.membership.members();
  }

  onModuleDestroy(): void {
    clearInterval(this.sweeper);
  }

  private appendNow(streamId: string, message: unknown): McpStoredEvent {
    const log = this.logOf(streamId);
    const event = { id: `${streamId}.${log.next}`, message };
    log.next += 1;
    log.events.push(event);
    if (log.events.length > this.options.streams.maxEventsPerStream) log.events.shift();
    this.touch(streamId, log);
    return event;
  }

  private logOf(streamId: string): StreamLog {
    let log = this.logs.get(streamId);
    if (!log) {
      if (this.logs.size >= this.options.streams.maxStoredStreams) this.makeRoom();
      this.lastBase = Math.max(Date.now() * 1_000, this.lastBase + 1);
      log = { events: [], next: this.lastBase, base: this.lastBase, ended: false, expiresAt: 0 };
      this.logs.set(streamId, log);
    }
    return log;
  }

  /** Forgets the stalest stream that has ended or expired; refuses when every stream is live. */
  private makeRoom(): void {
    const now = Date.now();
    for (const [streamId, log] of this.logs) {
      if (log.ended || log.expiresAt <= now) {
        this.logs.delete(streamId);
        return;
      }
    }
    throw new McpEventStoreFullError(this.options.streams.maxStoredStreams);
  }

  /** Refreshes the expiry and moves the stream to the back of the eviction order. */
  private touch(streamId: string, log: StreamLog): void {
    log.expiresAt = Date.now() + this.options.streams.eventTtlMs;
    this.logs.delete(streamId);
    this.logs.set(streamId, log);
  }

  private sweep(): void {
    const now = Date.now();
    this.membership.sweep(now);
    for (const [streamId, log] of this.logs) {
      if (log.expiresAt <= now) this.logs.delete(streamId);
    }
  }
}
