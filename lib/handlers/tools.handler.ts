import { Inject, Injectable } from '@nestjs/common';
import type { McpToolDefinition } from '../discovery/mcp-definitions.js';
import { McpRegistry } from '../discovery/mcp.registry.js';
import { HandlerErrorLogger } from '../execution/handler-error.logger.js';
import { McpProtocolError } from '../errors/mcp-protocol.error.js';
import type { McpMethodFamily, McpMethodHandler, McpRequestScope } from '../context/mcp-request-scope.js';
import { MCP_RESOLVED_OPTIONS, type ResolvedMcpOptions } from '../mcp-options.resolver.js';
import { renderErrorText } from '../results/error-description.js';
import { toToolErrorResult, toToolResultForWire } from '../results/tool-result.mapper.js';
import { JsonRpcErrorCode } from '../protocol/json-rpc-error-codes.js';
import { TASKS_EXTENSION } from '../tasks/task-protocol.js';
import { TaskToolInvoker } from '../tasks/task-tool.invoker.js';
import { settleInputRequired } from '../context/input-required.js';
import { assertTasksExtension } from './tasks.handler.js';
import { createMcpContext } from '../context/mcp-context.factory.js';
import type { McpContext } from '../context/mcp-context.js';
import type { JsonObjectFragment } from '../protocol/json-object-fragment.js';
import type { McpCallToolResult } from '../protocol/mcp-types.js';
import { ListPageCache } from './list-page.cache.js';
import { callerListPage } from './caller-lists.js';
import { nextCursorOf } from './pagination.js';
import { createToolVisibility } from './tool-visibility.js';

/** `tools/list` and `tools/call`. */
@Injectable()
export class ToolsHandler implements McpMethodFamily {
  readonly methods: Record<string, McpMethodHandler> = {
    'tools/list': (params, scope) =>
      callerListPage(this.pages, this.registry.revision, this.visibleTools(), params.cursor, scope, this.options),
    'tools/call': async (params, scope, requestId) => {
      const tool = this.findTool(params.name);
      const args = params.arguments ?? {};
      if (typeof args !== 'object' || args === null || Array.isArray(args)) {
        throw McpProtocolError.invalidParams('The tool "arguments" must be an object when present.');
      }
      const violations = tool.validateArguments?.(args as Record<string, unknown>) ?? [];
      if (violations.length > 0) {
        // SEP-1303: arguments that break the input schema are a tool execution error the model can correct.
        const message = `The arguments do not match the input schema of tool "${tool.name}"; fix them and call again.`;
        return { content: [{ type: 'text', text: renderErrorText({ message, violations }) }], isError: true };
      }
      const asTask = this.taskMode(tool, params, scope);
      if (asTask) {
        return this.taskInvoker.invoke(tool, args as Record<string, unknown>, params, scope, requestId, asTask === 'immediate');
      }
      const context = createMcpContext(scope, 'tools/call', requestId, params);
      const run = () => this.invoke(tool, args as Record<string, unknown>, context, scope);
      // Only a stateless round can end with "input required"; other calls skip the wrapper that watches for it.
      return scope.channel?.inputRequiredResult ? settleInputRequired(scope, run) : run();
    },
  };

  private readonly isVisible: (tool: McpToolDefinition) => boolean;
  private readonly errorLog: HandlerErrorLogger;
  private cache: { revision: number; tools: McpToolDefinition[] } | undefined;
  private readonly pages: ListPageCache<McpToolDefinition>;

  constructor(
    private readonly registry: McpRegistry,
    private readonly taskInvoker: TaskToolInvoker,
    @Inject(MCP_RESOLVED_OPTIONS) private readonly options: ResolvedMcpOptions,
  ) {
    this.isVisible = createToolVisibility(options.include, options.exclude);
    this.errorLog = new HandlerErrorLogger(options.toolErrorLogLevel);
    this.pages = new ListPageCache(options.pageSize, (page) => ({
      tools: page.items.map((tool) => publishTool(tool, options.tasks.enabled)),
      ...nextCursorOf(page),
    }));
  }

  /** Runs a tool and maps what it returns, or the error it throws, to a tool result. */
  private async invoke(
    tool: McpToolDefinition,
    args: Record<string, unknown>,
    context: McpContext,
    scope: McpRequestScope,
  ): Promise<McpCallToolResult | JsonObjectFragment> {
    try {
      const mapped = toToolResultForWire(await tool.handler(args, context));
      return mapped instanceof Promise ? await mapped : mapped;
    } catch (error) {
      this.errorLog.log(`Tool "${tool.name}"`, error, scope.signal);
      return toToolErrorResult(error, tool.inputSchema);
    }
  }

  /**
   * Whether a call runs as a task, and when the task starts. Stateful wire: when the client asks (`params.task`);
   * a `forbidden` tool asked for a task, or a `required` one called without, is -32601. Stateless wire: when the
   * request declares the tasks extension and the tool supports tasks; a `required` tool without it is -32021.
   */
  private taskMode(tool: McpToolDefinition, params: Record<string, unknown>, scope: McpRequestScope): 'immediate' | 'manual' | undefined {
    if (!this.options.tasks.enabled) return undefined;
    if (!scope.codec.tasksExtension) {
      const asked = params.task !== undefined && params.task !== null;
      if (asked && tool.taskSupport === 'forbidden') {
        throw new McpProtocolError(JsonRpcErrorCode.METHOD_NOT_FOUND, `Tool "${tool.name}" cannot run as a task; call it without "task".`);
      }
      if (!asked && tool.taskSupport === 'required') {
        throw new McpProtocolError(JsonRpcErrorCode.METHOD_NOT_FOUND, `Tool "${tool.name}" runs only as a task; call it with "task": {}.`);
      }
      return asked ? 'immediate' : undefined;
    }
    if (tool.taskSupport === 'forbidden') return undefined;
    if (!scope.clientCapabilities.extensions?.[TASKS_EXTENSION]) {
      if (tool.taskSupport === 'required') assertTasksExtension(scope);
      return undefined;
    }
    return tool.taskStart;
  }

  /** The tools clients may see and call, in registration order; recomputed only when the registry changes. */
  visibleTools(): McpToolDefinition[] {
    if (this.cache?.revision !== this.registry.revision) {
      this.cache = { revision: this.registry.revision, tools: this.registry.listTools().filter(this.isVisible) };
    }
    return this.cache.tools;
  }

  /** The visible tool with this name, or -32602. */
  findTool(name: unknown): McpToolDefinition {
    if (typeof name !== 'string' || name === '') {
      throw McpProtocolError.invalidParams('tools/call needs the tool "name" as a string.');
    }
    const tool = this.registry.getTool(name);
    if (!tool || !this.isVisible(tool)) {
      throw McpProtocolError.invalidParams(`Unknown tool "${name}". Call tools/list to see the available tools.`, {
        name,
      });
    }
    return tool;
  }
}

/** The wire form of a tool definition. */
function publishTool(tool: McpToolDefinition, tasksEnabled: boolean): Record<string, unknown> {
  return {
    name: tool.name,
    ...(tool.title ? { title: tool.title } : {}),
    description: tool.description,
    inputSchema: tool.inputSchema,
    ...(tool.outputSchema ? { outputSchema: tool.outputSchema } : {}),
    ...(tool.annotations ? { annotations: tool.annotations } : {}),
    ...(tasksEnabled && tool.taskSupport !== 'forbidden' ? { execution: { taskSupport: tool.taskSupport } } : {}),
    ...(tool.meta ? { _meta: tool.meta } : {}),
  };
}
