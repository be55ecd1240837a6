import { Inject, Injectable } from '@nestjs/common';
import { McpProtocolError } from '../errors/mcp-protocol.error.js';
import { JsonRpcErrorCode } from '../protocol/json-rpc-error-codes.js';
import type { McpMethodFamily, McpMethodHandler, McpRequestScope } from '../context/mcp-request-scope.js';
import { MCP_RESOLVED_OPTIONS, type ResolvedMcpOptions } from '../mcp-options.resolver.js';
import { TERMINAL_TASK_STATUSES, type McpTaskRecord } from '../stores/mcp-task.js';
import { McpTaskStore } from '../stores/mcp-task.store.js';
import { RELATED_TASK_META, TASKS_EXTENSION } from '../tasks/task-protocol.js';
import { ANONYMOUS_TASK_OWNER, anonymousTaskOwner, resolveTaskOwner } from '../tasks/task-owner.js';
import { nextCursorOf } from './pagination.js';
import { TaskRunner } from '../tasks/task-runner.js';
import { OrphanedTaskReaper } from '../tasks/orphaned-task.reaper.js';
import { toStatefulTask } from '../codecs/task-wire-format.js';

/**
 * `tasks/*`. Stateful wire (2025-11-25): `tasks/get`, `tasks/result` (waits for the end), `tasks/list`,
 * `tasks/cancel`. Stateless wire (tasks extension): `tasks/get` (detailed), `tasks/update`, `tasks/cancel` (ack),
 * each only for requests that declare the extension. A task is visible only to its owner; anyone else gets the
 * same -32602 as for an unknown id. An anonymous caller's task is its own owner: any anonymous caller holding its
 * id reaches it, and no `tasks/list` shows it.
 */
@Injectable()
export class TasksHandler implements McpMethodFamily {
  readonly methods: Record<string, McpMethodHandler> = {
    'tasks/get': async (params, scope) => {
      const task = await this.find(params, scope);
      return scope.codec.taskState(task);
    },
    'tasks/result': async (params, scope) => {
      let task = await this.find(params, scope);
      while (!TERMINAL_TASK_STATUSES.has(task.status)) {
        await this.runner.nextChange(task.taskId, scope.signal);
        scope.signal.throwIfAborted();
        task = await this.find(params, scope);
      }
      return finalResult(task);
    },
    'tasks/list': async (params, scope) => {
      const cursor = typeof params.cursor === 'string' ? params.cursor : undefined;
      const owner = resolveTaskOwner(scope, this.options.tasks);
      // An anonymous caller's tasks are each their own owner: reachable by id, listed for nobody.
      if (owner === ANONYMOUS_TASK_OWNER) return { tasks: [] };
      const page = await this.store.list(owner, cursor, this.options.pageSize);
      const tasks = await this.reaper.reapAll(page.tasks);
      return { tasks: tasks.map(toStatefulTask), ...nextCursorOf(page) };
    },
    'tasks/cancel': async (params, scope) => {
      const task = await this.find(params, scope);
      const cancelled = await this.runner.cancel(task.taskId);
      return scope.codec.cancelResult(task, cancelled);
    },
    'tasks/update': async (params, scope) => {
      const task = await this.find(params, scope);
      const responses = params.inputResponses;
      if (responses && typeof responses === 'object' && !Array.isArray(responses) && !TERMINAL_TASK_STATUSES.has(task.status)) {
        await this.runner.deliverInput(task.taskId, responses as Record<string, unknown>);
      }
      return {};
    },
  };

  constructor(
    private readonly store: McpTaskStore,
    private readonly runner: TaskRunner,
    private readonly reaper: OrphanedTaskReaper,
    @Inject(MCP_RESOLVED_OPTIONS) private readonly options: ResolvedMcpOptions,
  ) {}

  private async find(params: Record<string, unknown>, scope: McpRequestScope): Promise<McpTaskRecord> {
    if (!this.options.tasks.enabled) throw McpProtocolError.methodNotFound('tasks/*');
    if (scope.codec.tasksExtension) assertTasksExtension(scope);
    const taskId = params.taskId;
    if (typeof taskId !== 'string' || taskId === '') {
      throw McpProtocolError.invalidParams('The request needs "taskId" as a string.');
    }
    const owner = resolveTaskOwner(scope, this.options.tasks);
    const task = await this.store.get(taskId, owner === ANONYMOUS_TASK_OWNER ? anonymousTaskOwner(taskId) : owner);
    if (!task) {
      throw McpProtocolError.invalidParams(`Task "${taskId}" not found: it never existed, has expired, or is not yours.`, { taskId });
    }
    // A task still running on an instance that died is failed here, so nobody waits for it until its TTL.
    return this.reaper.reap(task);
  }
}

/** Stateless requests reach `tasks/*` only when they declare the tasks extension. */
export function assertTasksExtension(scope: McpRequestScope): void {
  if (!scope.clientCapabilities.extensions?.[TASKS_EXTENSION]) {
    throw new McpProtocolError(
      JsonRpcErrorCode.MISSING_CLIENT_CAPABILITY,
      `This needs the "${TASKS_EXTENSION}" extension; declare it in the request's client capabilities (extensions).`,
      { requiredCapabilities: { extensions: { [TASKS_EXTENSION]: {} } } },
      'rejected',
    );
  }
}

/** What `tasks/result` answers for a finished task: exactly what the call would have answered, tagged with the task. */
function finalResult(task: McpTaskRecord): Record<string, unknown> {
  if (task.result) {
    return { ...task.result, _meta: { ...(task.result._meta as object | undefined), [RELATED_TASK_META]: { taskId: task.taskId } } };
  }
  if (task.error) throw new McpProtocolError(task.error.code, task.error.message, task.error.data);
  throw McpProtocolError.invalidParams(`Task "${task.taskId}" was cancelled; it has no result.`, { taskId: task.taskId });
}
