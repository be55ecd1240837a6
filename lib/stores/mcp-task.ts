/** Where a task is in its life. `completed`, `failed` and `cancelled` are terminal. */
export type McpTaskStatus = 'working' | 'input_required' | 'completed' | 'failed' | 'cancelled';

/** The terminal statuses: a task in one of them never changes again. */
export const TERMINAL_TASK_STATUSES: ReadonlySet<McpTaskStatus> = new Set(['completed', 'failed', 'cancelled']);

/** A request a task waits on the client to answer. */
export interface McpTaskInputRequest {
  method: string;
  params: Record<string, unknown>;
}

/** Everything the server keeps about one task. Plain JSON, so any store can hold it. */
export interface McpTaskRecord {
  /** Unguessable id. */
  readonly taskId: string;
  /** Who may see it: an authenticated user, a session, or a client identity (see the `tasks.owner` option). */
  readonly ownerId: string;
  /** The tool that runs. */
  readonly toolName: string;
  /** The wire the task was created on (its wire formats differ). */
  readonly wire: 'stateful' | 'stateless';
  /** On the stateful wire: the session that created it (where status notifications and input requests go). */
  readonly sessionId?: string;
  /** The instance running it (its id in the `McpInstanceRegistry`), so others can fail it if that instance dies. */
  readonly runner?: string;
  status: McpTaskStatus;
  statusMessage?: string;
  /** ISO-8601. */
  readonly createdAt: string;
  /** ISO-8601; changes with every update. */
  lastUpdatedAt: string;
  /** Milliseconds the task is kept after creation; `null` for no limit. */
  readonly ttlMs: number | null;
  /** Suggested polling interval for clients. */
  readonly pollIntervalMs: number;
  /** The tool result, once `completed`. */
  result?: Record<string, unknown>;
  /** The protocol error, once `failed`. */
  error?: { code: number; message: string; data?: unknown };
  /** What the task waits for, while `input_required`, by input key. */
  inputRequests?: Record<string, McpTaskInputRequest>;
  /** Answers delivered by the client (`tasks/update`), by input key, not yet consumed by the task. */
  inputResponses?: Record<string, unknown>;
}

/** One page of an owner's tasks. */
export interface McpTaskPage {
  tasks: McpTaskRecord[];
  nextCursor?: string;
}
