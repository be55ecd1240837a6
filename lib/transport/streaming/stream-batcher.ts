import type { McpStoredEvent } from '../../stores/mcp-event.store.js';

/** A batch as stored: its events, in the order of its messages, and its publication. */
export interface StoredBatch {
  readonly events: McpStoredEvent[];
  /** Resolves once the batch is published. */
  readonly published: Promise<void>;
}

/**
 * A sender's failures to store what it sent with {@link StreamBatcher.send} without waiting: the first one not yet
 * reported, which its next `send` rejects with. Kept by the sender (a request's channel), so it goes with it.
 */
export interface SendFailures {
  unreported?: unknown;
}

/** What the batcher needs of the hub it works for. */
export interface StreamBatcherHost {
  /** Stores a batch of one stream and publishes it. */
  store(streamId: string, messages: readonly unknown[]): Promise<StoredBatch>;
  /** Waits until the stream's client connection (if any here) has taken what was written to it. */
  paceToReader(streamId: string): Promise<void>;
  /** Whether the stream's client connection here has left too much unread to send ahead. */
  isBacklogged(streamId: string): boolean;
}

/** Messages of one stream emitted while the previous batch was being stored: stored and published together. */
interface Batch {
  readonly messages: unknown[];
  /** Resolves once the batch is stored, to its events (in the order of `messages`) and its publication. */
  stored?: Promise<StoredBatch>;
}

/** The most messages stored and published as one batch. */
const MAX_BATCH = 1_000;

/**
 * How many messages of one stream `send` lets wait to be stored before it makes its caller wait too (backpressure
 * for a handler that sends faster than the store keeps up).
 */
const SEND_AHEAD = 4_096;

/**
 * The producer side of the streams: each stream's steps run in order (see {@link chain}), and messages emitted
 * while an earlier batch of the stream is being stored form the next batch: one store call and one publication per
 * batch, so a producer is not bound by one store round trip per message. Keeps nothing for a stream once its last
 * step is done.
 */
export class StreamBatcher {
  private readonly chains = new Map<string, Promise<unknown>>();
  /** The batch of each stream that still takes messages. */
  private readonly openBatches = new Map<string, Batch>();
  /** Messages of each stream sent with `send` and not yet stored. */
  private readonly unsent = new Map<string, number>();

  constructor(private readonly host: StreamBatcherHost) {}

  /**
   * Appends a message to the stream's next batch. Resolves to its event once the batch is stored and published and
   * the stream's reader has taken it (see {@link StreamBatcherHost.paceToReader}).
   */
  emit(streamId: string, message: unknown): Promise<McpStoredEvent> {
    let batch = this.openBatches.get(streamId);
    if (!batch || batch.messages.length >= MAX_BATCH) {
      const opened: Batch = { messages: [] };
      opened.stored = this.chain(streamId, () => {
        if (this.openBatches.get(streamId) === opened) this.openBatches.delete(streamId);
        return this.host.store(streamId, opened.messages);
      });
      this.openBatches.set(streamId, opened);
      batch = opened;
    }
    const index = batch.messages.push(message) - 1;
    return batch.stored!.then(async ({ events, published }) => {
      await published;
      await this.host.paceToReader(streamId);
      return events[index]!;
    });
  }

  /**
   * Emits without waiting for the message to be stored, while fewer than `SEND_AHEAD` messages of the stream wait
   * and its reader keeps up; then it waits like {@link emit}. A message that could not be stored, and was not
   * waited for, is kept in the sender's `failures` and makes the sender's next `send` reject with that error.
   */
  async send(streamId: string, message: unknown, failures: SendFailures): Promise<void> {
    const failure = failures.unreported;
    if (failure !== undefined) {
      failures.unreported = undefined;
      throw failure;
    }
    const waiting = (this.unsent.get(streamId) ?? 0) + 1;
    this.unsent.set(streamId, waiting);
    const stored = this.emit(streamId, message).then(
      () => this.settleSent(streamId),
      (error: unknown) => {
        this.settleSent(streamId);
        throw error;
      },
    );
    if (waiting >= SEND_AHEAD || this.host.isBacklogged(streamId)) await stored;
    else stored.catch((error: unknown) => (failures.unreported ??= error));
  }

  /** Resolves once every message emitted to the stream so far is stored and published (or failed). */
  async settled(streamId: string): Promise<void> {
    const last = (await this.chains.get(streamId)) as StoredBatch | undefined;
    await last?.published?.catch(() => undefined);
  }

  /** Closes the stream's open batch: later messages start a new one, after the stream's end. */
  closeBatch(streamId: string): void {
    this.openBatches.delete(streamId);
  }

  /**
   * Runs `step` after the stream's earlier steps. The stream's entry is forgotten once its last step is stored and
   * published, so streams that are never ended (a session's GET stream when the session expires) leave nothing.
   */
  chain<T>(streamId: string, step: () => Promise<T>): Promise<T> {
    const previous = this.chains.get(streamId) ?? Promise.resolve();
    const next = previous.then(step, step);
    const tail = next.catch(() => undefined);
    this.chains.set(streamId, tail);
    void tail.then(async (result) => {
      await (result as StoredBatch | undefined)?.published?.catch(() => undefined);
      if (this.chains.get(streamId) === tail) this.chains.delete(streamId);
    });
    return next;
  }

  private settleSent(streamId: string): void {
    const waiting = (this.unsent.get(streamId) ?? 1) - 1;
    if (waiting > 0) this.unsent.set(streamId, waiting);
    else this.unsent.delete(streamId);
  }
}
