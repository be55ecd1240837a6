import type { McpSession } from './mcp-session.js';

/** The fields of a session that change after `initialize`, one at a time, by {@link McpSessionStore.patch}. */
export type McpSessionPatch = Partial<Pick<McpSession, 'initialized' | 'logLevel'>>;

/**
 * What {@link McpSessionStore.addSubscription} did: `'subscribed'` (added, or already there), `'full'` (the session
 * holds `maxSubscriptions` other URIs; nothing changed) or `'missing'` (no live session with that id).
 */
export type McpSubscribeOutcome = 'subscribed' | 'full' | 'missing';

/**
 * Where sessions live. An abstract class that doubles as the DI token: provide another implementation (for example
 * the Redis one) to share sessions between instances.
 *
 * Contract:
 * - `get` returns `undefined` for an unknown, deleted or expired id, and never a session idle for longer than
 *   `idleTimeoutMs` (expiry is the store's job, lazily or with timers).
 * - `get` and `save` both count as activity: they restart the session's idle clock.
 * - `save` replaces the whole session (last write wins); `delete` is idempotent.
 * - Records are immutable values: callers never modify a session they saved or read, they save a changed copy. A
 *   store may therefore keep and return the very object it was given (no deep copy), and must itself never modify
 *   a record it was given or handed out.
 * - `claimStream` grants a session's GET-stream lease to one holder at a time (until it expires or is released);
 *   `delete` drops the lease with the session. The default keeps leases in this object, which is right for a store
 *   used by one process; a store shared by instances overrides both methods.
 * - `count` is the number of live sessions, used to cap how many exist; it should not scan every session.
 * - `create` stores a new session only while fewer than `maxSessions` are live (best effort across instances).
 * - `patch`, `addSubscription` and `removeSubscription` change one field of a stored session atomically: concurrent
 *   changes of different fields or URIs all hold (none overwrites another), and they never recreate a session that is
 *   gone. They count as activity. `subscriptions` is a set: its order is not kept.
 *   The defaults below read, change and save the whole record, so concurrent changes can overwrite each other: they
 *   keep stores written for earlier versions working, and every store should override all three.
 */
export abstract class McpSessionStore {
  /** GET-stream leases of the default {@link claimStream}, by session id. */
  private readonly streamLeases = new Map<string, { holder: string; until: number }>();

  /** Stores a new or changed session. */
  abstract save(session: McpSession, idleTimeoutMs: number): Promise<void>;
  /** The live session with this id, if any; restarts its idle clock. */
  abstract get(id: string, idleTimeoutMs: number): Promise<McpSession | undefined>;
  /** Ends a session. Idempotent. */
  abstract delete(id: string): Promise<void>;
  /** How many live sessions there are. */
  abstract count(): Promise<number>;

  /** Sets some fields of a live session; resolves to `false` (and stores nothing) when there is no such session. */
  async patch(id: string, fields: McpSessionPatch, idleTimeoutMs: number): Promise<boolean> {
    const session = await this.get(id, idleTimeoutMs);
    if (!session) return false;
    await this.save({ ...session, ...fields }, idleTimeoutMs);
    return true;
  }

  /** Adds a resource URI to a live session's subscriptions, unless it holds `maxSubscriptions` others already. */
  async addSubscription(id: string, uri: string, maxSubscriptions: number, idleTimeoutMs: number): Promise<McpSubscribeOutcome> {
    const session = await this.get(id, idleTimeoutMs);
    if (!session) return 'missing';
    if (session.subscriptions.includes(uri)) return 'subscribed';
    if (session.subscriptions.length >= maxSubscriptions) return 'full';
    await this.save({ ...session, subscriptions: [...session.subscriptions, uri] }, idleTimeoutMs);
    return 'subscribed';
  }

  /** Removes a resource URI from a live session's subscriptions; resolves to `false` when there is no such session. */
  async removeSubscription(id: string, uri: string, idleTimeoutMs: number): Promise<boolean> {
    const session = await this.get(id, idleTimeoutMs);
    if (!session) return false;
    if (session.subscriptions.includes(uri)) {
      await this.save({ ...session, subscriptions: session.subscriptions.filter((each) => each !== uri) }, idleTimeoutMs);
    }
    return true;
  }

  /**
   * Claims the GET stream of a session for `holder` during `ttlMs`: granted when no other holder's lease is live, or
   * with `takeOver`; a holder's claim of its own lease renews it. Resolves to whether `holder` now holds it.
   */
  async claimStream(id: string, holder: string, ttlMs: number, takeOver: boolean): Promise<boolean> {
    const now = Date.now();
    const lease = this.streamLeases.get(id);
    if (lease && lease.holder !== holder && lease.until > now && !takeOver) return false;
    this.streamLeases.set(id, { holder, until: now + ttlMs });
    return true;
  }

  /** Gives up `holder`'s lease of a session's GET stream, if it still holds it. */
  async releaseStream(id: string, holder: string): Promise<void> {
    if (this.streamLeases.get(id)?.holder === holder) this.streamLeases.delete(id);
  }

  /**
   * Stores a new session unless `maxSessions` live sessions exist already; resolves to whether it was stored.
   * This default counts, then saves; a store that can do both in one step (one Redis script) overrides it, so an
   * `initialize` costs one round trip.
   */
  async create(session: McpSession, idleTimeoutMs: number, maxSessions: number): Promise<boolean> {
    if ((await this.count()) >= maxSessions) return false;
    await this.save(session, idleTimeoutMs);
    return true;
  }
}
