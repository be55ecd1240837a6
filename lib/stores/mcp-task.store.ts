import type { McpTaskPage, McpTaskRecord } from './mcp-task.js';

/**
 * Where tasks live. An abstract class that doubles as the DI token; the Redis implementation lets a task started
 * on one instance be read, awaited and cancelled from any other.
 *
 * Contract:
 * - `create` stores a new task; ids are unique.
 * - `get` returns the task only to its owner (another owner gets `undefined`, as for an unknown id), and never a
 *   task past its TTL (`createdAt + ttlMs`).
 * - `update` is atomic: it applies `patch` only if the task exists, is not terminal (`completed`, `failed`,
 *   `cancelled`) and, when `from` is given, is in one of those statuses; it sets `lastUpdatedAt` and returns the
 *   new record, or `undefined` when nothing changed. Two concurrent updates never both apply to a terminal move.
 * - `list` returns the owner's live tasks, newest first, `limit` at a time; `nextCursor` is opaque.
 * - `countActive` counts non-terminal tasks, of one owner or of everyone, without reading every task.
 * - After {@link McpTaskStore.setRetention}, a task that becomes terminal is kept at most `completedTtlMs` more
 *   (its `ttlMs` shortened to match) and at most `maxCompleted` finished tasks are kept, the earliest finished
 *   dropped first. A store that cannot bound finished tasks may ignore it.
 */
export abstract class McpTaskStore {
  abstract create(task: McpTaskRecord): Promise<void>;
  abstract get(taskId: string, ownerId: string): Promise<McpTaskRecord | undefined>;
  /** Reads a task whatever its owner (for the instance that runs it). */
  abstract getAny(taskId: string): Promise<McpTaskRecord | undefined>;
  abstract update(
    taskId: string,
    patch: Partial<Omit<McpTaskRecord, 'taskId' | 'ownerId' | 'createdAt' | 'toolName'>>,
    from?: readonly McpTaskRecord['status'][],
  ): Promise<McpTaskRecord | undefined>;
  abstract list(ownerId: string, cursor: string | undefined, limit: number): Promise<McpTaskPage>;
  abstract countActive(ownerId?: string): Promise<number>;

  /**
   * Up to `limit` unfinished, unexpired tasks of every owner, those expiring first first: for the periodic sweep that
   * fails tasks whose instance died. Optional: without it, such tasks are failed only when they are read.
   */
  listActive?(limit: number): Promise<McpTaskRecord[]>;

  /** Sets how finished tasks are retained; `McpModule` calls it at bootstrap from the `tasks` options. */
  setRetention(_retention: McpTaskRetention): void {}
}

/** How long and how many finished tasks a store keeps. */
export interface McpTaskRetention {
  /** The most finished tasks kept; beyond it the earliest finished are dropped. */
  readonly maxCompleted: number;
  /** The longest a task is kept after it finished, in milliseconds. */
  readonly completedTtlMs: number;
}
