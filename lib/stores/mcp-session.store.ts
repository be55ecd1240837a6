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
 * - `count` is the number of live sessions, used to cap how many exist.
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
}
