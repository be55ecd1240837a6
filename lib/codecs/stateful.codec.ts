import { McpProtocolError } from '../errors/mcp-protocol.error.js';
import { McpClientError } from '../errors/mcp-client.error.js';
import type { McpTaskRecord } from '../stores/mcp-task.js';
import { httpStatusOfKind, type McpWireCodec } from './mcp-wire.codec.js';
import { toStatefulTask } from './task-wire-format.js';

/** Code of "resource not found" on the 2025 wire. */
const RESOURCE_NOT_FOUND = -32002;

/** Methods only the stateless wire serves. */
const STATELESS_ONLY: ReadonlySet<string> = new Set(['server/discover', 'tasks/update']);

/**
 * The 2025-11-25 family (and the older revisions it negotiates down to): sessions, results as handlers return
 * them, tasks requested per call, resource-not-found -32002, and protocol errors in an HTTP 200 once dispatched.
 */
export const STATEFUL_CODEC: McpWireCodec = {
  wire: 'stateful',
  sessions: true,
  tasksExtension: false,
  toolErrorFailsTask: true,
  resourceNotFoundCode: RESOURCE_NOT_FOUND,
  serves: (method) => !STATELESS_ONLY.has(method),
  stampResult: (_method, result) => result,
  withCacheHints: (result) => result,
  createTaskResult: (task) => ({ task: toStatefulTask(task) }),
  taskState: (task) => toStatefulTask(task),
  cancelResult(task: McpTaskRecord, cancelled: McpTaskRecord | undefined) {
    if (!cancelled) {
      throw McpProtocolError.invalidParams(`Cannot cancel task "${task.taskId}": it is already ${task.status}.`, {
        taskId: task.taskId,
        status: task.status,
      });
    }
    return toStatefulTask(cancelled);
  },
  missingCapability: (capability, call) =>
    new McpClientError(capability, `ctx.${call}() needs the client's "${capability}" capability, and this client did not declare it.`),
  httpStatus: (error, dispatched) => httpStatusOfKind(error.kind, dispatched),
};
