/** One stored SSE event: its id and the JSON-RPC message it carried. */
export interface McpStoredEvent {
  /** `<streamId>.<sequence>`: unique, ordered within its stream. */
  readonly id: string;
  readonly message: unknown;
}

/** What a stream holds after a given event, for a client resuming with `Last-Event-ID`. */
export interface McpStreamReplay {
  /** The events after the requested sequence number, in order. */
  readonly events: readonly McpStoredEvent[];
  /** Whether the stream has ended (its last message was sent): nothing more will follow the replay. */
  readonly ended: boolean;
}

/** A stream that receives server-wide notifications (a session's GET stream), and the session it belongs to. */
export interface McpBroadcastMember {
  readonly streamId: string;
  readonly sessionId: string;
}

/**
 * Where the SSE events of every stream are kept so a client can resume a dropped stream with `Last-Event-ID`.
 * An abstract class that doubles as the DI token; the Redis implementation shares events between instances.
 *
 * Contract:
 * - `append` assigns ids `<streamId>.<n>` with `n` strictly increasing per stream, in call order.
 * - `appendBatch` appends several messages as consecutive events, in order, as if `append` were called for each;
 *   stores backed by a server override it to store a batch in one round trip.
 * - A stream keeps at most `maxEventsPerStream` events (the oldest are dropped) and is forgotten `ttlMs` after
 *   its last append or end.
 * - `replay(streamId, after)` returns the events whose sequence is greater than `after`, in order, exactly once
 *   each; `undefined` when the stream is unknown or expired, or when events after `after` were already dropped
 *   (the client cannot resume without a gap). `after = -1` means from the start.
 * - `end` marks a stream complete; it is idempotent, and does nothing for a stream that holds no events (it
 *   stores nothing for a stream that was never opened).
 * - A store with a bound on how many streams it keeps (the memory store's `streams.maxStoredStreams`) makes room
 *   only by forgetting ended or expired streams, never one that may still receive events; when it cannot, the
 *   first `append` of a new stream rejects with {@link McpEventStoreFullError} (the server answers HTTP 503).
 * - Broadcast membership is shared by every instance using the store: `enlist` makes a stream a member until
 *   `ttlMs` from now (enlisting it again keeps the later expiry), `delist` removes it at once, `members` lists the
 *   unexpired members, each once. Expired members are forgotten, so membership stays bounded.
 * - `appendToEach` appends one message to each stream as `append` would (the event takes the stream's next
 *   sequence), and resolves to the events appended; a stream the store cannot take (full) is left out. Stores
 *   backed by a server override it to reach every stream in one round trip.
 */
export abstract class McpEventStore {
  abstract append(streamId: string, message: unknown): Promise<McpStoredEvent>;

  /** Appends messages in order; resolves to their events. The default appends them one by one. */
  async appendBatch(streamId: string, messages: readonly unknown[]): Promise<McpStoredEvent[]> {
    const events: McpStoredEvent[] = [];
    for (const message of messages) events.push(await this.append(streamId, message));
    return events;
  }

  abstract end(streamId: string): Promise<void>;
  abstract replay(streamId: string, after: number): Promise<McpStreamReplay | undefined>;

  /*
   * Broadcast membership has no default on purpose: one kept in the process would be silently wrong for a store
   * several instances share (a list change sent on one instance would miss the GET streams attached on the others).
   * A store that one instance alone uses can delegate the three methods to `MemoryBroadcastMembership`. The module
   * checks at bootstrap that its event store implements them, and fails naming the missing ones.
   */

  /**
   * Makes a stream a broadcast member until `ttlMs` from now, or later if it already is until later. Every instance
   * using the store must see the membership (see `MemoryBroadcastMembership` for a single-instance store).
   */
  abstract enlist(member: McpBroadcastMember, ttlMs: number): Promise<void>;
  /** Stops a stream's broadcast membership at once. */
  abstract delist(member: McpBroadcastMember): Promise<void>;
  /** The broadcast members whose membership has not expired. */
  abstract members(): Promise<McpBroadcastMember[]>;

  /**
   * Appends one message to each stream; resolves to the events appended (a stream the store cannot take is left
   * out). The default appends to each stream separately, all at once.
   */
  async appendToEach(streamIds: readonly string[], message: unknown): Promise<McpStoredEvent[]> {
    const events = await Promise.all(
      streamIds.map((streamId) =>
        this.append(streamId, message).catch((error: unknown) => {
          if (error instanceof McpEventStoreFullError) return undefined;
          throw error;
        }),
      ),
    );
    return events.filter((event) => event !== undefined);
  }
}

/** Thrown by `append` for a new stream when the store holds as many live streams as it may. */
export class McpEventStoreFullError extends Error {
  constructor(readonly limit: number) {
    super(`The event store holds ${limit} live streams, the most allowed ("streams.maxStoredStreams"). Retry when streams have ended, or raise the limit.`);
    this.name = 'McpEventStoreFullError';
  }
}

/** Splits an event id into its stream id and sequence number. */
export function parseEventId(eventId: string): { streamId: string; sequence: number } | undefined {
  const dot = eventId.lastIndexOf('.');
  if (dot <= 0) return undefined;
  const sequence = Number(eventId.slice(dot + 1));
  return Number.isSafeInteger(sequence) && sequence >= 0 ? { streamId: eventId.slice(0, dot), sequence } : undefined;
}
