import { Inject, Injectable } from '@nestjs/common';
import type { McpToolDefinition } from '../discovery/mcp-definitions.js';
import { McpRegistry } from '../discovery/mcp.registry.js';
import { McpProtocolError } from '../errors/mcp-protocol.error.js';
import type { McpMethodFamily, McpMethodHandler, McpRequestScope } from '../context/mcp-request-scope.js';
import { MCP_RESOLVED_OPTIONS, type ResolvedMcpOptions } from '../mcp-options.resolver.js';
import { toToolErrorResult, toToolResult } from '../results/tool-result.mapper.js';
import { JsonRpcErrorCode } from '../protocol/json-rpc-error-codes.js';
import { TASKS_EXTENSION } from '../tasks/task-protocol.js';
import { TaskToolInvoker } from '../tasks/task-tool.invoker.js';
import { settleInputRequired } from '../context/input-required.js';
import { assertTasksExtension } from './tasks.handler.js';
import { createMcpContext } from '../context/mcp-context.factory.js';
import { privateListHint, visibleToCaller } from './caller-lists.js';
import { paginate } from './pagination.js';
import { createToolVisibility } from './tool-visibility.js';

/** `tools/list` and `tools/call`. */
@Injectable()
export class ToolsHandler implements McpMethodFamily {
  readonly methods: Record<string, McpMethodHandler> = {
    'tools/list': async (params, scope) => {
      const view = await visibleToCaller(this.visibleTools(), scope, this.options.perCallerLists);
      const page = paginate(view.items, params.cursor, this.options.pageSize);
      const publish = (tool: McpToolDefinition) => publishTool(tool, this.options.tasks.enabled);
      return { tools: page.items.map(publish), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}), ...privateListHint(view, scope) };
    },
    'tools/call': async (params, scope, requestId) => {
      const tool = this.findTool(params.name);
      const args = params.arguments ?? {};
      if (typeof args !== 'object' || args === null || Array.isArray(args)) {
        throw McpProtocolError.invalidParams('The tool "arguments" must be an object when present.');
      }
      const asTask = this.taskMode(tool, params, scope);
      if (asTask) {
        return this.taskInvoker.invoke(tool, args as Record<string, unknown>, params, scope, requestId, asTask === 'immediate');
      }
      const context = createMcpContext(scope, 'tools/call', requestId, params);
      return settleInputRequired(scope, async () => {
        try {
          return await toToolResult(await tool.handler(args as Record<string, unknown>, context));
        } catch (error) {
          return toToolErrorResult(error, tool.inputSchema);
        }
      });
    },
  };

  private readonly isVisible: (tool: McpToolDefinition) => boolean;
  private cache: { revision: number; tools: McpToolDefinition[] } | undefined;

  constructor(
    private readonly registry: McpRegistry,
    private readonly taskInvoker: TaskToolInvoker,
    @Inject(MCP_RESOLVED_OPTIONS) private readonly options: ResolvedMcpOptions,
  ) {
    this.isVisible = createToolVisibility(options.include, options.exclude);
  }

  /**
   * Whether a call runs as a task, and when the task starts. Stateful wire: when the client asks (`params.task`);
   * a `forbidden` tool asked for a task, or a `required` one called without, is -32601. Stateless wire: when the
   * request declares the tasks extension and the tool supports tasks; a `required` tool without it is -32021.
   */
  private taskMode(tool: McpToolDefinition, params: Record<string, unknown>, scope: McpRequestScope): 'immediate' | 'manual' | undefined {
    if (!this.options.tasks.enabled) return undefined;
    if (scope.wire === 'stateful') {
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
