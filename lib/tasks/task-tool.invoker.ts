import { Inject, Injectable, Logger } from '@nestjs/common';
import type { McpToolDefinition } from '../discovery/mcp-definitions.js';
import { codecOf } from '../codecs/wire-codecs.js';
import { McpProtocolError } from '../errors/mcp-protocol.error.js';
import { HandlerErrorLogger } from '../execution/handler-error.logger.js';
import { settleInputRequired } from '../context/input-required.js';
import { createMcpContext } from '../context/mcp-context.factory.js';
import { JsonRpcErrorCode } from '../protocol/json-rpc-error-codes.js';
import type { McpRequestScope } from '../context/mcp-request-scope.js';
import { MCP_RESOLVED_OPTIONS, type ResolvedMcpOptions } from '../mcp-options.resolver.js';
import { toToolErrorResult, toToolResult } from '../results/tool-result.mapper.js';
import type { McpTaskRecord } from '../stores/mcp-task.js';
import { TaskLaunch } from './task-launch.js';
import { resolveTaskOwner } from './task-owner.js';
import { TaskRunner } from './task-runner.js';
import { TaskSessionOutbox } from './task-session.outbox.js';
import { inBackground } from '../errors/background.js';

type Outcome = { value: unknown } | { error: unknown };

/**
 * Runs a `tools/call` as a task: creates it (at once, or when the handler calls `ctx.startTask()`), answers with the
 * task handle, and settles the task record when the handler finishes in the background. A call whose handler
 * finishes before it ever became a task answers like a normal call.
 */
@Injectable()
export class TaskToolInvoker {
  private readonly logger = new Logger('McpTasks');

  constructor(
    private readonly runner: TaskRunner,
    private readonly outbox: TaskSessionOutbox,
    @Inject(MCP_RESOLVED_OPTIONS) private readonly options: ResolvedMcpOptions,
  ) {
    this.errorLog = new HandlerErrorLogger(options.toolErrorLogLevel);
  }

  private readonly errorLog: HandlerErrorLogger;

  async invoke(
    tool: McpToolDefinition,
    args: Record<string, unknown>,
    params: Record<string, unknown>,
    scope: McpRequestScope,
    requestId: string | number,
    startImmediately: boolean,
  ): Promise<Record<string, unknown>> {
    const requested = (params.task as { ttl?: unknown } | undefined)?.ttl;
    const launch = new TaskLaunch(
      {
        ownerId: resolveTaskOwner(scope, this.options.tasks),
        toolName: tool.name,
        wire: scope.codec.wire,
        sessionId: scope.session?.id,
        requestedTtlMs: typeof requested === 'number' && requested > 0 ? requested : undefined,
      },
      this.runner,
      this.outbox,
      scope.channel,
      scope.signal,
    );
    const taskScope: McpRequestScope = { ...scope, channel: launch.channel, signal: launch.controller.signal };
    const context = createMcpContext(taskScope, 'tools/call', requestId, params, {
      start: () => launch.start(),
      get taskId() {
        return launch.record?.taskId;
      },
    });
    if (startImmediately) await launch.start();
    const outcome: Promise<Outcome> = Promise.resolve()
      .then(() => tool.handler(args, context))
      .then((value) => ({ value }), (error: unknown) => ({ error }));
    await Promise.race([outcome, launch.started]);
    const record = launch.record;
    if (!record) {
      launch.dispose();
      return settleInputRequired(taskScope, () => outcome.then((result) => this.toResult(result, tool)));
    }
    inBackground(
      outcome.then((result) => this.settle(record, result, tool)).finally(() => launch.dispose()),
      this.logger,
      `Settling task "${record.taskId}"`,
    );
    return scope.codec.createTaskResult(record);
  }

  private async toResult(outcome: Outcome, tool: McpToolDefinition): Promise<Record<string, unknown>> {
    if ('value' in outcome) return toToolResult(outcome.value);
    this.errorLog.log(`Tool "${tool.name}" (as a task)`, outcome.error);
    return toToolErrorResult(outcome.error, tool.inputSchema);
  }

  /** Records how the handler ended: a result (completed), or a protocol error (failed). */
  private async settle(record: McpTaskRecord, outcome: Outcome, tool: McpToolDefinition): Promise<void> {
    try {
      if ('error' in outcome && outcome.error instanceof McpProtocolError) {
        await this.runner.update(record.taskId, {
          status: 'failed',
          statusMessage: outcome.error.message,
          error: outcome.error.toJsonRpc(),
          inputRequests: undefined,
        });
        return;
      }
      const result = await this.toResult(outcome, tool);
      // The stateful revision marks a tool error as a failed task; the stateless extension keeps it completed.
      const failed = codecOf(record.wire).toolErrorFailsTask && result.isError === true;
      await this.runner.update(record.taskId, {
        status: failed ? 'failed' : 'completed',
        ...(failed ? { statusMessage: firstText(result) } : {}),
        result,
        inputRequests: undefined,
      });
    } catch (error) {
      this.logger.error(`Task "${record.taskId}" (${record.toolName}) could not be settled: ${String(error)}`);
      await this.runner
        .update(record.taskId, {
          status: 'failed',
          error: { code: JsonRpcErrorCode.INTERNAL_ERROR, message: 'The task failed unexpectedly.' },
        })
        .catch(() => undefined);
    } finally {
      this.runner.release(record.taskId);
    }
  }
}

function firstText(result: Record<string, unknown>): string | undefined {
  const content = result.content as Array<{ type?: string; text?: string }> | undefined;
  return content?.find((block) => block.type === 'text')?.text;
}
