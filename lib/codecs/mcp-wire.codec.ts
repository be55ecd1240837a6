import type { McpResultValue } from '../protocol/json-object-fragment.js';
import type { McpErrorKind, McpProtocolError } from '../errors/mcp-protocol.error.js';
import type { ResolvedMcpOptions } from '../mcp-options.resolver.js';
import type { McpTaskRecord } from '../stores/mcp-task.js';

/** The name of a protocol revision family, as task records store it. */
export type McpWire = 'stateful' | 'stateless';

/** Cache hints a stateless list or read carries. */
export interface McpCacheHints {
  readonly ttlMs: number;
  readonly scope: string;
}

/**
 * Everything that differs between the two protocol revision families one endpoint serves: which methods exist,
 * how results, tasks and errors are written, and which HTTP status carries an error. One object per family
 * ({@link STATEFUL_CODEC} for 2025-11-25, {@link STATELESS_CODEC} for 2026-07-28); a request scope carries the
 * codec of its wire, and nothing outside the codecs compares wire names.
 */
export interface McpWireCodec {
  /** The family's name, stored in task records. */
  readonly wire: McpWire;
  /** Whether requests belong to a session whose stream carries server-initiated messages (2025-11-25). */
  readonly sessions: boolean;
  /** Whether tasks come through the tasks extension (2026-07-28) rather than the call's `task` param. */
  readonly tasksExtension: boolean;
  /** Whether a tool's error result marks its task failed (2025-11-25) rather than completed. */
  readonly toolErrorFailsTask: boolean;
  /** The JSON-RPC code of "resource not found". */
  readonly resourceNotFoundCode: number;
  /** Whether a method exists on this wire. */
  serves(method: string): boolean;
  /** Completes a result before it leaves (`resultType`, cache hints on the stateless wire). */
  stampResult(method: string, result: McpResultValue, caching: ResolvedMcpOptions['caching']): McpResultValue;
  /** Adds a list or read's own cache hints (the stateless wire only). */
  withCacheHints(result: Record<string, unknown>, hints: McpCacheHints): Record<string, unknown>;
  /** The answer of a `tools/call` that became a task. */
  createTaskResult(task: McpTaskRecord): Record<string, unknown>;
  /** The answer of `tasks/get`. */
  taskState(task: McpTaskRecord): Record<string, unknown>;
  /** The answer of `tasks/cancel`: `cancelled` is the updated task, or undefined when it had already ended. */
  cancelResult(task: McpTaskRecord, cancelled: McpTaskRecord | undefined): Record<string, unknown>;
  /** The error for a handler's `ctx.<call>()` that needs a capability the client did not declare. */
  missingCapability(capability: string, call: string): Error;
  /**
   * The HTTP status that carries a protocol error: `dispatched` when a method handled the request (an ordinary
   * error answer is then 200), otherwise the message was refused before any method ran.
   */
  httpStatus(error: McpProtocolError, dispatched: boolean): number;
}

const STATUS_OF_KIND: Readonly<Record<Exclude<McpErrorKind, 'answer' | 'unknown-method'>, number>> = {
  rejected: 400,
  'not-found': 404,
  'not-acceptable': 406,
  conflict: 409,
  'rate-limited': 429,
  overloaded: 503,
  internal: 500,
};

/**
 * The HTTP status of a protocol error refused before dispatch or carrying a transport meaning; `answer` errors
 * are 200 once dispatched and 400 before. Wire-specific kinds (`unknown-method`) are the codecs' to decide.
 */
export function httpStatusOfKind(kind: McpErrorKind, dispatched: boolean): number {
  if (kind === 'answer' || kind === 'unknown-method') return dispatched ? 200 : 400;
  return STATUS_OF_KIND[kind];
}
