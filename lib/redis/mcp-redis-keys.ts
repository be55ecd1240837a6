/**
 * Every Redis key and channel the stores use, in one place. Each name starts with the configured prefix; the part
 * after it never lets two kinds collide (ids may contain any character but cannot change the leading kind).
 *
 * Keys that one script or transaction touches together share a Redis Cluster hash tag (`{...}`), so they live in
 * one slot: all session keys (`{sessions}`), all task keys (`{tasks}`), and the two keys of each SSE stream
 * (`{s:<streamId>}`, never an empty tag whatever the id). Streams, the bulk of the keys, spread over the cluster.
 */
export class McpRedisKeys {
  constructor(readonly prefix: string) {
    if (/[{}]/.test(prefix)) {
      throw new Error(
        `The Redis key prefix "${prefix}" contains a brace. Remove "{" and "}" from keyPrefix: the module adds Redis Cluster hash tags itself.`,
      );
    }
  }

  /** A session, a hash (see `redis-session.codec.ts`), expiring after its idle timeout. */
  session(sessionId: string): string {
    return `${this.prefix}{sessions}session:${sessionId}`;
  }

  /** The holder of a session's GET-stream lease, a string expiring with the lease. */
  streamOwner(sessionId: string): string {
    return `${this.prefix}{sessions}stream-owner:${sessionId}`;
  }

  /** Sorted set of live session ids, scored by when they go idle (for `count`). */
  sessionIndex(): string {
    return `${this.prefix}{sessions}index`;
  }

  /** Hash of one SSE stream: `next` (the next sequence number) and `ended`. */
  stream(streamId: string): string {
    return `${this.prefix}stream:{s:${streamId}}`;
  }

  /** List of one SSE stream's kept events (JSON messages), oldest first. */
  streamEvents(streamId: string): string {
    return `${this.prefix}stream-events:{s:${streamId}}`;
  }

  /** Sorted set of broadcast members (`<streamId> <sessionId>`), scored by when their membership expires. */
  broadcastMembers(): string {
    return `${this.prefix}{broadcast}members`;
  }

  /** Hash of the producer of one SSE stream (`instance`, `request`, and `orphaned` once a survivor ended it). */
  streamProducer(streamId: string): string {
    return `${this.prefix}stream-producer:{s:${streamId}}`;
  }

  /** The liveness lease of one instance, a string expiring unless the instance renews it. */
  instance(instanceId: string): string {
    return `${this.prefix}instance:${instanceId}`;
  }

  /** Hash of one task: each field of the record, JSON-encoded. */
  task(taskId: string): string {
    return `${this.prefix}{tasks}task:${taskId}`;
  }

  /** Sorted set of an owner's task ids, ordered newest first by member (for `list`). */
  ownerTasks(ownerId: string): string {
    return `${this.prefix}{tasks}owner:${ownerId}`;
  }

  /** Sorted set of unfinished task ids (everyone's, or one owner's), scored by expiry (for `countActive`). */
  activeTasks(ownerId?: string): string {
    return ownerId === undefined ? `${this.prefix}{tasks}active` : `${this.prefix}{tasks}active:${ownerId}`;
  }

  /** Sorted set of finished task ids, scored by when they finished (for the retention of finished tasks). */
  finishedTasks(): string {
    return `${this.prefix}{tasks}finished`;
  }

  /** The pub/sub channel of a bus topic. */
  channel(topic: string): string {
    return `${this.prefix}bus:${topic}`;
  }
}
