import type { Logger } from '@nestjs/common';
import type { ResolvedMcpOptions } from '../../mcp-options.resolver.js';
import { parseEventId, type McpEventStore, type McpStoredEvent, type McpStreamReplay } from '../../stores/mcp-event.store.js';
import type { SseSink } from './sse-sink.js';
import { dropIfOverBuffered } from './sink-pacing.js';

/** What reaches one attached stream: a batch of its events, or its end. */
export type StreamDelivery = { readonly events: readonly McpStoredEvent[] } | { readonly end: true };

/** The message of a priming event: stored so its id is resumable, sent as empty data. */
export const PRIMING = null;

/**
 * A client connection attached to a stream on this instance, written in the store's order: the store's sequence
 * numbers are the one order of a stream, and deliveries (local batches, publications of other instances,
 * broadcasts) may arrive in another. Each event is written once: one at or below the last written is skipped; one
 * past the next expected sequence waits, with everything after it, while the missing events are read from the
 * store. A gap the store can no longer fill closes the connection: the client's resume finds the same gap and gets
 * a fresh stream. While events arrive in order, nothing is read.
 */
export class StreamAttachment {
  /** Sequence of the last event written to the sink. */
  private lastSequence: number;
  /** Deliveries that arrived while the store was being read, to write after what was read; else `undefined`. */
  private pending: StreamDelivery[] | undefined = [];
  private closed = false;

  /**
   * Starts reading: deliveries wait until {@link writeRead} writes the replay after `after` (the attach's read of
   * the store).
   */
  constructor(
    readonly streamId: string,
    readonly sink: SseSink,
    readonly sessionId: string,
    after: number,
    private readonly events: McpEventStore,
    private readonly limits: ResolvedMcpOptions['streams'],
    private readonly logger: Logger,
  ) {
    this.lastSequence = after;
    sink.onClose(() => (this.closed = true));
  }

  /** Writes a delivery in the store's order, now or after the read of the store under way. */
  receive(delivery: StreamDelivery): void {
    if (this.pending) this.pending.push(delivery);
    else this.apply(delivery);
  }

  /** Writes events read from the store, then the deliveries that arrived meanwhile (which may find another gap). */
  writeRead(read: McpStreamReplay): void {
    for (const event of read.events) this.write(event);
    const pending = this.pending ?? [];
    this.pending = undefined;
    if (read.ended) {
      this.sink.close();
      return;
    }
    for (let index = 0; index < pending.length; index += 1) {
      this.apply(pending[index]!);
      // `apply` may have found another gap: the rest waits behind it.
      const waiting = this.pending as StreamDelivery[] | undefined;
      if (waiting) {
        waiting.push(...pending.slice(index + 1));
        return;
      }
    }
  }

  private apply(delivery: StreamDelivery): void {
    if ('end' in delivery) {
      this.sink.close();
      return;
    }
    const { events } = delivery;
    for (let index = 0; index < events.length; index += 1) {
      if (parseEventId(events[index]!.id)!.sequence > this.lastSequence + 1) {
        this.pending = [{ events: events.slice(index) }];
        void this.fillGap();
        return;
      }
      this.write(events[index]!);
    }
  }

  /** Reads the events after the last one written and writes them; closes the connection when the store lost them. */
  private async fillGap(): Promise<void> {
    let read: McpStreamReplay | undefined;
    try {
      read = (await this.events.replay(this.streamId, this.lastSequence)) ?? (await this.restartedLog());
    } catch (error) {
      this.logger.warn(`Could not read the missed events of stream "${this.streamId}": ${String(error)}`);
    }
    if (this.closed) return;
    // An event past the gap was stored before it was published: a read that brings nothing new means it is lost.
    if (!read || (read.events.length === 0 && !read.ended)) {
      this.pending = undefined;
      this.sink.close();
      return;
    }
    this.writeRead(read);
  }

  /**
   * A log the store started over after forgetting the stream (expired while the client stayed connected, or lost
   * by a Redis restarted without persistence): its events all come after the last one written, and are the events
   * there are. `undefined` for a trimmed log.
   */
  private async restartedLog(): Promise<McpStreamReplay | undefined> {
    const whole = await this.events.replay(this.streamId, -1);
    const first = whole?.events[0];
    return first && parseEventId(first.id)!.sequence > this.lastSequence ? whole : undefined;
  }

  private write(event: McpStoredEvent): void {
    const sequence = parseEventId(event.id)!.sequence;
    if (sequence <= this.lastSequence) return;
    this.lastSequence = sequence;
    if (dropIfOverBuffered(this.sink, this.limits, this.logger)) return;
    if (event.message === PRIMING) {
      this.sink.sendEvent({ id: event.id, retryMs: this.limits.retryMs });
    } else {
      this.sink.sendEvent({ id: event.id, data: event.message });
    }
  }
}
