import { Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { McpCompletionOptions } from '../decorators/mcp-completion.decorator.js';
import type { McpPromptOptions } from '../decorators/mcp-prompt.decorator.js';
import type { McpResourceOptions } from '../decorators/mcp-resource.decorator.js';
import type { McpToolOptions } from '../decorators/mcp-tool.decorator.js';
import {
  MCP_COMPLETION_METADATA,
  MCP_PROMPT_METADATA,
  MCP_RESOURCE_METADATA,
  MCP_TOOL_METADATA,
  SWAGGER_API_OPERATION_METADATA,
} from '../mcp.constants.js';

type Method = (...args: unknown[]) => unknown;

/** Reads the package's decorator metadata (and a route's Swagger summary) from a method. */
@Injectable()
export class McpMetadataAccessor {
  constructor(private readonly reflector: Reflector) {}

  getToolOptions(method: Method): McpToolOptions | undefined {
    return this.reflector.get<McpToolOptions | undefined>(MCP_TOOL_METADATA, method);
  }

  getResourceOptions(method: Method): McpResourceOptions | undefined {
    return this.reflector.get<McpResourceOptions | undefined>(MCP_RESOURCE_METADATA, method);
  }

  getPromptOptions(method: Method): McpPromptOptions | undefined {
    return this.reflector.get<McpPromptOptions | undefined>(MCP_PROMPT_METADATA, method);
  }

  /** Every `@McpCompletion()` on a method (it can be stacked). */
  getCompletionOptions(method: Method): readonly McpCompletionOptions[] {
    return this.reflector.get<McpCompletionOptions[] | undefined>(MCP_COMPLETION_METADATA, method) ?? [];
  }

  /** The `summary` (else `description`) of `@nestjs/swagger`'s `@ApiOperation()`, when the route has one. */
  getRouteSummary(method: Method): string | undefined {
    const operation = this.reflector.get<{ summary?: string; description?: string } | undefined>(
      SWAGGER_API_OPERATION_METADATA,
      method,
    );
    return operation?.summary || operation?.description || undefined;
  }
}
