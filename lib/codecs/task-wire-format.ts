import type { McpTaskRecord } from '../stores/mcp-task.js';

/** A task's common fields, with the revision's names for its TTL and polling interval. */
function taskFields(task: McpTaskRecord, ttlKey: string, pollKey: string): Record<string, unknown> {
  return {
    taskId: task.taskId,
    status: task.status,
    ...(task.statusMessage ? { statusMessage: task.statusMessage } : {}),
    createdAt: task.createdAt,
    lastUpdatedAt: task.lastUpdatedAt,
    [ttlKey]: task.ttlMs,
    [pollKey]: task.pollIntervalMs,
  };
}

/** The 2025-11-25 `Task` object (tasks/get, tasks/cancel, tasks/list, status notifications, CreateTaskResult). */
export function toStatefulTask(task: McpTaskRecord): Record<string, unknown> {
  return taskFields(task, 'ttl', 'pollInterval');
}

/** The 2026-07-28 extension's `Task` fields (CreateTaskResult is these plus `resultType: "task"`). */
export function toStatelessTask(task: McpTaskRecord): Record<string, unknown> {
  return taskFields(task, 'ttlMs', 'pollIntervalMs');
}

/** The 2026-07-28 `DetailedTask` of `tasks/get`: the task with its result, error or pending input inlined. */
export function toDetailedTask(task: McpTaskRecord): Record<string, unknown> {
  return {
    ...toStatelessTask(task),
    ...(task.status === 'completed' && task.result ? { result: task.result } : {}),
    ...(task.status === 'failed' && task.error ? { error: task.error } : {}),
    ...(task.status === 'input_required' ? { inputRequests: task.inputRequests ?? {} } : {}),
  };
}
