import { Inject, Injectable } from '@nestjs/common';
import type { McpToolDefinition } from '../discovery/mcp-definitions.js';
import { McpRegistry } from '../discovery/mcp.registry.js';
import { McpProtocolError } from '../errors/mcp-protocol.error.js';
import type { McpMethodFamily, McpMethodHandler } from '../json-rpc/mcp-request-scope.js';
import { MCP_RESOLVED_OPTIONS, type ResolvedMcpOptions } from '../mcp-options.resolver.js';
import { toToolErrorResult, toToolResult } from '../results/tool-result.mapper.js';
import { settleInputRequired } from './input-required.js';
import { createMcpContext } from './mcp-context.factory.js';
import { paginate } from './pagination.js';
import { createToolVisibility } from './tool-visibility.js';

/** `tools/list` and `tools/call`. */
@Injectable()
export class ToolsHandler implements McpMethodFamily {
  readonly methods: Record<string, McpMethodHandler> = {
    'tools/list': async (params) => {
      const page = paginate(this.visibleTools(), params.cursor, this.options.pageSize);
      return { tools: page.items.map(publishTool), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
    },
    'tools/call': async (params, scope, requestId) => {
      const tool = this.findTool(params.name);
      const args = params.arguments ?? {};
      if (typeof args !== 'object' || args === null || Array.isArray(args)) {
        throw McpProtocolError.invalidParams('The tool "arguments" must be an object when present.');
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
    @Inject(MCP_RESOLVED_OPTIONS) private readonly options: ResolvedMcpOptions,
  ) {
    this.isVisible = createToolVisibility(options.include, options.exclude);
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
function publishTool(tool: McpToolDefinition): Record<string, unknown> {
  return {
    name: tool.name,
    ...(tool.title ? { title: tool.title } : {}),
    description: tool.description,
    inputSchema: tool.inputSchema,
    ...(tool.outputSchema ? { outputSchema: tool.outputSchema } : {}),
    ...(tool.annotations ? { annotations: tool.annotations } : {}),
    ...(tool.meta ? { _meta: tool.meta } : {}),
  };
}
