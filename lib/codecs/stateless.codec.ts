import { McpProtocolError } from '../errors/mcp-protocol.error.js';
import { JsonRpcErrorCode } from '../protocol/json-rpc-error-codes.js';
import { REMOVED_STATELESS_METHODS } from '../protocol/stateless-protocol.js';
import { httpStatusOfKind, type McpWireCodec } from './mcp-wire.codec.js';
import { stampStatelessResult } from './result-stamper.js';
import { toDetailedTask, toStatelessTask } from './task-wire-format.js';

/** Methods of the stateful wire the stateless one removed, beyond the lifecycle ones. */
const STATEFUL_ONLY: ReadonlySet<string> = new Set([...REMOVED_STATELESS_METHODS, 'tasks/result', 'tasks/list']);

/**
 * The 2026-07-28 family: self-contained requests, results stamped with `resultType` and cache hints, tasks
 * through the tasks extension, resource-not-found -32602, and an unknown method answered with HTTP 404.
 */
export const STATELESS_CODEC: McpWireCodec = {
  wire: 'stateless',
  sessions: false,
  tasksExtension: true,
  toolErrorFailsTask: false,
  resourceNotFoundCode: JsonRpcErrorCode.INVALID_PARAMS,
  serves: (method) => !STATEFUL_ONLY.has(method),
  stampResult: stampStatelessResult,
  withCacheHints: (result, hints) => ({ ...result, ttlMs: hints.ttlMs, cacheScope: hints.scope }),
  createTaskResult: (task) => ({ resultType: 'task', ...toStatelessTask(task) }),
  taskState: (task) => toDetailedTask(task),
  cancelResult: () => ({}),
  missingCapability: (capability, call) =>
    new McpProtocolError(
      JsonRpcErrorCode.MISSING_CLIENT_CAPABILITY,
      `ctx.${call}() needs the "${capability}" client capability, which the request that created the task did not declare.`,
      { requiredCapabilities: { [capability]: {} } },
    ),
  httpStatus: (error, dispatched) => (error.kind === 'unknown-method' ? 404 : httpStatusOfKind(error.kind, dispatched)),
};
