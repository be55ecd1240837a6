import type { McpBroadcastMember } from '../mcp-event.store.js';

/**
 * Broadcast membership kept in this process: the `enlist`, `delist` and `members` part of the
 * {@link McpEventStore} contract for a store that only one instance uses. Members are kept by stream id with
 * their expiry; expired ones are dropped when listed or swept, so the map holds only members whose last
 * enlistment is younger than its `ttlMs`.
 *
 * Single instance only: another instance, even one sharing the same event log, sees none of these members, so a
 * list change or resource update sent there would not reach the GET streams attached here. A store that several
 * instances share must keep membership where they all read it (the Redis store keeps a sorted set).
 *
 * @example
 * ```ts
 * class SqliteEventStore extends McpEventStore {
 *   private readonly membership = new MemoryBroadcastMembership();
 *   enlist(member: McpBroadcastMember, ttlMs: number) { return this.membership.enlist(member, ttlMs); }
 *   delist(member: McpBroadcastMember) { return this.membership.delist(member); }
 *   members() { return this.membership.members(); }
 *   // append, end, replay …
 * }
 * ```
 */
export class MemoryBroadcastMembership {
  private readonly memberships = new Map<string, { member: McpBroadcastMember; until: number }>();

  /** Makes a stream a member until `ttlMs` from now, or later if it already is until later. */
  async enlist(member: McpBroadcastMember, ttlMs: number): Promise<void> {
    const until = Date.now() + ttlMs;
    const current = this.memberships.get(member.streamId);
    if (!current || current.until < until) this.memberships.set(member.streamId, { member, until });
  }

  /** Ends a stream's membership at once. */
  async delist(member: McpBroadcastMember): Promise<void> {
    this.memberships.delete(member.streamId);
  }

  /** The members whose membership has not expired, each once; forgets the expired ones. */
  async members(): Promise<McpBroadcastMember[]> {
    const now = Date.now();
    const members: McpBroadcastMember[] = [];
    for (const [streamId, { member, until }] of this.memberships) {
      if (until > now) members.push(member);
      else this.memberships.delete(streamId);
    }
    return members;
  }

  /** Forgets the expired members (for a store's periodic sweep). */
  sweep(now = Date.now()): void {
    for (const [streamId, { until }] of this.memberships) {
      if (until <= now) this.memberships.delete(streamId);
    }
  }
}
