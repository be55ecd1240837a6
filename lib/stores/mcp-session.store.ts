import type { McpSession } from './mcp-session.js';

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
 * - `count` is the number of live sessions, used to cap how many exist; it should not scan every session.
 * - `create` stores a new session only while fewer than `maxSessions` are live (best effort across instances).
 */
export abstract class McpSessionStore {
  /** Stores a new or changed session. */
  abstract save(session: McpSession, idleTimeoutMs: number): Promise<void>;
  /** The live session with this id, if any; restarts its idle clock. */
  abstract get(id: string, idleTimeoutMs: number): Promise<McpSession | undefined>;
  /** Ends a session. Idempotent. */
  abstract delete(id: string): Promise<void>;
  /** How many live sessions there are. */
  abstract count(): Promise<number>;

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
